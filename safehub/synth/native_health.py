"""Health's own export: the hospital patient-administration workbook, and its mapping.

It is fed exactly the rows of the health exchange extract and writes them as that system
would (one workbook, a title above each sheet, real date cells, NHS codes), so the
importer's native mappings (docs/native-mappings.md) are exercised on a spreadsheet.
"""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from safehub.synth.native_mapping import UK_DATES, write_mapping
from safehub.synth.writers import Row

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
HEALTH_SEX = {"female": "Female", "male": "Male", "unknown": "Not Known", "other": "Indeterminate"}
HEALTH_SERVICES = {  # service code: (event type, sensitivity)
    "ED": ("ae_attendance", "health"),
    "GUM": ("sexual_health_attendance", "sexual_health"),
    "MAT": ("pregnancy", "sexual_health"),
    "CAMHS": ("mental_health_contact", "health"),
    "SMS": ("substance_misuse_contact", "health"),
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
        write_mapping(self.folder, health_mapping())


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
                    "date_of_birth": {"from": "Date of Birth", "date_format": UK_DATES},
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
