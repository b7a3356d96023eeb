"""The person profile: the hub's view of one Person, through the access policy.

Every fact shown carries its agency and extract (and source line); what the viewer may not
see is summarised as "held by <agency>" so they can ask for it. Opening a profile is
audited before anything is returned: no audit row, no data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from django.conf import settings
from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat, Lower
from django.http import Http404
from django.utils import timezone

from safehub.access import policy
from safehub.access import services as access_services
from safehub.access.actions import (
    AccessAsk,
    Action,
    PersonTarget,
    refuse_route,
    require,
    rule_of,
)
from safehub.access.models import AccessRequest
from safehub.access.policy import Viewer
from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import AuditEvent, Verb
from safehub.audit.queries import outside_case_views_today
from safehub.records import search
from safehub.records.models import (
    Event,
    EventPerson,
    Person,
    PersonLocation,
    PersonObject,
    PersonPerson,
    PersonRecord,
)

CONTACT_FIELDS = ("address", "postcode", "phone", "email")
# Labels a practitioner would write, where the vocabulary's own words read badly.
EVENT_LABELS = {"ae_attendance": "A&E attendance"}
PROTECTED_RELATIONS = ("home", "placement", "school")


@dataclass(frozen=True)
class Source:
    agency: str
    agency_name: str
    extract_id: str
    line: int


@dataclass(frozen=True)
class RecordView:
    record_pk: int
    record_id: str
    family_name: str
    given_names: str
    other_names: list[str]
    date_of_birth: str
    sex: str
    identifiers: dict[str, str]
    contact: dict[str, str] | None  # None: withheld (protected details)
    source: Source


@dataclass(frozen=True)
class EventView:
    event_type: str
    label: str
    occurred_on: date
    occurred_at: datetime | None
    ended_on: date | None
    role: str
    summary: str
    sensitivity: str
    grading: str
    location: str
    source: Source


@dataclass(frozen=True)
class LinkView:
    relation: str
    label: str
    valid_from: date | None
    valid_to: date | None
    source: Source


@dataclass(frozen=True)
class Association:
    """Another person, by reference only: never their address or contact details."""

    person_id: UUID | None  # None: a person the viewer may not see
    name: str
    relation: str
    source: Source


@dataclass(frozen=True)
class Withheld:
    """An agency holding something of the person's that the viewer may not see: only
    that it does — never how many records or events, nor which service (a count can
    tell that a clinic holds a record)."""

    agency: str
    agency_name: str


class ContactBasis(StrEnum):
    """Why a protected person's address and contact details are, or are not, shown to
    the viewer, so that their page says what is true for this viewer (issue 8)."""

    NOT_PROTECTED = "not_protected"
    SURVIVOR_SIDE = "survivor_side"  # the viewer is in their survivor-side case team
    OWN_AGENCY = "own_agency"  # only the viewer's own agency's records' details
    WITHHELD = "withheld"  # none


@dataclass
class Profile:
    person_id: UUID
    display_name: str
    protected_details: bool
    contact_basis: ContactBasis = ContactBasis.NOT_PROTECTED
    records: list[RecordView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    locations: list[LinkView] = field(default_factory=list)
    objects: list[LinkView] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    outside_case: bool = True


def visible_persons(viewer: Viewer) -> QuerySet[Person]:
    """Persons the viewer may open: one of their records is visible, or their case or
    break-glass names them. The list and the profile share this rule."""
    if not viewer.sees_personal_data:
        return Person.objects.none()
    named = Q(pk__in=sorted(viewer.case_people | viewer.break_glass, key=str))
    records = PersonRecord.objects.filter(policy.record_q(viewer)).values("person_id")
    return Person.objects.filter(named | Q(pk__in=records))


def person_for(viewer: Viewer, person_id: UUID, *, route: str = "person_profile") -> Person:
    """The person, or 404 (audited) whether missing or not the viewer's to see."""
    person = visible_persons(viewer).filter(pk=person_id).first()
    if person is None:
        audit.record(
            actor=viewer.user,
            verb=Verb.REFUSED,
            target_type="person",
            target_id=str(person_id),
            subject_person=str(person_id),
            detail={"route": route},
        )
        raise Http404("No such person")
    return person


