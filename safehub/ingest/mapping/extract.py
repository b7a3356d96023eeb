"""A folder of native files (or one native file) read as an extract, through its mapping.

The importer sees what an exchange-format extract would give it: a manifest, the
exchange files by name, a checksum; problems are named in the mapping or native files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Self

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, WorksheetNotFound

from safehub.ingest.exchange.issues import ExtractRejected, Issue
from safehub.ingest.exchange.manifest import FORMAT
from safehub.ingest.mapping.definition import FileMapping, NativeMapping
from safehub.ingest.mapping.loading import load_mapping
from safehub.ingest.mapping.mapped_rows import MappedRows
from safehub.ingest.mapping.sheets import SheetRows
from safehub.ingest.mapping.yaml_report import MappingError
from safehub.ingest.sources import CHUNK, CsvRows, Limits

MAX_STEM = 80  # keeps a default extract_id well under the manifest's 200 characters


def _single_file(mapping: NativeMapping, path: Path) -> dict[str, Path]:
    """The one native file a mapping reads, given directly (its name may differ)."""
    sources = mapping.sources
    if len(sources) != 1:
        raise ExtractRejected(
            [
                Issue(
                    path.name,
                    None,
                    None,
                    (
                        f"{mapping.filename} reads {len(sources)} native files "
                        f"({', '.join(sources)}): "
                        "give the folder that holds them"
                    ),
                )
            ]
        )
    suffix = PurePosixPath(sources[0]).suffix.lower()
    if path.suffix.lower() != suffix:
        raise ExtractRejected(
            [
                Issue(
                    path.name,
                    None,
                    None,
                    (
                        f"{mapping.filename} reads {sources[0]!r}, a {suffix} file, "
                        f"and this is not one"
                    ),
                )
            ]
        )
    return {sources[0]: path}


def _missing_natives(mapping: NativeMapping, natives: dict[str, Path], folder: Path) -> list[Issue]:
    return [
        Issue(
            mapping.filename,
            file.source_line,
            None,
            f"files.{file.name}.source: there is no {file.source!r} in {folder}",
        )
        for file in mapping.files.values()
        if not natives[file.source].is_file()
    ]


def _oversized_natives(natives: dict[str, Path], limits: Limits) -> list[Issue]:
    return [
        Issue(
            source,
            None,
            None,
            f"{native.stat().st_size:,} bytes is over the limit of {limits.max_file_bytes:,} bytes",
        )
        for source, native in natives.items()
        if native.stat().st_size > limits.max_file_bytes
    ]


def _locate(mapping: NativeMapping, path: Path, limits: Limits) -> dict[str, Path]:
    """Native source name (as the mapping writes it) → the file on disk."""
    if not path.exists():
        raise ExtractRejected([Issue(str(path), None, None, "no such file or folder")])
    if path.is_dir():
        natives = {source: path / source for source in mapping.sources}
    else:
        natives = _single_file(mapping, path)
    missing = _missing_natives(mapping, natives, path)
    if missing:
        # Placed in the mapping: it names the file, so that is where to look first.
        raise MappingError(missing)
    oversized = _oversized_natives(natives, limits)
    if oversized:
        raise ExtractRejected(oversized)
    return natives


def _iso_instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.isoformat()  # the manifest reads a naive time as UK local time
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class MappedExtract:
    """A folder of native files (or one native file) read as an extract (an ExtractReader).

    The default extract_id is derived from the native files' bytes, so importing the
    same files twice is a no-op, as it is for an exchange-format extract.
    """

    def __init__(
        self,
        mapping: Path,
        path: Path,
        *,
        extract_id: str | None = None,
        extracted_at: datetime | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.mapping = load_mapping(mapping)
        self.path = path
        self.label = path.name
        self._extract_id = extract_id
        self._extracted_at = extracted_at
        self._natives = _locate(self.mapping, path, limits or Limits())
        self._files = {file.filename: file for file in self.mapping.files.values()}
        self._digest: str | None = None
        self._workbooks: dict[Path, CalamineWorkbook] = {}
        self._sheets: dict[tuple[Path, str | None], CalamineSheet] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        for workbook in self._workbooks.values():
            workbook.close()
        self._workbooks.clear()
        self._sheets.clear()

    # -- the manifest an exchange-format extract would carry

    def manifest(self) -> object:
        return {
            "format": FORMAT,
            "agency": self.mapping.agency,
            "source_system": self.mapping.source_system,
            "extract_id": self._extract_id or self._default_extract_id(),
            "extracted_at": _iso_instant(self._extracted_at or self._newest_change()),
            "replaces": None,
        }

    def _default_extract_id(self) -> str:
        stem = self.path.name if self.path.is_dir() else self.path.stem
        return f"{self.mapping.agency}-{stem[:MAX_STEM]}-{self.checksum()[:12]}"

    def _newest_change(self) -> datetime:
        newest = max(native.stat().st_mtime for native in self._natives.values())
        return datetime.fromtimestamp(int(newest), UTC)

    def checksum(self) -> str:
        """SHA-256 over the native files' names, sizes and bytes, in name order."""
        if self._digest is None:
            digest = hashlib.sha256()
            for source, native in sorted(self._natives.items()):
                digest.update(f"{source}\0{native.stat().st_size}\0".encode())
                with native.open("rb") as stream:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
            self._digest = digest.hexdigest()
        return self._digest

    # -- the exchange files the mapping makes

    def has(self, filename: str) -> bool:
        return filename in self._files

    def size(self, filename: str) -> int:
        return self._natives[self._files[filename].source].stat().st_size

    def unexpected_files(self, expected: set[str]) -> list[str]:
        return []  # a native folder may hold anything; the mapping says what is read

    def _native_label(self, file: FileMapping) -> str:
        return file.source if self.path.is_dir() else self.path.name

    @contextmanager
    def rows(self, filename: str) -> Iterator[MappedRows]:
        file = self._files[filename]
        native = self._natives[file.source]
        if file.is_excel:
            sheet = self._sheet(file)
            yield MappedRows(
                SheetRows(
                    sheet,
                    f"{self._native_label(file)}[{sheet.name}]",
                    size=native.stat().st_size,
                    skip_rows=file.options.skip_rows,
                ),
                file,
            )
            return
        with native.open("rb") as stream:
            table = CsvRows(
                stream,
                self._native_label(file),
                encoding=file.options.encoding,
                delimiter=file.options.delimiter,
                skip_rows=file.options.skip_rows,
            )
            yield MappedRows(table, file)

    def _sheet(self, file: FileMapping) -> CalamineSheet:
        """The sheet, parsed once: the importer reads every file twice (headers, rows)."""
        native, name = self._natives[file.source], file.options.sheet
        if (native, name) not in self._sheets:
            workbook = self._workbook(native, self._native_label(file))
            try:
                sheet = (
                    workbook.get_sheet_by_name(name)
                    if name is not None
                    else workbook.get_sheet_by_index(0)
                )
            except WorksheetNotFound:
                raise ExtractRejected(
                    [
                        Issue(
                            self._native_label(file),
                            None,
                            None,
                            (f"no sheet {name!r} (sheets: {', '.join(workbook.sheet_names)})"),
                        )
                    ]
                ) from None
            self._sheets[native, name] = sheet
        return self._sheets[native, name]

    def _workbook(self, native: Path, label: str) -> CalamineWorkbook:
        if native not in self._workbooks:
            try:
                self._workbooks[native] = CalamineWorkbook.from_path(native)
            except CalamineError as error:
                raise ExtractRejected(
                    [Issue(label, None, None, f"cannot be read as an Excel workbook: {error}")]
                ) from None
        return self._workbooks[native]
