"""How one record answers a trace: each detail given scored against the record's own,
normalised as the link model normalises names, with the reason in words ("nickname of
the first name", "within 1 year"). No access policy here: trace.py applies it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import jellyfish
import pandas as pd

from safehub.agencies.models import Agency
from safehub.linking.pipeline.facade import (
    RECORD_COLUMNS,
    name_tokens,
    nickname_keys,
    phonetic,
    prepare,
    spelling,
)
from safehub.linking.trace_query import TraceQuery
from safehub.records.models import PersonRecord

SCHOOL_POINTS = 2.5
DISTRICT_POINTS = 2.0
YEAR_POINTS = 3.0
YEAR_MISS = -3.0
UNMATCHED_WORD = -1.0
SURNAME_POINTS = 4.0


@dataclass(frozen=True)
class Reason:
    """Which detail matched and how; `shown` holds the record's value, and is left out
    wherever the viewer may not see the record."""

    detail: str  # "name", "year of birth", "district", "school"
    how: str  # "nickname", "sounds like", "exact", "within 1 year"…
    points: float
    shown: str = ""


@dataclass
class RecordMatch:
    record_pk: int
    person_id: UUID
    agency_id: int
    score: float
    reasons: list[Reason]


def _frame(records: list[PersonRecord]) -> pd.DataFrame:
    codes = dict(Agency.objects.values_list("pk", "code"))
    rows = [
        {
            "unique_id": r.pk,
            "agency": codes[r.agency_id],
            **{c: str(getattr(r, c) or "") for c in RECORD_COLUMNS[2:]},
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _name_reasons(words: list[str], row: dict[str, object]) -> list[Reason]:
    """Each remembered word against the record's names, best reading first."""
    reasons: list[Reason] = []
    surname = row["surname_rep"] or ""
    first = row["first_rep"] or ""
    first_keys = set(_strings(row["first_keys"]))
    all_names = set(_strings(row["names_all"]))
    used: set[str] = set()
    for raw in words:
        word = spelling(raw)
        sound = phonetic(word)
        reason = _word_reason(
            raw,
            word,
            sound,
            surname=str(surname),
            first=str(first),
            first_keys=first_keys,
            all_names=all_names,
            used=used,
            row=row,
        )
        reasons.append(
            reason or Reason("name", "a word of the name matched none of theirs", UNMATCHED_WORD)
        )
    return reasons


def _word_reason(
    raw: str,
    word: str,
    sound: str,
    *,
    surname: str,
    first: str,
    first_keys: set[str],
    all_names: set[str],
    used: set[str],
    row: dict[str, object],
) -> Reason | None:
    family_shown, given_shown = str(row["family_name"]), str(row["given_names"])
    checks = (
        (
            "surname",
            surname and word == surname,
            "surname" if raw == row["surname"] else "surname, another spelling",
            SURNAME_POINTS,
            family_shown,
        ),
        (
            "first",
            first and word == first,
            "first name" if raw == row["first_name"] else "first name, another spelling",
            3.0,
            given_shown,
        ),
        (
            "first",
            bool(first_keys & set(nickname_keys(word))),
            "nickname of the first name",
            2.5,
            given_shown,
        ),
        (
            "other",
            word in all_names,
            "among the other names (alias, previous name)",
            2.5,
            str(row["other_names"]) or given_shown,
        ),
        (
            "surname",
            sound and sound == row["surname_meta"],
            "surname sounds the same",
            2.5,
            family_shown,
        ),
        (
            "first",
            sound and sound == row["first_meta"],
            "first name sounds the same",
            1.5,
            given_shown,
        ),
        (
            "surname",
            surname and jellyfish.jaro_winkler_similarity(word, surname) >= 0.88,
            "surname spelt similarly",
            1.5,
            family_shown,
        ),
        (
            "first",
            first and jellyfish.jaro_winkler_similarity(word, first) >= 0.88,
            "first name spelt similarly",
            1.0,
            given_shown,
        ),
    )
    for part, matched, how, points, shown in checks:
        if matched and part not in used:
            used.add(part)
            return Reason("name", how, points, shown)
    return None


def _year_reason(query: TraceQuery, row: dict[str, object]) -> Reason | None:
    if query.birth_year is None:
        return None
    year = row["dob_year"]
    if year is None or pd.isna(year):
        return Reason("year of birth", "not recorded", 0.0)
    gap = abs(int(str(year)) - query.birth_year)
    shown = str(row["date_of_birth"])
    if gap == 0:
        return Reason("year of birth", "same year", YEAR_POINTS, shown)
    if gap <= query.years:
        return Reason(
            "year of birth",
            f"within {gap} year{'s' if gap > 1 else ''}",
            YEAR_POINTS - gap * (YEAR_POINTS - 1) / max(query.years, 1),
            shown,
        )
    return Reason("year of birth", f"{gap} years away", YEAR_MISS, shown)


def _district_reason(query: TraceQuery, row: dict[str, object]) -> Reason | None:
    wanted = "".join(query.district.upper().split())
    if not wanted:
        return None
    postcode = str(row["postcode"] or "")
    if postcode and postcode.startswith(wanted):
        return Reason(
            "district", f"postcode in {wanted}", DISTRICT_POINTS, str(row["postcode_shown"])
        )
    return Reason("district", "elsewhere or not recorded (people move)", 0.0)


def best_possible(query: TraceQuery) -> float:
    words = len(name_tokens(query.name))
    total = SURNAME_POINTS + 3.0 * max(words - 1, 0) if words else 0.0
    total += YEAR_POINTS if query.birth_year is not None else 0.0
    total += DISTRICT_POINTS if query.district.strip() else 0.0
    total += SCHOOL_POINTS if query.school.strip() else 0.0
    return total or 1.0


def percent(points: float, best_possible: float) -> float:
    return round(max(0.0, min(100.0, 100.0 * points / best_possible)), 1)


def score_records(
    query: TraceQuery, records: list[PersonRecord], at_school: set[int]
) -> list[RecordMatch]:
    if not records:
        return []
    raw = _frame(records)
    features = prepare(raw)
    features["family_name"] = raw["family_name"].to_numpy()
    features["given_names"] = raw["given_names"].to_numpy()
    features["other_names"] = raw["other_names"].to_numpy()
    features["date_of_birth"] = raw["date_of_birth"].to_numpy()
    features["postcode_shown"] = raw["postcode"].to_numpy()
    words = name_tokens(query.name)
    by_pk = {r.pk: r for r in records}
    matches = []
    for row in features.to_dict("records"):
        record = by_pk[int(row["unique_id"])]
        reasons = _name_reasons(words, row)
        reasons += [r for r in (_year_reason(query, row), _district_reason(query, row)) if r]
        if query.school.strip():
            reasons.append(
                Reason("school", "at the school named", SCHOOL_POINTS)
                if record.pk in at_school
                else Reason("school", "not recorded at that school", 0.0)
            )
        matches.append(
            RecordMatch(
                record.pk,
                record.person_id,
                record.agency_id,
                sum(r.points for r in reasons),
                reasons,
            )
        )
    return matches
