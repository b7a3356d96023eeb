"""Agencies' own export layouts (a social care CSV set, a hospital workbook) and mappings.

Each layout is fed exactly the rows of its agency's exchange extract and writes them the
way that agency's system would; `mapping.yaml` (docs/native-mappings.md) turns them back.
"""

from __future__ import annotations

import csv
import random
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import yaml
from openpyxl import Workbook

from safehub.synth.writers import Row

# 18+1 ethnicity codes as the DfE codes social care systems use, and back.
DFE_ETHNICITY = {
    "W1": "WBRI",
    "W2": "WIRI",
    "W3": "WIRT",
    "W4": "WROM",
    "W9": "WOTH",
    "M1": "MWBC",
    "M2": "MWBA",
    "M3": "MWAS",
    "M9": "MOTH",
    "A1": "AIND",
    "A2": "APKN",
    "A3": "ABAN",
    "A4": "CHNE",
    "A9": "AOTH",
    "B1": "BCRB",
    "B2": "BAFR",
    "B9": "BOTH",
    "O1": "OARB",
    "O9": "OOTH",
}
# NHS ethnic category letters (the data dictionary's 2001 census set) and the 18+1 codes.
NHS_ETHNICITY = {
    "W1": "A",
    "W2": "B",
    "W9": "C",
    "M1": "D",
    "M2": "E",
    "M3": "F",
    "M9": "G",
    "A1": "H",
    "A2": "J",
    "A3": "K",
    "A9": "L",
    "B1": "M",
    "B2": "N",
    "B9": "P",
    "A4": "R",
    "O9": "S",
}
CSC_EPISODES = {
    "safeguarding_referral": "Contact/Referral",
    "child_in_need": "CIN Plan",
    "child_protection_plan": "CP Plan",
    "looked_after": "CLA Episode",
    "placement_move": "Placement Change",
    "missing_episode": "Missing from Care",
    "return_home_interview": "Return Home Interview",
    "disclosure": "Disclosure",
}
CSC_PROVIDERS = {
    "care_home": "Residential Home",
    "home": "Foster Carer",
    "hotel": "Hotel",
    "takeaway": "Takeaway",
    "shop": "Shop",
    "park": "Park",
    "school": "School",
    "taxi_rank": "Taxi Rank",
    "vehicle_stop": "Roadside",
    "other": "Other",
}
CSC_SEX = {"female": "F", "male": "M", "unknown": "U", "other": "I"}
HEALTH_SEX = {"female": "Female", "male": "Male", "unknown": "Not Known", "other": "Indeterminate"}
HEALTH_SERVICES = {  # service code: (event type, sensitivity)
    "ED": ("ae_attendance", "health"),
    "GUM": ("sexual_health_attendance", "sexual_health"),
    "MAT": ("pregnancy", "sexual_health"),
    "CAMHS": ("mental_health_contact", "health"),
    "SMS": ("substance_misuse_contact", "health"),
}
_ROLES = (
    "subject",
    "victim",
    "suspect",
    "witness",
    "missing_person",
    "associate",
    "reporter",
    "driver",
    "passenger",
)
_RELATIONS = ("associate", "sibling", "parent", "partner", "boyfriend")


def _uk_date(iso: str) -> str:
    """`2004-03-07` → `07/03/2004`; partial dates stay as they are (`2004`)."""
    if len(iso) != 10:
        return iso
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _title(code: str) -> str:
    return code.replace("_", " ").title()


def _parts(value: str, count: int) -> list[str]:
    parts = [p for p in value.split(";") if p] if value else []
    if len(parts) > count:
        parts = [*parts[: count - 1], ";".join(parts[count - 1 :])]
    return parts + [""] * (count - len(parts))