def require_data_role(viewer: Viewer, *, route: str) -> None:
    """404 (audited) for users who see no personal data: auditors, administrators."""
    if not viewer.sees_personal_data:
        raise refuse_route(viewer, route)


def _source(
    row: PersonRecord | Event | PersonLocation | PersonObject | PersonPerson,
    agencies: dict[int, Agency],
    extracts: dict[int, str],
) -> Source:
    agency = agencies[row.agency_id]
    return Source(agency.code, agency.name, extracts[row.extract_id], row.source_line)


class TooManyOutsideCase(Exception):
    """The viewer has opened unusually many people outside their cases today."""


def _throttle(viewer: Viewer, person: Person) -> None:
    """Past the daily limit of people opened outside one's cases, refuse and alert the
    auditor (docs/security.md #14). Opening someone already opened today is not counted again."""
    limit = settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT
    if outside_case_views_today(viewer.user) < limit:
        return
    if AuditEvent.objects.filter(
        actor=viewer.user,
        verb=Verb.VIEW,
        subject_person=str(person.pk),
        at__date=timezone.localdate(),
    ).exists():
        return
    audit.record(
        actor=viewer.user,
        verb=Verb.ALERT,
        target_type="person",
        target_id=str(person.pk),
        subject_person=str(person.pk),
        detail={"alert": "outside_case_views", "limit": limit},
    )
    raise TooManyOutsideCase


def person_profile(viewer: Viewer, person_id: UUID) -> Profile:
    """The profile of one person as `viewer` may see it; audited before it is returned."""
    person = person_for(viewer, person_id)
    outside_case = person.pk not in viewer.case_people
    if outside_case and person.pk not in viewer.break_glass:
        _throttle(viewer, person)
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type="person",
        target_id=str(person.pk),
        subject_person=str(person.pk),
        detail={
            "route": "person_profile",
            "outside_case": outside_case,
            "break_glass": person.pk in viewer.break_glass,
        },
    )
    return _ProfileBuilder(viewer, person, outside_case).build()


