"""What each agency knows about a survivor, for her pre-contact review (issue 13): per
agency, its records and latest events as the access policy lets the viewer see them, and
what it holds that the viewer may not see as "held by <agency>" only — never the service
or the kind of a withheld fact, never a count of records, and a count of withheld events
of general sensitivity banded under 5 (docs/security.md #30). Then the risks and needs
the visible data supports: whether she lives with or near a suspect of the operation (by
addresses the viewer sees on both sides, of suspects the viewer may open), her children,
and the health, housing and past-harm events on record. Audited before it is returned,
with everyone whose records it consulted."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from django.http import Http404
from django.utils import timezone

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.queries.people import audit_people, names_of
from safehub.network.queries.shapes import count_words
from safehub.operations.models import Operation
from safehub.records.models import Event, Location, Person, PersonLocation, PersonRecord
from safehub.records.queries.addresses import ADDRESS_RELATIONS, Addresses, addresses_from
from safehub.records.queries.associations import Association, associations_of
from safehub.records.queries.events import EventView, visible_event_links, visible_events
from safehub.records.queries.profile import LinkView
from safehub.records.queries.sources import SourceBook
from safehub.records.queries.visible import contact_allowed, person_for, visible_records

ROUTE = "survivor_knowledge"
EVENTS_SHOWN = 5  # each agency's latest events on the review; the rest on her chronology
GENERAL = "general"  # the one sensitivity whose withheld events may be counted
SAME_ADDRESS, SAME_POSTCODE, SAME_DISTRICT = "same_address", "same_postcode", "same_district"
NEARNESS_WORDS = {
    SAME_ADDRESS: "Lives at the same address as",
    SAME_POSTCODE: "Lives in the same postcode as",
    SAME_DISTRICT: "Lives in the same postcode district as",
}
# The needs the issue asks the review to consider, by the kinds of event that bear on them.
NEEDS = (
    (
        "Health",
        frozenset(
            {
                "ae_attendance",
                "mental_health_contact",
                "substance_misuse_contact",
                "pregnancy",
                "sexual_health_attendance",
            }
        ),
    ),
    (
        "Housing and care",
        frozenset({"looked_after", "placement_move", "child_protection_plan", "child_in_need"}),
    ),
    ("Past harm", frozenset({"crime", "disclosure"})),
)


@dataclass(frozen=True)
class RecordLine:
    record_id: str
    name: str  # as the agency recorded it
    other_names: str
    date_of_birth: str
    address: str | None  # None: withheld (protected details); "": none recorded


@dataclass
class AgencyKnowledge:
    agency: str  # the agency's code
    agency_name: str
    records: list[RecordLine] = field(default_factory=list)
    addresses: Addresses = field(default_factory=Addresses)
    events: list[EventView] = field(default_factory=list)  # the latest, newest first
    more_events: int = 0  # events the viewer sees that are not listed here
    held: bool = False  # the agency holds something of hers the viewer may not see
    held_events: int = 0  # withheld events of general sensitivity (sensitive ones: never)

    @property
    def held_events_words(self) -> str:
        return count_words(self.held_events)

    @property
    def sees_anything(self) -> bool:
        return bool(self.records or self.events or self.addresses.current)


@dataclass(frozen=True)
class NearSuspect:
    person_id: UUID
    name: str
    nearness: str  # SAME_ADDRESS, SAME_POSTCODE or SAME_DISTRICT
    her_address: str
    his_address: str

    @property
    def words(self) -> str:
        return NEARNESS_WORDS[self.nearness]


@dataclass(frozen=True)
class Need:
    topic: str
    kinds: tuple[str, ...]  # the kinds of event seen, in words
    agency_names: tuple[str, ...]


@dataclass
class Knowledge:
    person_id: UUID
    agencies: list[AgencyKnowledge] = field(default_factory=list)
    near_suspects: list[NearSuspect] = field(default_factory=list)
    her_address_seen: bool = False  # the viewer sees where she lives now
    suspects_compared: int = 0  # suspects the viewer may open and sees where they live
    children: list[Association] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)


def what_agencies_know(viewer: Viewer, operation: Operation, person_id: UUID) -> Knowledge:
    """What each agency knows about a survivor of `operation` (as `operation_of_member`
    returned it), as `viewer` may see it; anyone who is not a survivor of it, or a viewer
    not on its team, gets the audited 404 of a missing one."""
    _require_survivor(viewer, operation, person_id)
    person = person_for(viewer, person_id, route=ROUTE)
    book = SourceBook()
    records = visible_records(viewer, person)
    book.learn(records)
    events = visible_events(
        viewer,
        person,
        record_ids={r.pk: r.record_id for r in records},
        book=book,
        contact_allowed=lambda agency_id: contact_allowed(viewer, person, agency_id),
    )
    seen = _Seen(person, records, _address_links(viewer, person, records, book))
    knowledge = Knowledge(person.pk)
    knowledge.agencies = _by_agency(viewer, seen, events, book)
    knowledge.children = [
        a
        for a in associations_of(viewer, person, visible_pks={r.pk for r in records}, book=book)
        if "child" in a.relations
    ]
    knowledge.needs = _needs(events)
    compared = _suspects_near(viewer, operation, _current_places(viewer, seen), book, knowledge)
    named_children = [str(c.person_id) for c in knowledge.children if c.person_id]
    audit_people(
        viewer,
        target_type="operation",
        target_id=str(operation.pk),
        route=ROUTE,
        people=[str(person.pk), *(str(p) for p in compared), *named_children],
        detail={"near_suspects": len(knowledge.near_suspects)},
    )
    return knowledge


def _require_survivor(viewer: Viewer, operation: Operation, person_id: UUID) -> None:
    member = operation.case.members.filter(pk=viewer.user_id).exists()
    survivor = operation.statuses.filter(person_id=person_id, role="victim").exists()
    if viewer.sees_personal_data and member and survivor:
        return
    audit.record(
        actor=viewer.user,
        verb=Verb.REFUSED,
        target_type="operation",
        target_id=str(operation.pk),
        detail={"route": ROUTE},
    )
    raise Http404("Not found")


# ---------------------------------------------------------------- each agency


@dataclass(frozen=True)
class _Seen:
    """One person's records and address links, as the viewer sees them."""

    person: Person
    records: list[PersonRecord]
    homes: dict[int, list[tuple[LinkView, Location]]]  # by the agency that recorded them


