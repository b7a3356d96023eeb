"""Social care's own export: the case-management system's CSV set, and its mapping.

It is fed exactly the rows of the csc exchange extract and writes them as that system
would (`SURNAME, Forename`, dd/mm/yyyy, DfE codes, cp1252), so the importer's native
mappings (docs/native-mappings.md) are exercised on realistic files.
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path
from typing import IO, Any

from safehub.synth.native_mapping import UK_DATES, write_mapping
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
        write_mapping(self.folder, csc_mapping())


def _csv_source(name: str) -> dict[str, object]:
    return {"source": f"{name}.csv", "encoding": "cp1252", "delimiter": ",", "skip_rows": 0}


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
                    "date_of_birth": {"from": "DOB", "date_format": UK_DATES},
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
