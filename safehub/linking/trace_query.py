"""What a trace search is asked: half-remembered details, checked before any search."""

from __future__ import annotations

from dataclasses import dataclass

from safehub.linking.pipeline.facade import name_tokens

MAX_YEARS = 10


class TraceQueryError(ValueError):
    """The details given are not enough to search on."""


@dataclass(frozen=True)
class TraceQuery:
    name: str = ""  # as remembered: any order, nicknames, misspellings
    birth_year: int | None = None
    years: int = 2  # ± this many years
    district: str = ""  # postcode, district (NV1) or area (NV)
    school: str = ""

    def fields_used(self) -> list[str]:
        used = [
            ("name", bool(name_tokens(self.name))),
            ("birth_year", self.birth_year is not None),
            ("district", bool(self.district.strip())),
            ("school", bool(self.school.strip())),
        ]
        return [name for name, given in used if given]

    def check(self) -> None:
        if not {"name", "district", "school"} & set(self.fields_used()):
            raise TraceQueryError(
                "Give a name, a district or a school: a year of birth "
                "alone matches too many people."
            )
        if not 0 <= self.years <= MAX_YEARS:
            raise TraceQueryError(f"Give a range of 0 to {MAX_YEARS} years.")
