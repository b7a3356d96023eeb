"""The import's parsers and validators under random input (docs/security.md #22): whatever the
bytes, the only failure is a rejection that names what and where."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehub.ingest.exchange.files import FILES, FileSpec, row_rules
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.exchange.manifest import parse_manifest
from safehub.ingest.sources import CsvRows, ExtractSource, Limits


def rejection(action: Callable[[], object]) -> ExtractRejected | None:
    """Run `action`; the rejection it raised, or None. Any other exception fails the test."""
    try:
        action()
    except ExtractRejected as rejected:
        return rejected
    return None


FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_read_as_csv_give_rows_or_a_named_rejection(data: bytes) -> None:
    def read() -> None:
        rows = CsvRows(io.BytesIO(data), "persons.csv")
        for line, row in rows:
            assert line >= 2
            assert set(row) == set(rows.header)

    rejected = rejection(read)
    if rejected is not None:
        assert rejected.issues
        assert all(issue.file == "persons.csv" for issue in rejected.issues)


@FUZZ
@given(spec=st.sampled_from(FILES), values=st.lists(cells, min_size=1, max_size=20))
def test_any_cells_parse_to_clean_values_or_named_problems(
    spec: FileSpec, values: list[str]
) -> None:
    columns = list(spec.parsers)
    row = dict(zip(columns, values, strict=False))
    clean, problems = spec.parse(row)
    assert set(clean) == set(columns)
    for column, message in [*problems, *row_rules(spec, clean)]:
        assert column in columns
        assert message


@FUZZ
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | cells,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(cells, inner, max_size=6),
        max_leaves=12,
    )
)
def test_any_json_manifest_is_accepted_or_rejected_by_name(document: object) -> None:
    rejected = rejection(lambda: parse_manifest(document))
    if rejected is None:
        assert parse_manifest(document).extract_id
    else:
        assert all(issue.file == "manifest.json" for issue in rejected.issues)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@FUZZ
@given(
    members=st.lists(
        st.tuples(st.text(alphabet="abc./\\:_-", min_size=1, max_size=16), st.binary(max_size=200)),
        max_size=6,
    )
)
def test_any_zip_is_opened_safely_or_rejected(tmp_path_factory, members) -> None:
    target = tmp_path_factory.mktemp("zips") / "extract.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)

    def open_all() -> None:
        with ExtractSource(Path(target), limits=Limits(max_file_bytes=10_000)) as source:
            for name in source.filenames():
                assert ".." not in Path(name).parts
                assert not name.startswith("/")
                source.open(name).close()
            rejection(lambda: json.dumps(source.manifest()))

    rejected = rejection(open_all)
    assert rejected is None or rejected.issues
