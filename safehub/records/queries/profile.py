"""The person profile: the hub's view of one Person, through the access policy.

Every fact shown carries its agency and extract (and source line); what the viewer may not
see is summarised as "held by <agency>" so they can ask for it. Opening a profile is
audited before anything is returned: no audit row, no data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from django.utils import timezone

from safehub.access.policy import Viewer
from safehub.records.models import (
    CONTACT_FIELDS,
    Event,
    Person,
    PersonLocation,
    PersonObject,
    PersonRecord,
)
from safehub.records.queries.addresses import Addresses, addresses_from
from safehub.records.queries.associations import Association, associations_of
from safehub.records.queries.cases import CaseLink, cases_with
from safehub.records.queries.events import EventView, visible_event_links, visible_events
from safehub.records.queries.opening import person_opened, record_opening
from safehub.records.queries.sources import Source, SourceBook
from safehub.records.queries.visible import contact_allowed, display_name, visible_records
from safehub.things import thing_key

# A protected person's links to these places are their address: withheld as contact is.
PROTECTED_RELATIONS = ("home", "placement", "school")
IDENTIFIERS = ("nhs_number", "pnc_id", "upn", "local_id")


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
class LinkView:
    relation: str
    label: str
    valid_from: date | None
    valid_to: date | None
    source: Source
    node: str = ""  # the thing's key in the network (safehub/things.py), for its chart


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
    events: list[EventView] = field(default_factory=list)  # newest first
    locations: list[LinkView] = field(default_factory=list)
    addresses: Addresses = field(default_factory=Addresses)  # the locations, sorted out
    objects: list[LinkView] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    cases: list[CaseLink] = field(default_factory=list)  # the viewer's, naming the person
    outside_case: bool = True


def person_profile(viewer: Viewer, person_id: UUID) -> Profile:
    """The profile of one person as `viewer` may see it; audited before it is returned."""
    opened = person_opened(viewer, person_id, route="person_profile")
    record_opening(viewer, opened, route="person_profile")
    return _ProfileBuilder(viewer, opened.person, opened.outside_case).build()


class _ProfileBuilder:
    def __init__(self, viewer: Viewer, person: Person, outside_case: bool) -> None:
        self.viewer, self.person = viewer, person
        self.book = SourceBook()
        self.visible_records = visible_records(viewer, person)
        self.visible_pks = {r.pk for r in self.visible_records}
        self.book.learn(self.visible_records)
        self.profile = Profile(
            person.pk,
            display_name(self.visible_records),
            person.protected_details,
            outside_case=outside_case,
        )

    def build(self) -> Profile:
        self._records()
        self.profile.events = visible_events(
            self.viewer,
            self.person,
            record_ids={r.pk: r.record_id for r in self.visible_records},
            book=self.book,
            contact_allowed=self._contact_allowed,
        )
        self._links()
        self.profile.addresses = addresses_from(self.profile.locations, timezone.localdate())
        self.profile.associations = associations_of(
            self.viewer, self.person, visible_pks=self.visible_pks, book=self.book
        )
        self._withheld()
        self.profile.contact_basis = self._contact_basis()
        self.profile.cases = cases_with(self.viewer, self.person.pk)
        return self.profile

    def _contact_allowed(self, agency_id: int) -> bool:
        return contact_allowed(self.viewer, self.person, agency_id)

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
                    identifiers={k: v for k in IDENTIFIERS if (v := getattr(r, k))},
                    contact=contact,
                    source=self.book.source(r),
                )
            )

    def _links(self) -> None:
        locations = list(
            PersonLocation.objects.filter(record__pk__in=self.visible_pks)
            .select_related("location")
            .order_by("pk")
        )
        objects = list(
            PersonObject.objects.filter(record__pk__in=self.visible_pks)
            .select_related("object")
            .order_by("pk")
        )
        self.book.learn(locations)
        self.book.learn(objects)
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
                    self.book.source(pl),
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
                    self.book.source(po),
                    thing_key(thing.object_type, thing.normalized_value),
                )
            )

    def _withheld(self) -> None:
        """Agencies holding a record of the person, or an event about them, that the
        viewer may not see."""
        hidden = set(
            PersonRecord.objects.filter(person=self.person)
            .exclude(pk__in=self.visible_pks)
            .values_list("agency_id", flat=True)
        )
        shown = visible_event_links(self.viewer, self.person).values("event_id")
        hidden |= set(
            Event.objects.filter(people__record__person=self.person)
            .exclude(pk__in=shown)
            .values_list("agency_id", flat=True)
            .distinct()
        )
        agencies = self.book.agencies
        for agency_id in sorted(hidden, key=lambda a: agencies[a].name):
            self.profile.withheld.append(
                Withheld(agencies[agency_id].code, agencies[agency_id].name)
            )