class _ProfileBuilder:
    def __init__(self, viewer: Viewer, person: Person, outside_case: bool) -> None:
        self.viewer, self.person = viewer, person
        self.profile = Profile(person.pk, "", person.protected_details, outside_case=outside_case)
        self.agencies = {a.pk: a for a in Agency.objects.all()}
        self.all_records = list(
            PersonRecord.objects.filter(person=person)
            .select_related("extract")
            .order_by("agency__name", "record_id")
        )
        self.extracts = {r.extract_id: r.extract.extract_id for r in self.all_records}
        record_filter = policy.record_q(viewer, person_id=person.pk)
        self.visible_records = list(
            PersonRecord.objects.filter(record_filter, person=person).order_by(
                "agency__name", "record_id"
            )
        )
        self.visible_pks = {r.pk for r in self.visible_records}

    def _extract_names(
        self, rows: list[Event] | list[PersonLocation] | list[PersonObject] | list[PersonPerson]
    ) -> None:
        from safehub.records.models import Extract

        missing = {r.extract_id for r in rows} - set(self.extracts)
        self.extracts.update(Extract.objects.filter(pk__in=missing).values_list("pk", "extract_id"))

    def build(self) -> Profile:
        self._records()
        self._events()
        self._links()
        self._associations()
        self._withheld()
        self.profile.contact_basis = self._contact_basis()
        names = Counter(
            f"{r.given_names} {r.family_name}".strip()
            for r in self.visible_records
            if r.family_name or r.given_names
        )
        self.profile.display_name = names.most_common(1)[0][0] if names else "Name withheld"
        return self.profile

    def _contact_allowed(self, agency_id: int) -> bool:
        return policy.sees_contact_details(
            self.viewer,
            agency_id=agency_id,
            person_id=self.person.pk,
            protected=self.person.protected_details,
        )

    def _contact_basis(self) -> ContactBasis:
        if not self.person.protected_details:
            return ContactBasis.NOT_PROTECTED
        if self.person.pk in self.viewer.survivor_side:
            return ContactBasis.SURVIVOR_SIDE
        if any(r.agency_id == self.viewer.agency_id for r in self.visible_records):
            return ContactBasis.OWN_AGENCY
        return ContactBasis.WITHHELD

    def _records(self) -> None:
        for r in self.visible_records:
            contact = (
                {name: getattr(r, name) for name in CONTACT_FIELDS}
                if self._contact_allowed(r.agency_id)
                else None
            )
            self.profile.records.append(
                RecordView(
                    record_pk=r.pk,
                    record_id=r.record_id,
                    family_name=r.family_name,
                    given_names=r.given_names,
                    other_names=[n.strip() for n in r.other_names.split(";") if n.strip()],
                    date_of_birth=r.date_of_birth,
                    sex=r.sex,
                    identifiers={
                        k: v
                        for k in ("nhs_number", "pnc_id", "upn", "local_id")
                        if (v := getattr(r, k))
                    },
                    contact=contact,
                    source=_source(r, self.agencies, self.extracts),
                )
            )

    def _visible_events(self) -> QuerySet[EventPerson]:
        event_filter = policy.fact_q(
            self.viewer,
            agency="event__agency_id",
            sensitivity="event__sensitivity",
            person_id=self.person.pk,
        )
        return EventPerson.objects.filter(event_filter, record__person=self.person)

    def _events(self) -> None:
        links = list(
            self._visible_events()
            .select_related("event", "event__location")
            .order_by("-event__occurred_on", "event__event_id")
        )
        self._extract_names([link.event for link in links])
        for link in links:
            e = link.event
            location = ""
            if e.location is not None and self._contact_allowed(e.agency_id):
                location = e.location.name or e.location.postcode
            self.profile.events.append(
                EventView(
                    event_type=e.event_type,
                    label=EVENT_LABELS.get(e.event_type, e.get_event_type_display()),
                    occurred_on=e.occurred_on,
                    occurred_at=e.occurred_at,
                    ended_on=e.ended_on,
                    role=link.role,
                    summary=e.summary,
                    sensitivity=e.sensitivity,
                    grading=e.grading,
                    location=location,
                    source=_source(e, self.agencies, self.extracts),
                )
            )

    def _links(self) -> None:
        locations = list(
            PersonLocation.objects.filter(record__pk__in=self.visible_pks).select_related(
                "location"
            )
        )
        objects = list(
            PersonObject.objects.filter(record__pk__in=self.visible_pks).select_related("object")
        )
        self._extract_names(locations)
        self._extract_names(objects)
        for pl in locations:
            if pl.relation in PROTECTED_RELATIONS and not self._contact_allowed(pl.agency_id):
                continue
            place = pl.location
            self.profile.locations.append(
                LinkView(
                    pl.relation,
                    " · ".join(x for x in (place.name, place.postcode) if x),
                    pl.valid_from,
                    pl.valid_to,
                    _source(pl, self.agencies, self.extracts),
                )
            )
        for po in objects:
            thing = po.object
            if thing.object_type in {"phone", "email"} and not self._contact_allowed(po.agency_id):
                continue
            self.profile.objects.append(
                LinkView(
                    po.relation,
                    f"{thing.get_object_type_display()}: {thing.value}",
                    po.valid_from,
                    po.valid_to,
                    _source(po, self.agencies, self.extracts),
                )
            )

    def _associations(self) -> None:
        links = list(
            PersonPerson.objects.filter(
                Q(record__pk__in=self.visible_pks) | Q(other_record__pk__in=self.visible_pks)
            ).select_related("record", "other_record")
        )
        self._extract_names(links)
        others = [
            link.other_record if link.record_id in self.visible_pks else link.record
            for link in links
        ]
        # The other person is named only where the viewer may see that record too.
        named = set(
            PersonRecord.objects.filter(
                policy.record_q(self.viewer), pk__in=[o.pk for o in others]
            ).values_list("pk", flat=True)
        )
        for link, other in zip(links, others, strict=True):
            if other.person_id == self.person.pk:
                continue
            source = _source(link, self.agencies, self.extracts)
            name = (
                f"{other.given_names} {other.family_name}".strip() or other.record_id
                if other.pk in named
                else ""
            )
            self.profile.associations.append(
                Association(
                    other.person_id if other.pk in named else None, name, link.relation, source
                )
            )

    def _withheld(self) -> None:
        hidden = {r.agency_id for r in self.all_records if r.pk not in self.visible_pks}
        shown = self._visible_events().values("event_id")
        hidden |= set(
            Event.objects.filter(people__record__person=self.person)
            .exclude(pk__in=shown)
            .values_list("agency_id", flat=True)
            .distinct()
        )
        for agency_id in sorted(hidden, key=lambda a: self.agencies[a].name):
            agency = self.agencies[agency_id]
            self.profile.withheld.append(Withheld(agency.code, agency.name))


