"""Trace search for historic investigations: from half-remembered details to ranked
candidate Persons, each with a score and the reasons (which details matched, and how).

Candidates come from indexed lookups — the search keys a link run keeps per record
(`RecordKey`: name spellings, sounds, nickname groups, birth year, postcode district) and,
for records not yet keyed, the PersonRecord indexes (family name, birth year) — plus the
records at a named school. Each candidate record is scored detail by detail
(trace_scoring.py); a Person scores as its best record.

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
from safehub.linking.pipeline.facade import name_tokens
from safehub.linking.search_keys import query_keys
from safehub.linking.trace_query import TraceQuery
from safehub.linking.trace_scoring import (
    Reason,
    RecordMatch,
    best_possible,
    percent,
    score_records,
)
from safehub.records.models import PersonLocation, PersonRecord
from safehub.records.queries import visible

CANDIDATE_RECORDS = 400
# A candidate held elsewhere counts as a possible match worth asking about from this
# score (% of what the details given could score); at most this many are asked about.
HELD_ELSEWHERE_MIN_SCORE = 60.0
HELD_ELSEWHERE_MOST = 5
DEFAULT_LIMIT = 20


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


def trace_candidates(query: TraceQuery, *, limit: int | None = DEFAULT_LIMIT) -> list[Candidate]:
    """The best-scoring Persons for the details given (no access policy: see module)."""
    query.check()
    at_school = _school_records(query)
    pks = set(_keyed_records(query)) | set(_unkeyed_records(query))
    if not name_tokens(query.name) and not query.district.strip():
        pks |= set(sorted(at_school)[:CANDIDATE_RECORDS])
    records = list(PersonRecord.objects.filter(pk__in=sorted(pks)))
    matches = score_records(query, records, at_school)
    most = best_possible(query)
    grouped: dict[UUID, list[RecordMatch]] = defaultdict(list)
    for match in matches:
        grouped[match.person_id].append(match)
    candidates = []
    for person_id, found in grouped.items():
        found.sort(key=lambda m: (-m.score, m.record_pk))
        best = found[0]
        candidates.append(Candidate(person_id, percent(best.score, most), best, records=found))
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
    if best is None or percent(best.score, seen.best_possible) <= 0:
        return None
    record = seen.records[best.record_pk]
    return TraceResult(
        person_id=candidate.person_id,
        score=percent(best.score, seen.best_possible),
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
    visible.require_data_role(viewer, route="link_trace")
    # Every candidate, cut to `limit` only after the policy: a list cut first would come
    # up short exactly when something was withheld.
    candidates = trace_candidates(query, limit=None)
    ids = [c.person_id for c in candidates]
    seen = _Seen(
        openable=set(
            visible.visible_persons(viewer).filter(pk__in=ids).values_list("pk", flat=True)
        ),
        records={
            r.pk: r for r in PersonRecord.objects.filter(policy.record_q(viewer), person_id__in=ids)
        },
        agency_names=dict(Agency.objects.values_list("pk", "name")),
        best_possible=best_possible(query),
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
