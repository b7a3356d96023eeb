"""Trace search for historic investigations: from half-remembered details to ranked
candidate Persons, each with a score and the reasons (which details matched, and how).

Candidates come from indexed lookups — the search keys a link run keeps per record
(`RecordKey`: name spellings, sounds, nickname groups, birth year, postcode district) and,
for records not yet keyed, the PersonRecord indexes (family name, birth year) — plus the
records at a named school. Each candidate record is normalised by the pipeline's
`prepare` and scored detail by detail; a Person scores as its best record.

`trace_candidates` ranks without regard to who asks (the operator's command line);
`trace_search` is the web's: through the access policy, and audited — which fields were
used and whom it showed, never what was typed. A person the searcher may open is shown in
full from the records of theirs that matched; one they may not open is not described at
all: a supervisor is told only that a possible match is held elsewhere, with an opaque
token to ask its holders for it (`held_elsewhere_ask`, `held_elsewhere_request`) without
learning which agencies they are; anyone else is told nothing of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

import jellyfish
import pandas as pd
from django.db.models import Count, Q

from safehub.access import policy
from safehub.access.actions import (
    AccessAsk,
    Action,
    PersonTarget,
    can,
    rule_of,
)
from safehub.access.policy import Viewer
from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking.held_elsewhere import held_elsewhere_token
from safehub.linking.models import RecordKey
from safehub.linking.pipeline.features import prepare
from safehub.linking.pipeline.names import name_tokens, nickname_keys, phonetic, spelling
from safehub.linking.pipeline.types import RECORD_COLUMNS
from safehub.linking.search_keys import query_keys
from safehub.records import people
from safehub.records.models import PersonLocation, PersonRecord

CANDIDATE_RECORDS = 400
# A candidate held elsewhere counts as a possible match worth asking about from this
# score (% of what the details given could score); at most this many are asked about.
HELD_ELSEWHERE_MIN_SCORE = 60.0
HELD_ELSEWHERE_MOST = 5
DEFAULT_LIMIT = 20
MAX_YEARS = 10
SCHOOL_POINTS = 2.5
DISTRICT_POINTS = 2.0
YEAR_POINTS = 3.0
YEAR_MISS = -3.0
UNMATCHED_WORD = -1.0
SURNAME_POINTS = 4.0


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


@dataclass
class Candidate:
    person_id: UUID
    score: float  # 0-100: share of the most the given details could score
    best: RecordMatch
    agency_ids: list[int] = field(default_factory=list)
    records: list[RecordMatch] = field(default_factory=list)


# ---------------------------------------------------------------- candidates


def _years(query: TraceQuery) -> list[int]:
    if query.birth_year is None:
        return []
    return list(range(query.birth_year - query.years, query.birth_year + query.years + 1))


def _keyed_records(query: TraceQuery) -> list[int]:
    keys = query_keys(
        names=[query.name] if query.name else [],
        years=_years(query),
        district=query.district.strip(),
    )
    if not keys:
        return []
    hits = (
        RecordKey.objects.filter(key__in=keys)
        .values("record_id")
        .annotate(hits=Count("key"))
        .order_by("-hits", "record_id")[:CANDIDATE_RECORDS]
    )
    return [row["record_id"] for row in hits]


def _unkeyed_records(query: TraceQuery) -> list[int]:
    """Records a link run has not keyed yet, by the PersonRecord indexes: a name word in
    the usual cases, or a birth year."""
    words = name_tokens(query.name)
    variants = sorted({v for w in words for v in (w, w.title(), w.lower())})
    if not variants:
        return []
    found = PersonRecord.objects.filter(key_missing_q()).filter(
        Q(family_name__in=variants) | Q(given_names__in=variants)
    )
    years = _years(query)
    if years:
        found = found.filter(Q(birth_year__in=years) | Q(birth_year__isnull=True))
    return list(found.order_by("pk").values_list("pk", flat=True)[:CANDIDATE_RECORDS])


def key_missing_q() -> Q:
    return ~Q(pk__in=RecordKey.objects.values("record_id"))


def _school_records(query: TraceQuery) -> set[int]:
    school = query.school.strip()
    if not school:
        return set()
    return set(
        PersonLocation.objects.filter(
            relation="school", location__name__icontains=school
        ).values_list("record_id", flat=True)
    )


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


# ---------------------------------------------------------------- scoring


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


def _best_possible(query: TraceQuery) -> float:
    words = len(name_tokens(query.name))
    total = SURNAME_POINTS + 3.0 * max(words - 1, 0) if words else 0.0
    total += YEAR_POINTS if query.birth_year is not None else 0.0
    total += DISTRICT_POINTS if query.district.strip() else 0.0
    total += SCHOOL_POINTS if query.school.strip() else 0.0
    return total or 1.0


def _percent(points: float, best_possible: float) -> float:
    return round(max(0.0, min(100.0, 100.0 * points / best_possible)), 1)


def _score_records(
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


def trace_candidates(query: TraceQuery, *, limit: int | None = DEFAULT_LIMIT) -> list[Candidate]:
    """The best-scoring Persons for the details given (no access policy: see module)."""
    query.check()
    at_school = _school_records(query)
    pks = set(_keyed_records(query)) | set(_unkeyed_records(query))
    if not name_tokens(query.name) and not query.district.strip():
        pks |= set(sorted(at_school)[:CANDIDATE_RECORDS])
    records = list(PersonRecord.objects.filter(pk__in=sorted(pks)))
    matches = _score_records(query, records, at_school)
    best_possible = _best_possible(query)
    grouped: dict[UUID, list[RecordMatch]] = defaultdict(list)
    for match in matches:
        grouped[match.person_id].append(match)
    candidates = []
    for person_id, found in grouped.items():
        found.sort(key=lambda m: (-m.score, m.record_pk))
        best = found[0]
        candidates.append(
            Candidate(person_id, _percent(best.score, best_possible), best, records=found)
        )
    candidates.sort(key=lambda c: (-c.score, str(c.person_id)))
    chosen = [c for c in candidates if c.score > 0][:limit]
    holders = _holders([c.person_id for c in chosen])
    for candidate in chosen:
        candidate.agency_ids = holders.get(candidate.person_id, [])
    return chosen


def _holders(person_ids: Iterable[UUID]) -> dict[UUID, list[int]]:
    held: dict[UUID, set[int]] = defaultdict(set)
    for person_id, agency_id in PersonRecord.objects.filter(
        person_id__in=list(person_ids)
    ).values_list("person_id", "agency_id"):
        held[person_id].add(agency_id)
    return {p: sorted(a) for p, a in held.items()}


# ---------------------------------------------------------------- through the policy


@dataclass(frozen=True)
class TraceResult:
    """A candidate the viewer may open, described from the records of theirs that
    matched: name, date of birth, score, reasons, and which agencies hold records."""

    person_id: UUID
    score: float
    name: str
    date_of_birth: str
    known_to: list[str]
    reasons: list[Reason]


@dataclass
class TraceOutcome:
    """What a trace shows the viewer: the people they may open, ranked; and, only to one
    who may ask the holders, a token for the possible matches held elsewhere — one line,
    with no count, order or score of its own (where a hidden match would rank, or how many
    there are, says something of what other agencies hold)."""

    results: list[TraceResult]
    held_elsewhere: str | None = None


def may_trace_beyond(viewer: Viewer) -> bool:
    """Whether the viewer's role is shown possible matches held elsewhere (the rule's
    roles for asking their holders; everyone else sees only whom they may open)."""
    return bool(viewer.roles & rule_of(Action.TRACE_REQUEST).roles)


@dataclass(frozen=True)
class _Seen:
    """What the viewer may see of the candidates: whom they open, which records."""

    openable: set[UUID]
    records: dict[int, PersonRecord]
    agency_names: dict[int, str]
    best_possible: float


def _in_full(seen: _Seen, candidate: Candidate) -> TraceResult | None:
    """The candidate from the best of its matching records the viewer sees — never from
    a withheld one, whose comparisons would say what another agency holds."""
    if candidate.person_id not in seen.openable:
        return None
    best = next((m for m in candidate.records if m.record_pk in seen.records), None)
    if best is None or _percent(best.score, seen.best_possible) <= 0:
        return None
    record = seen.records[best.record_pk]
    return TraceResult(
        person_id=candidate.person_id,
        score=_percent(best.score, seen.best_possible),
        name=f"{record.given_names} {record.family_name}".strip(),
        date_of_birth=record.date_of_birth,
        known_to=[seen.agency_names[a] for a in candidate.agency_ids],
        reasons=list(best.reasons),
    )


def _held_elsewhere(viewer: Viewer, seen: _Seen, candidates: list[Candidate]) -> list[UUID]:
    """The strongest candidates the viewer may not see in full, if they may ask their
    holders; a weak one is not worth asking another agency about."""
    held = [
        c
        for c in candidates
        if _in_full(seen, c) is None
        and c.score >= HELD_ELSEWHERE_MIN_SCORE
        and can(
            viewer,
            Action.TRACE_REQUEST,
            AccessAsk(PersonTarget(c.person_id, frozenset(c.agency_ids)), None),
        )
    ]
    return [c.person_id for c in held[:HELD_ELSEWHERE_MOST]]


def trace_search(viewer: Viewer, query: TraceQuery, *, limit: int = DEFAULT_LIMIT) -> TraceOutcome:
    """Ranked candidates through the access policy; audited (the fields used and who was
    shown, not what was typed), before anything is returned."""
    people.require_data_role(viewer, route="link_trace")
    # Every candidate, cut to `limit` only after the policy: a list cut first would come
    # up short exactly when something was withheld.
    candidates = trace_candidates(query, limit=None)
    ids = [c.person_id for c in candidates]
    seen = _Seen(
        openable=set(
            people.visible_persons(viewer).filter(pk__in=ids).values_list("pk", flat=True)
        ),
        records={
            r.pk: r for r in PersonRecord.objects.filter(policy.record_q(viewer), person_id__in=ids)
        },
        agency_names=dict(Agency.objects.values_list("pk", "name")),
        best_possible=_best_possible(query),
    )
    shown = sorted(
        (r for r in (_in_full(seen, c) for c in candidates) if r is not None),
        key=lambda r: (-r.score, str(r.person_id)),
    )[:limit]
    held = _held_elsewhere(viewer, seen, candidates)
    audit.record(
        actor=viewer.user,
        verb=Verb.SEARCH,
        target_type="trace",
        detail={
            "route": "link_trace",
            "fields": query.fields_used(),
            "results": len(shown),
            "persons": [str(r.person_id) for r in shown],
            "held_elsewhere": [str(p) for p in held],
        },
    )
    return TraceOutcome(shown, held_elsewhere_token(viewer.user_id, held) if held else None)


def trace_operator(query: TraceQuery, *, limit: int = DEFAULT_LIMIT) -> list[Candidate]:
    """The command line's trace: every candidate in full, audited with the operator's
    name (the fields used, not what was typed)."""
    candidates = trace_candidates(query, limit=limit)
    audit.record(
        actor=None,
        username=audit.operator_name(),
        verb=Verb.SEARCH,
        target_type="trace",
        detail={
            "route": "cli_trace",
            "fields": query.fields_used(),
            "results": len(candidates),
            "persons": [str(c.person_id) for c in candidates],
        },
    )
    return candidates