class CscNative:
    """A case-management system's CSV export: `SURNAME, Forename`, dd/mm/yyyy, cp1252."""

    FILES = {
        "clients": (
            "Person ID",
            "Name",
            "Alias 1",
            "Alias 2",
            "Alias 3",
            "DOB",
            "Gender",
            "Ethnicity",
            "NHS No",
            "Case Ref",
            "Address",
            "Post Code",
            "Tel 1",
            "Tel 2",
            "Tel 3",
            "Team",
            "Last Updated",
        ),
        "episodes": (
            "Episode ID",
            "Episode Type",
            "Start Date",
            "End Date",
            "Provider ID",
            "Notes",
            "Restricted",
        ),
        "involvements": ("Episode ID", "Person ID", "Role"),
        "providers": (
            "Provider ID",
            "Provider Name",
            "Address",
            "Post Code",
            "Provider Type",
            "Lat",
            "Long",
        ),
        "placements": ("Person ID", "Provider ID", "Type", "Start", "End"),
        "relationships": ("Person ID", "Related Person ID", "Relationship"),
    }

    def __init__(self, folder: Path, seed: str, reference: date) -> None:
        del reference  # CSV files carry no timestamps
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.rng = random.Random(f"{seed}/native")
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        for name, header in self.FILES.items():
            handle = (folder / f"{name}.csv").open("w", encoding="cp1252", newline="")
            self._files[name] = handle
            self._writers[name] = csv.writer(handle)
            self._writers[name].writerow(header)

    def _write(self, name: str, values: list[str]) -> None:
        self._writers[name].writerow(values)

    def row(self, kind: str, row: Row) -> None:
        if kind == "persons":
            self._client(row)
        elif kind == "locations":
            self._write(
                "providers",
                [
                    row["location_id"],
                    row["name"],
                    row["address"],
                    row["postcode"],
                    CSC_PROVIDERS[row["premises_type"]],
                    row["latitude"],
                    row["longitude"],
                ],
            )
        elif kind == "person_locations":
            self._write(
                "placements",
                [
                    row["record_id"],
                    row["location_id"],
                    _title(row["relation"]),
                    _uk_date(row["from"]),
                    _uk_date(row["to"]),
                ],
            )
        elif kind == "person_people":
            self._write(
                "relationships", [row["record_id"], row["other_record_id"], _title(row["relation"])]
            )

    def _client(self, row: Row) -> None:
        ethnicity = (
            DFE_ETHNICITY[row["ethnicity"]]
            if row["ethnicity"]
            else self.rng.choice(("NOBT", "REFU", ""))
        )
        self._write(
            "clients",
            [
                row["record_id"],
                f"{row['family_name']}, {row['given_names']}",
                *_parts(row["other_names"], 3),
                _uk_date(row["date_of_birth"]),
                CSC_SEX[row["sex"]],
                ethnicity,
                row["nhs_number"],
                row["local_id"],
                row["address"],
                row["postcode"],
                *_parts(row["phone"], 3),
                self.rng.choice(("Duty", "Complex Safeguarding", "Children in Care", "CIN 2")),
                _uk_date(row["recorded_at"]),
            ],
        )

    def event(self, row: Row, people: list[Row]) -> None:
        self._write(
            "episodes",
            [
                row["event_id"],
                CSC_EPISODES[row["event_type"]],
                _uk_date(row["occurred_at"]),
                _uk_date(row["ended_at"]),
                row["location_id"],
                row["summary"],
                "Y" if row["sensitivity"] == "restricted" else "N",
            ],
        )
        for link in people:
            self._write("involvements", [link["event_id"], link["record_id"], _title(link["role"])])

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        text = yaml.safe_dump(csc_mapping(), sort_keys=False, allow_unicode=True, width=100)
        (self.folder / "mapping.yaml").write_text(text, encoding="utf-8")


def _csv_source(name: str) -> dict[str, object]:
    return {"source": f"{name}.csv", "encoding": "cp1252", "delimiter": ",", "skip_rows": 0}


_UK_DATES = ["%d/%m/%Y", "%Y-%m", "%Y"]


