"""The people list: the persons a viewer may open, searched and sorted by name, and the
summary of each that the list shows (from the records the viewer may see)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat, Lower

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records import search
from safehub.records.models import Person, PersonRecord
from safehub.records.queries.visible import visible_persons


@dataclass(frozen=True)
class PersonSummary:
    person_id: UUID
    name: str  # from the record the list sorts the person by
    date_of_birth: str
    agencies: list[str]  # agencies whose records the viewer can see


def person_page(
    viewer: Viewer, *, query: search.PersonQuery | None = None, route: str = "person_list"
) -> QuerySet[Person]:
    """Persons the viewer may open, sorted by name; with a query, those with a visible
    record that every term of it matches (`safehub.records.search`).

    A search is audited (that it happened and which kinds of terms, not what was typed:
    the audit log holds no copy of personal data)."""
    persons = visible_persons(viewer)
    if query:
        audit.record(
            actor=viewer.user,
            verb=Verb.SEARCH,
            target_type="person",
            detail={"route": route, "fields": query.kinds},
        )
        matches = search.matching(
            PersonRecord.objects.filter(policy.record_q(viewer)), query
        ).values("person_id")
        persons = persons.filter(pk__in=matches)
    return _by_name(viewer, persons)


def case_persons(viewer: Viewer) -> QuerySet[Person]:
    """The people of the viewer's open case teams (all of them visible by definition)."""
    return _by_name(
        viewer, visible_persons(viewer).filter(pk__in=sorted(viewer.case_people, key=str))
    )


def _name_key(prefix: str = "") -> Concat:
    """A record's sort key: family name, then given names, ignoring case; no family name
    sorts after every family name."""
    family, given = f"{prefix}family_name", f"{prefix}given_names"
    return Concat(
        Case(When(**{family: ""}, then=Value("1")), default=Value("0")),
        Lower(family),
        Value("\x1f"),
        Lower(given),
        output_field=CharField(),
    )


def _shown_first(viewer: Viewer, records: QuerySet[PersonRecord]) -> QuerySet[PersonRecord]:
    """The records in the order a list names a person by them: the viewer's own agency's
    first (its spelling is the one they know), then by name."""
    return records.annotate(
        elsewhere=Case(When(agency_id=viewer.agency_id, then=Value(0)), default=Value(1)),
        name_key=_name_key(),
    ).order_by("elsewhere", "name_key", "pk")


def _by_name(viewer: Viewer, persons: QuerySet[Person]) -> QuerySet[Person]:
    """Sorted by the name of the record the list shows (`_shown_first`); people with no
    name the viewer may see come last. One key per person, from one subquery (two,
    family and given names apart, cost a fifth of the page), as an alias: counting the
    pages does not compute it."""
    named = _shown_first(
        viewer,
        PersonRecord.objects.filter(policy.record_q(viewer), person_id=OuterRef("pk")).exclude(
            family_name="", given_names=""
        ),
    )
    return persons.alias(name_key=Subquery(named.values("name_key")[:1])).order_by(  # type: ignore[misc]  # _shown_first annotates it
        F("name_key").asc(nulls_last=True), "pk"
    )


def person_summaries(viewer: Viewer, persons: list[Person]) -> list[PersonSummary]:
    """Names and dates of birth from the records the viewer may see; audited as a view."""
    ids = [p.pk for p in persons]
    by_person: dict[UUID, list[PersonRecord]] = {}
    # In the list's order: the first named one is the name the list sorted the person by.
    records = _shown_first(
        viewer, PersonRecord.objects.filter(policy.record_q(viewer), person_id__in=ids)
    ).select_related("agency")
    for record in records:
        by_person.setdefault(record.person_id, []).append(record)
    if ids:
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="person_list",
            detail={"route": "person_list", "persons": [str(i) for i in ids]},
        )
    summaries = []
    for person_id in ids:
        own = by_person.get(person_id, [])
        name = next(
            (n for r in own if (n := f"{r.given_names} {r.family_name}".strip())),
            "Name not recorded" if own else "Name withheld",
        )
        summaries.append(
            PersonSummary(
                person_id,
                name,
                next((r.date_of_birth for r in own if r.date_of_birth), ""),
                sorted({r.agency.name for r in own}),
            )
        )
    return summaries
