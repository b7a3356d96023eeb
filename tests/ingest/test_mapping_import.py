"""Native mappings end to end: a native folder imported into the hub through its mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safehub.agencies.models import Agency
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.services import extract_import
from safehub.records.models import Extract, PersonRecord

pytestmark = pytest.mark.django_db

CLIENTS = (
    "Client ID,Name,DOB,Gender,NHS No,Alias 1,Alias 2\r\n"
    'C1,"SMITH, Kayleigh",07/03/2004,F,943 476 5919,Kay,Kayla\r\n'
    'C2,"O\u2019BRIEN, Seán",1/12/1999,M,,,\r\n'
)

MAPPING = {
    "format": "safehub-mapping/1",
    "agency": "csc",
    "source_system": "carefirst",
    "files": {
        "persons": {
            "source": "clients.csv",
            "encoding": "cp1252",
            "columns": {
                "record_id": {"from": "Client ID"},
                "family_name": {"from": "Name", "split": {"sep": ",", "part": 0}},
                "given_names": {"from": "Name", "split": {"sep": ",", "part": 1}},
                "date_of_birth": {"from": "DOB", "date_format": "%d/%m/%Y"},
                "sex": {
                    "from": "Gender",
                    "map": {"F": "female", "M": "male"},
                    "default": "unknown",
                },
                "nhs_number": {"from": "NHS No"},
                "other_names": {"from": ["Alias 1", "Alias 2"], "join": ";"},
            },
        }
    },
}


@pytest.fixture
def csc(db: None) -> Agency:
    return Agency.objects.create(code="csc", name="Children's services", type="social_care")


def native_folder(tmp_path: Path, text: str = CLIENTS) -> tuple[Path, Path]:
    """(native folder, mapping file)."""
    folder = tmp_path / "carefirst"
    folder.mkdir(exist_ok=True)
    (folder / "clients.csv").write_bytes(text.encode("cp1252"))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(MAPPING, sort_keys=False), encoding="utf-8")
    return folder, mapping


def test_a_native_folder_is_imported_once(csc: Agency, tmp_path: Path) -> None:
    folder, mapping = native_folder(tmp_path)
    outcome = extract_import(path=folder, mapping=mapping)
    assert outcome.created
    assert outcome.row_counts == {"persons": 2}
    kayleigh = PersonRecord.objects.get(agency=csc, record_id="C1")
    assert (kayleigh.family_name, kayleigh.given_names) == ("SMITH", "Kayleigh")
    assert (kayleigh.date_of_birth, kayleigh.birth_year) == ("2004-03-07", 2004)
    assert (kayleigh.sex, kayleigh.nhs_number) == ("female", "9434765919")
    assert kayleigh.other_names == "Kay;Kayla"
    assert kayleigh.source_line == 2
    assert PersonRecord.objects.get(record_id="C2").given_names == "Seán"
    assert outcome.extract.source_label == "carefirst"
    assert outcome.extract.mapping == str(mapping)

    again = extract_import(path=folder, mapping=mapping)
    assert not again.created
    assert again.extract == outcome.extract
    assert Extract.objects.count() == 1


def test_a_bad_native_date_rejects_the_extract(csc: Agency, tmp_path: Path) -> None:
    folder, mapping = native_folder(tmp_path, CLIENTS + "C3,Jones,31/02/2004,F,,,\r\n")
    with pytest.raises(ExtractRejected) as raised:
        extract_import(path=folder, mapping=mapping)
    assert [str(issue) for issue in raised.value.issues] == [
        "clients.csv, line 4, column 'DOB': '31/02/2004' does not match the date format '%d/%m/%Y'"
    ]
    assert not PersonRecord.objects.exists()
    assert not Extract.objects.exists()


def test_exchange_rules_name_the_native_column(csc: Agency, tmp_path: Path) -> None:
    folder, mapping = native_folder(tmp_path, CLIENTS.replace("943 476 5919", "943 476 5910"))
    with pytest.raises(ExtractRejected) as raised:
        extract_import(path=folder, mapping=mapping)
    issue = raised.value.issues[0]
    assert (issue.file, issue.line, issue.column) == ("clients.csv", 2, "NHS No")
    assert not PersonRecord.objects.exists()