def csc_mapping() -> dict[str, object]:
    ethnicity: dict[str, str] = {dfe: code for code, dfe in DFE_ETHNICITY.items()}
    ethnicity.update({"NOBT": "", "REFU": ""})
    return {
        "format": "safehub-mapping/1",
        "agency": "csc",
        "source_system": "carefile",
        "files": {
            "persons": {
                **_csv_source("clients"),
                "columns": {
                    "record_id": {"from": "Person ID"},
                    "family_name": {"from": "Name", "split": {"sep": ",", "part": 0}},
                    "given_names": {"from": "Name", "split": {"sep": ",", "part": 1}},
                    "other_names": {"from": ["Alias 1", "Alias 2", "Alias 3"], "join": ";"},
                    "date_of_birth": {"from": "DOB", "date_format": _UK_DATES},
                    "sex": {"from": "Gender", "map": {v: k for k, v in CSC_SEX.items()}},
                    "ethnicity": {"from": "Ethnicity", "map": ethnicity},
                    "nhs_number": {"from": "NHS No"},
                    "local_id": {"from": "Case Ref"},
                    "address": {"from": "Address"},
                    "postcode": {"from": "Post Code"},
                    "phone": {"from": ["Tel 1", "Tel 2", "Tel 3"], "join": ";"},
                    "recorded_at": {"from": "Last Updated", "date_format": "%d/%m/%Y"},
                },
            },
            "locations": {
                **_csv_source("providers"),
                "columns": {
                    "location_id": {"from": "Provider ID"},
                    "name": {"from": "Provider Name"},
                    "address": {"from": "Address"},
                    "postcode": {"from": "Post Code"},
                    "premises_type": {
                        "from": "Provider Type",
                        "map": {v: k for k, v in CSC_PROVIDERS.items()},
                    },
                    "latitude": {"from": "Lat"},
                    "longitude": {"from": "Long"},
                },
            },
            "events": {
                **_csv_source("episodes"),
                "columns": {
                    "event_id": {"from": "Episode ID"},
                    "event_type": {
                        "from": "Episode Type",
                        "map": {v: k for k, v in CSC_EPISODES.items()},
                    },
                    "occurred_at": {"from": "Start Date", "date_format": "%d/%m/%Y"},
                    "ended_at": {"from": "End Date", "date_format": "%d/%m/%Y"},
                    "location_id": {"from": "Provider ID"},
                    "summary": {"from": "Notes"},
                    "sensitivity": {
                        "from": "Restricted",
                        "map": {"Y": "restricted", "N": "general"},
                    },
                },
            },
            "event_people": {
                **_csv_source("involvements"),
                "columns": {
                    "event_id": {"from": "Episode ID"},
                    "record_id": {"from": "Person ID"},
                    "role": {"from": "Role", "map": {_title(r): r for r in _ROLES}},
                },
            },
            "person_locations": {
                **_csv_source("placements"),
                "columns": {
                    "record_id": {"from": "Person ID"},
                    "location_id": {"from": "Provider ID"},
                    "relation": {
                        "from": "Type",
                        "map": {_title(r): r for r in ("home", "placement", "frequents", "school")},
                    },
                    "from": {"from": "Start", "date_format": "%d/%m/%Y"},
                    "to": {"from": "End", "date_format": "%d/%m/%Y"},
                },
            },
            "person_people": {
                **_csv_source("relationships"),
                "columns": {
                    "record_id": {"from": "Person ID"},
                    "other_record_id": {"from": "Related Person ID"},
                    "relation": {"from": "Relationship", "map": {_title(r): r for r in _RELATIONS}},
                },
            },
        },
    }


WORKBOOK = "nvh_extract.xlsx"
_PATIENTS = (
    "Hospital No",
    "Surname",
    "Forename(s)",
    "Other Names",
    "Date of Birth",
    "Sex",
    "Ethnic Category",
    "NHS Number",
    "Address",
    "Postcode",
    "Telephone",
    "Registered GP",
    "Last Activity",
)
_ATTENDANCES = ("Attendance ID", "Hospital No", "Service", "Arrival", "Notes", "Clinician")


def _excel_date(iso: str) -> date | str | None:
    """A full date becomes a real Excel date cell; a partial one stays text."""
    if not iso:
        return None
    return date.fromisoformat(iso) if len(iso) == 10 else iso