def _by_agency(
    viewer: Viewer, seen: _Seen, events: list[EventView], book: SourceBook
) -> list[AgencyKnowledge]:
    person = seen.person
    agencies = book.agencies
    cards: dict[int, AgencyKnowledge] = {}

    def card(agency_id: int) -> AgencyKnowledge:
        if agency_id not in cards:
            a = agencies[agency_id]
            cards[agency_id] = AgencyKnowledge(a.code, a.name)
        return cards[agency_id]

    for r in seen.records:
        card(r.agency_id).records.append(_record_line(viewer, person, r))
    by_code = {a.code: pk for pk, a in agencies.items()}
    shown: dict[int, list[EventView]] = defaultdict(list)
    for e in events:  # newest first
        shown[by_code[e.source.agency]].append(e)
    for agency_id, theirs in shown.items():
        card(agency_id).events = theirs[:EVENTS_SHOWN]
        card(agency_id).more_events = max(len(theirs) - EVENTS_SHOWN, 0)
    today = timezone.localdate()
    for agency_id, links in seen.homes.items():
        card(agency_id).addresses = addresses_from([link for link, _ in links], today)
    _withheld(viewer, person, {r.pk for r in seen.records}, card)
    return sorted(cards.values(), key=lambda c: c.agency_name)


def _record_line(viewer: Viewer, person: Person, r: PersonRecord) -> RecordLine:
    address = None
    if contact_allowed(viewer, person, r.agency_id):
        address = " ".join(x for x in (r.address, r.postcode) if x)
    return RecordLine(
        r.record_id,
        f"{r.given_names} {r.family_name}".strip(),
        "; ".join(n.strip() for n in r.other_names.split(";") if n.strip()),
        r.date_of_birth,
        address,
    )


def _withheld(
    viewer: Viewer,
    person: Person,
    visible_pks: set[int],
    card: Callable[[int], AgencyKnowledge],
) -> None:
    """Mark the agencies holding a record or an event of hers the viewer may not see, and
    count each one's withheld events of general sensitivity: a count of sensitive ones
    would tell that a clinic, say, holds something (docs/security.md #30)."""
    for agency_id in set(
        PersonRecord.objects.filter(person=person)
        .exclude(pk__in=visible_pks)
        .values_list("agency_id", flat=True)
    ):
        card(agency_id).held = True
    shown = visible_event_links(viewer, person).values("event_id")
    hidden = (
        Event.objects.filter(people__record__person=person)
        .exclude(pk__in=shown)
        .values_list("pk", "agency_id", "sensitivity")
        .distinct()
    )
    for _, agency_id, sensitivity in set(hidden):
        held = card(agency_id)
        held.held = True
        held.held_events += sensitivity == GENERAL


# ---------------------------------------------------------------- addresses