# ---------------------------------------------------------------- the list


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


# ---------------------------------------------------------------- asking for access


def _holders(person_id: UUID) -> frozenset[int]:
    """Agencies holding a record of the person, or an event about them."""
    records = PersonRecord.objects.filter(person_id=person_id).values_list("agency_id", flat=True)
    events = EventPerson.objects.filter(record__person_id=person_id).values_list(
        "event__agency_id", flat=True
    )
    return frozenset(records) | frozenset(events)


def access_ask(viewer: Viewer, person_id: UUID, agency_code: str) -> tuple[AccessAsk, Agency]:
    """Asking `agency_code` for what it holds about a person the viewer may open; 404
    (audited, by the rule for actions) unless that agency holds something of theirs."""
    person = person_for(viewer, person_id, route="access_request_new")
    owner = Agency.objects.filter(code=agency_code).first()
    ask = AccessAsk(
        PersonTarget(person.pk, _holders(person.pk), openable=True),
        owner.pk if owner is not None else None,
    )
    require(viewer, Action.ACCESS_REQUEST, ask, route="access_request_new")
    assert owner is not None  # the rule refuses an ask that names no holder
    return ask, owner


def access_request(viewer: Viewer, *, ask: AccessAsk, reason: str) -> AccessRequest:
    owner = ask.owner_id
    record = (
        PersonRecord.objects.filter(person_id=ask.person.person_id, agency=owner).first()
        or PersonRecord.objects.filter(
            person_id=ask.person.person_id, events__event__agency=owner
        ).first()
    )
    assert record is not None  # the rule checked that the owner holds something
    return access_services.access_request_create(
        actor=viewer.user, ask=ask, record_pk=record.pk, reason=reason
    )


@dataclass(frozen=True)
class PendingRequest:
    request: AccessRequest
    record_id: str


def require_decider(viewer: Viewer, *, route: str) -> None:
    """404 (audited) for anyone who decides no access requests: the queue is for the
    supervisors of the agency asked."""
    if viewer.agency_id is None or not viewer.roles & rule_of(Action.ACCESS_REQUEST_DECIDE).roles:
        raise refuse_route(viewer, route)


def access_requests_to_decide(viewer: Viewer) -> list[PendingRequest]:
    """Pending requests to the viewer's agency, for its supervisors (audited as a view)."""
    require_decider(viewer, route="access_request_queue")
    pending = list(
        AccessRequest.objects.filter(
            owner_id=viewer.agency_id, status=AccessRequest.Status.PENDING
        ).select_related("requester", "requester__agency")
    )
    records = dict(
        PersonRecord.objects.filter(pk__in=[p.record_pk for p in pending]).values_list(
            "pk", "record_id"
        )
    )
    if pending:
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="access_request_list",
            detail={"requests": [p.pk for p in pending]},
        )
    return [PendingRequest(p, records.get(p.record_pk, "")) for p in pending]


def access_request_for_decision(viewer: Viewer, request_id: int) -> AccessRequest:
    """A pending request the viewer may decide, or 404 (audited) whether missing,
    decided or another agency's."""
    found = AccessRequest.objects.filter(pk=request_id, status=AccessRequest.Status.PENDING).first()
    if found is None:
        audit.record(
            actor=viewer.user,
            verb=Verb.REFUSED,
            target_type="access_request",
            target_id=str(request_id),
            detail={"route": "access_request_decide"},
        )
        raise Http404("No such request")
    require(viewer, Action.ACCESS_REQUEST_DECIDE, found, route="access_request_decide")
    return found