def _fix_workbook_times(path: Path, moment: datetime) -> None:
    """openpyxl stamps the save time into the file; restamp it so output is reproducible."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    restamped = path.with_suffix(".tmp")
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(restamped, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():  # one entry at a time: sheets can be large
            payload = source.read(entry)
            if entry.filename == "docProps/core.xml":
                payload = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + stamp.encode(),
                    payload,
                )
            info = zipfile.ZipInfo(entry.filename, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, payload)
    restamped.replace(path)


class HealthNative:
    """A hospital patient-administration export: one workbook, a title above each sheet."""

    def __init__(self, folder: Path, seed: str, reference: date) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.rng = random.Random(f"{seed}/native")
        self.book = Workbook(write_only=True)
        self.patients = self.book.create_sheet("Patients")
        self.attendances = self.book.create_sheet("Attendances")
        for sheet, title, header in (
            (self.patients, "Patient demographics", _PATIENTS),
            (self.attendances, "Attendances", _ATTENDANCES),
        ):
            sheet.append([f"Northvale NHS Foundation Trust - {title} (OFFICIAL-SENSITIVE)"])
            sheet.append([])
            sheet.append(list(header))
        self.services = {v: k for k, v in HEALTH_SERVICES.items()}
        self.saved_at = datetime(reference.year, reference.month, reference.day, 6, 0)

    def row(self, kind: str, row: Row) -> None:
        if kind != "persons":
            return
        ethnicity = (
            NHS_ETHNICITY[row["ethnicity"]] if row["ethnicity"] else self.rng.choice(("Z", None))
        )
        self.patients.append(
            [
                row["record_id"],
                row["family_name"] or None,
                row["given_names"] or None,
                row["other_names"] or None,
                _excel_date(row["date_of_birth"]),
                HEALTH_SEX[row["sex"]],
                ethnicity,
                row["nhs_number"] or None,
                row["address"] or None,
                row["postcode"] or None,
                row["phone"] or None,
                self.rng.choice(
                    (
                        "Dr Patel, Moor Lane Surgery",
                        "Northvale Health Centre",
                        "Brook Lane Medical Practice",
                        None,
                    )
                ),
                _excel_date(row["recorded_at"]),
            ]
        )

    def event(self, row: Row, people: list[Row]) -> None:
        (subject,) = people  # an attendance is one patient's
        self.attendances.append(
            [
                row["event_id"],
                subject["record_id"],
                self.services[(row["event_type"], row["sensitivity"])],
                datetime.fromisoformat(row["occurred_at"]),
                row["summary"] or None,
                self.rng.choice(("Triage nurse", "Registrar", "Clinic nurse", None)),
            ]
        )

    def close(self) -> None:
        self.book.save(self.folder / WORKBOOK)
        _fix_workbook_times(self.folder / WORKBOOK, self.saved_at)
        text = yaml.safe_dump(health_mapping(), sort_keys=False, allow_unicode=True, width=100)
        (self.folder / "mapping.yaml").write_text(text, encoding="utf-8")


def _sheet(name: str) -> dict[str, object]:
    return {"source": WORKBOOK, "sheet": name, "skip_rows": 2}


def health_mapping() -> dict[str, object]:
    ethnicity: dict[str, str] = {letter: code for code, letter in NHS_ETHNICITY.items()}
    ethnicity["Z"] = ""
    return {
        "format": "safehub-mapping/1",
        "agency": "health",
        "source_system": "nvh-pas",
        "files": {
            "persons": {
                **_sheet("Patients"),
                "columns": {
                    "record_id": {"from": "Hospital No"},
                    "family_name": {"from": "Surname"},
                    "given_names": {"from": "Forename(s)"},
                    "other_names": {"from": "Other Names"},
                    "date_of_birth": {"from": "Date of Birth", "date_format": _UK_DATES},
                    "sex": {"from": "Sex", "map": {v: k for k, v in HEALTH_SEX.items()}},
                    "ethnicity": {"from": "Ethnic Category", "map": ethnicity},
                    "nhs_number": {"from": "NHS Number"},
                    "address": {"from": "Address"},
                    "postcode": {"from": "Postcode"},
                    "phone": {"from": "Telephone"},
                    "recorded_at": {"from": "Last Activity", "date_format": "%d/%m/%Y"},
                },
            },
            "events": {
                **_sheet("Attendances"),
                "columns": {
                    "event_id": {"from": "Attendance ID"},
                    "event_type": {
                        "from": "Service",
                        "map": {k: v[0] for k, v in HEALTH_SERVICES.items()},
                    },
                    "occurred_at": {"from": "Arrival", "date_format": "%d/%m/%Y %H:%M"},
                    "summary": {"from": "Notes"},
                    "sensitivity": {
                        "from": "Service",
                        "map": {k: v[1] for k, v in HEALTH_SERVICES.items()},
                    },
                },
            },
            "event_people": {
                **_sheet("Attendances"),
                "columns": {
                    "event_id": {"from": "Attendance ID"},
                    "record_id": {"from": "Hospital No"},
                    "role": {"value": "subject"},
                },
            },
        },
    }