def _address_links(
    viewer: Viewer, person: Person, records: list[PersonRecord], book: SourceBook
) -> dict[int, list[tuple[LinkView, Location]]]:
    """The homes and placements on the person's visible records whose contact details
    the viewer may see, by the agency that recorded them."""
    links = list(
        PersonLocation.objects.filter(
            record__pk__in=[r.pk for r in records], relation__in=ADDRESS_RELATIONS
        )
        .select_related("location")
        .order_by("pk")
    )
    book.learn(links)
    found: dict[int, list[tuple[LinkView, Location]]] = defaultdict(list)
    for pl in links:
        if not contact_allowed(viewer, person, pl.agency_id):
            continue
        place = pl.location
        label = " · ".join(x for x in (place.name or place.address, place.postcode) if x)
        view = LinkView(pl.relation, label, pl.valid_from, pl.valid_to, book.source(pl))
        found[pl.agency_id].append((view, place))
    return found


@dataclass(frozen=True)
class _Place:
    label: str
    key: str  # the address in capitals, without punctuation; "" when not recorded
    postcode: str  # in capitals, without spaces
    location: int | None = None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", text.upper()).split())


def _district(postcode: str) -> str:
    """The outward code (NV1 of NV1 2AB); a partial postcode is its own district."""
    return postcode[:-3] if len(postcode) >= 5 else postcode


def _nearness(a: _Place, b: _Place) -> str | None:
    # One address line with no postcode could be in another town: not said to be hers.
    same_place = a.location is not None and a.location == b.location
    if same_place or (a.key and a.postcode and (a.key, a.postcode) == (b.key, b.postcode)):
        return SAME_ADDRESS
    if not a.postcode or not b.postcode:
        return None
    if a.postcode == b.postcode:
        return SAME_POSTCODE
    return SAME_DISTRICT if _district(a.postcode) == _district(b.postcode) else None


def _current_places(viewer: Viewer, seen: _Seen) -> list[_Place]:
    """Where the person lives now, as each agency the viewer sees records it: the address
    on its record and its current home or placement (as on the person's page)."""
    places = []
    for r in seen.records:
        if (r.address or r.postcode) and contact_allowed(viewer, seen.person, r.agency_id):
            label = " ".join(x for x in (r.address, r.postcode) if x)
            places.append(_Place(label, _normal(r.address), _normal(r.postcode).replace(" ", "")))
    today = timezone.localdate()
    for links in seen.homes.values():
        current = addresses_from([link for link, _ in links], today).current
        for link, place in links:
            if current is not None and (link.label, link.valid_from) == (
                current.label,
                current.valid_from,
            ):
                postcode = _normal(place.postcode).replace(" ", "")
                key = _normal(place.address or place.name)
                places.append(_Place(link.label, key, postcode, place.pk))
    return places


def _suspects_near(
    viewer: Viewer,
    operation: Operation,
    hers: list[_Place],
    book: SourceBook,
    knowledge: Knowledge,
) -> list[UUID]:
    """Flag the operation's suspects the viewer may open who live at her address (`hers`:
    where the viewer sees she lives) or near it, by addresses the viewer sees of him too;
    return the suspects whose addresses were compared."""
    suspect_ids = set(
        operation.statuses.filter(role="suspect").values_list("person_id", flat=True)
    ) - {knowledge.person_id}
    names = names_of(viewer, suspect_ids)
    knowledge.her_address_seen = bool(hers)
    if not hers or not names:
        return []
    theirs: dict[UUID, list[PersonRecord]] = defaultdict(list)
    for r in PersonRecord.objects.filter(
        policy.record_q(viewer), person_id__in=sorted(names, key=str)
    ).order_by("agency__name", "record_id"):
        theirs[r.person_id].append(r)
    people = {p.pk: p for p in Person.objects.filter(pk__in=list(theirs))}
    order = [SAME_ADDRESS, SAME_POSTCODE, SAME_DISTRICT]
    for suspect_id, suspect_records in theirs.items():
        suspect = people[suspect_id]
        homes = _address_links(viewer, suspect, suspect_records, book)
        his = _current_places(viewer, _Seen(suspect, suspect_records, homes))
        knowledge.suspects_compared += bool(his)
        pairs = [(n, h, s) for h in hers for s in his if (n := _nearness(h, s)) is not None]
        if pairs:
            nearness, her_place, his_place = min(pairs, key=lambda p: order.index(p[0]))
            knowledge.near_suspects.append(
                NearSuspect(
                    suspect_id, names[suspect_id], nearness, her_place.label, his_place.label
                )
            )
    knowledge.near_suspects.sort(key=lambda s: (order.index(s.nearness), s.name.casefold()))
    return sorted(theirs, key=str)


# ---------------------------------------------------------------- needs


def _needs(events: list[EventView]) -> list[Need]:
    """Health, housing and past harm, by the kinds of event the viewer sees of her."""
    needs = []
    for topic, kinds in NEEDS:
        found = [
            e
            for e in events
            if e.event_type in kinds or (topic == "Past harm" and "victim" in e.role)
        ]
        if found:
            needs.append(
                Need(
                    topic,
                    tuple(dict.fromkeys(e.label for e in found)),
                    tuple(sorted({e.source.agency_name for e in found})),
                )
            )
    return needs
