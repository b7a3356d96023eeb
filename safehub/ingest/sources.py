"""Where an extract's files come from: a folder or a .zip, read safely and as a stream.

Pure Python (no Django). Rows are yielded one at a time with the physical line they
start on, so an error can name it and memory stays flat however large the file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol, Self

from safehub.ingest.exchange.issues import ExtractRejected, Issue

MANIFEST = "manifest.json"
MAX_ZIP_MEMBERS = 64
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 2 * 1024**3


class CsvRows:
    """The data rows of one CSV file as (line number, {column: text}).

    Decoding happens line by line so a byte that is not UTF-8 is reported with its line,
    and the csv module runs strict so an unclosed quote is an error, not a silent merge.
    """

    def __init__(
        self,
        stream: IO[bytes],
        label: str,
        *,
        encoding: str = "utf-8-sig",
        delimiter: str = ",",
        skip_rows: int = 0,
    ) -> None:
        self.label = label
        self.header: list[str] = []
        self._encoding = encoding
        self._stream = stream
        self._physical = 0
        self._record_start = 0
        self.bytes_read = 0
        self._reader = csv.reader(self._lines(), delimiter=delimiter, strict=True)
        self._read_header(skip_rows)

    def column_label(self, column: str) -> str:
        return column

    def _lines(self) -> Iterator[str]:
        first = True
        for raw in self._stream:
            self._physical += 1
            self.bytes_read += len(raw)
            encoding = self._encoding
            if not first and encoding == "utf-8-sig":
                encoding = "utf-8"
            first = False
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError as error:
                raise ExtractRejected(
                    [
                        Issue(
                            self.label,
                            self._physical,
                            None,
                            f"not {self._encoding.replace('-sig', '').upper()} text "
                            f"(byte 0x{raw[error.start]:02x} at character {error.start + 1})",
                        )
                    ]
                ) from None

    def _next(self) -> list[str] | None:
        self._record_start = self._physical + 1
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            message = str(error)
            if "unexpected end of data" in message or "EOF" in message:
                message = "a quoted field is never closed (unclosed quote)"
            raise ExtractRejected(
                [Issue(self.label, self._record_start, None, f"malformed CSV: {message}")]
            ) from None

    def _read_header(self, skip_rows: int) -> None:
        for _ in range(skip_rows):
            self._next()
        header = self._next()
        if header is None:
            raise ExtractRejected([Issue(self.label, 1, None, "the file is empty (no header row)")])
        self.header = [column.strip() for column in header]
        self.header_line = self._record_start

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.header)
        while (row := self._next()) is not None:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if len(row) != width:
                raise ExtractRejected(
                    [
                        Issue(
                            self.label,
                            self._record_start,
                            None,
                            f"malformed CSV: {len(row)} fields where the header has {width}",
                        )
                    ]
                )
            yield self._record_start, dict(zip(self.header, row, strict=True))


class ExtractSource(AbstractContextManager["ExtractSource"]):
    """An exchange-format extract on disk: a folder, or a .zip of one folder."""

    def __init__(self, path: Path, *, limits: Limits | None = None) -> None:
        self.path = path
        self.limits = limits or Limits()
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, zipfile.ZipInfo] = {}
        if not path.exists():
            raise ExtractRejected([Issue(str(path), None, None, "no such file or folder")])
        if path.is_dir():
            self.label = path.name
        elif zipfile.is_zipfile(path):
            self.label = path.name
            self._open_zip()
        else:
            raise ExtractRejected(
                [Issue(str(path), None, None, "not an extract folder or a .zip file")]
            )

    def _open_zip(self) -> None:
        self._check_size(self.path.name, self.path.stat().st_size)
        archive = zipfile.ZipFile(self.path)
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_ZIP_MEMBERS:
            raise ExtractRejected(
                [
                    Issue(
                        self.path.name,
                        None,
                        None,
                        f"more than {MAX_ZIP_MEMBERS} files in the archive",
                    )
                ]
            )
        folders: set[str] = set()
        issues: list[Issue] = []
        for info in infos:
            member = PurePosixPath(info.filename.replace("\\", "/"))
            if member.is_absolute() or ".." in member.parts or ":" in info.filename:
                issues.append(
                    Issue(
                        f"{self.path.name}:{info.filename}",
                        None,
                        None,
                        "the member's path escapes the extract's folder",
                    )
                )
                continue
            if len(member.parts) > 2:
                issues.append(
                    Issue(
                        f"{self.path.name}:{info.filename}",
                        None,
                        None,
                        "nested folders are not part of an extract",
                    )
                )
                continue
            folders.add(member.parts[0] if len(member.parts) == 2 else "")
            if member.name in self._members:
                # Two members of one name: which one is "the" file would be a guess.
                issues.append(
                    Issue(
                        f"{self.path.name}:{info.filename}",
                        None,
                        None,
                        "the archive holds this file twice",
                    )
                )
                continue
            self._members[member.name] = info
        if len(folders) > 1:
            issues.append(
                Issue(self.path.name, None, None, "the archive must hold one extract folder")
            )
        if issues:
            archive.close()
            raise ExtractRejected(issues)
        self._zip = archive

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def _check_size(self, label: str, size: int) -> None:
        if size > self.limits.max_file_bytes:
            raise ExtractRejected(
                [
                    Issue(
                        label,
                        None,
                        None,
                        f"{size:,} bytes is over the limit of {self.limits.max_file_bytes:,} bytes",
                    )
                ]
            )

    def has(self, filename: str) -> bool:
        if self._zip is not None:
            return filename in self._members
        return (self.path / filename).is_file()

    def filenames(self) -> list[str]:
        if self._zip is not None:
            return sorted(self._members)
        return sorted(p.name for p in self.path.iterdir() if p.is_file())

    def open(self, filename: str) -> IO[bytes]:
        if self._zip is not None:
            info = self._members[filename]
            self._check_size(filename, info.file_size)
            return self._zip.open(info)
        path = self.path / filename
        self._check_size(filename, path.stat().st_size)
        return path.open("rb")

    def manifest(self) -> object:
        if not self.has(MANIFEST):
            raise ExtractRejected([Issue(self.label, None, None, "manifest.json is missing")])
        with self.open(MANIFEST) as stream:
            try:
                return json.loads(stream.read().decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise ExtractRejected(
                    [Issue(MANIFEST, None, None, f"not valid JSON: {error}")]
                ) from None

    def size(self, filename: str) -> int:
        if self._zip is not None:
            return self._members[filename].file_size
        return (self.path / filename).stat().st_size

    def unexpected_files(self, expected: set[str]) -> list[str]:
        return [name for name in self.filenames() if name not in expected | {MANIFEST}]

    @contextmanager
    def rows(self, filename: str) -> Iterator[CsvRows]:
        with self.open(filename) as stream:
            yield CsvRows(stream, filename)

    def checksum(self) -> str:
        """SHA-256 over every file's name and bytes, in name order."""
        digest = hashlib.sha256()
        for name in self.filenames():
            digest.update(name.encode() + b"\0")
            with self.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
        return digest.hexdigest()

    def __enter__(self) -> Self:
        return self


class RowSource(Protocol):
    """Rows of one exchange-format file, from a CSV or through a native mapping."""

    label: str
    header: list[str]
    header_line: int
    bytes_read: int

    def column_label(self, column: str) -> str: ...

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]: ...


class ExtractReader(Protocol):
    """What the importer needs of an extract, wherever and however it is laid out."""

    label: str

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def manifest(self) -> object: ...

    def has(self, filename: str) -> bool: ...

    def size(self, filename: str) -> int: ...

    def rows(self, filename: str) -> AbstractContextManager[RowSource]: ...

    def checksum(self) -> str: ...

    def unexpected_files(self, expected: set[str]) -> list[str]: ...
