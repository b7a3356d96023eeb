"""Small factories for tests: agencies, users, people with records and events, cases."""

from __future__ import annotations

import itertools
from datetime import date
from uuid import UUID

from django.utils import timezone

from safehub.access.models import CaseKind, CasePerson, CaseRole, CaseTeam
from safehub.access.services.registration import user_create
from safehub.agencies.models import (
    Agency,
    AgreementStatus,
    Hub,
    HubScope,
    Role,
    SharingAgreement,
    SharingCondition,
    Team,
    User,
)
from safehub.records.models import (
    Event,
    EventObject,
    EventPerson,
    Extract,
    Location,
    Object,
    Person,
    PersonLocation,
    PersonObject,
    PersonPerson,
    PersonRecord,
)
from safehub.things import normalized_object_value

_ids = itertools.count(1)


def agency(
    code: str, type: str = "police", *, record_sensitivity: str = "general", hub: Hub | None = None
) -> Agency:
    return Agency.objects.create(
        code=code,
        name=f"Northvale {code.title()}",
        type=type,
        record_sensitivity=record_sensitivity,
        hub=hub,
    )


def hub(code: str) -> Hub:
    return Hub.objects.create(code=code, name=f"{code.title()} hub")


def team(in_hub: Hub, name: str = "Team") -> Team:
    return Team.objects.create(hub=in_hub, name=name)


def user(
    of: Agency | None, *roles: Role | str, team: Team | None = None, username: str | None = None
) -> User:
    made = user_create(
        username=username or f"user{next(_ids)}",
        password="a-long-test-password",
        agency=of,
        roles=roles or [Role.PRACTITIONER],
    )
    if team is not None:
        made.team = team
        made.save(update_fields=["team"])
    return made


def extract(of: Agency) -> Extract:
    return Extract.objects.create(
        agency=of,
        extract_id=f"{of.code}-{next(_ids)}",
        extracted_at=timezone.now(),
        manifest={},
        checksum="0" * 64,
    )


def record(
    of: Agency,
    *,
    person: Person | None = None,
    family_name: str = "Smith",
    given_names: str = "Kayleigh",
    **fields: object,
) -> PersonRecord:
    source = extract(of)
    fields.setdefault("sensitivity", of.record_sensitivity)
    return PersonRecord.objects.create(
        agency=of,
        extract=source,
        seen_in=source,
        source_line=2,
        record_id=f"R{next(_ids)}",
        person=person or Person.objects.create(),
        family_name=family_name,
        given_names=given_names,
        **fields,
    )


def event(
    on: PersonRecord,
    event_type: str = "missing_episode",
    *,
    sensitivity: str = "general",
    role: str = "subject",
    summary: str = "",
    location: Location | None = None,
    occurred_on: date = date(2024, 3, 1),
    ended_on: date | None = None,
) -> Event:
    happened = Event.objects.create(
        agency_id=on.agency_id,
        extract=on.extract,
        seen_in=on.extract,
        source_line=3,
        event_id=f"E{next(_ids)}",
        event_type=event_type,
        occurred_on=occurred_on,
        ended_on=ended_on,
        sensitivity=sensitivity,
        summary=summary,
        location=location,
    )
    EventPerson.objects.create(
        agency_id=on.agency_id,
        extract=on.extract,
        source_line=4,
        link_key=f"k{next(_ids)}",
        event=happened,
        record=on,
        role=role,
    )
    return happened


def location(of: Agency, *, name: str = "12 Mill Lane", postcode: str = "NV1 2AB") -> Location:
    source = extract(of)
    return Location.objects.create(
        agency=of,
        extract=source,
        seen_in=source,
        source_line=2,
        location_id=f"L{next(_ids)}",
        name=name,
        postcode=postcode,
    )


def lives_at(who: PersonRecord, where: Location, relation: str = "home") -> PersonLocation:
    return PersonLocation.objects.create(
        agency_id=who.agency_id,
        extract=who.extract,
        source_line=5,
        link_key=f"k{next(_ids)}",
        record=who,
        location=where,
        relation=relation,
    )


def uses(who: PersonRecord, object_type: str, value: str, relation: str = "uses") -> PersonObject:
    """An object (a phone, a social-media handle…) the record's agency links to them."""
    thing = Object.objects.create(
        agency_id=who.agency_id,
        extract=who.extract,
        seen_in=who.extract,
        source_line=3,
        object_id=f"O{next(_ids)}",
        object_type=object_type,
        value=value,
        normalized_value=normalized_object_value(object_type, value),
    )
    return PersonObject.objects.create(
        agency_id=who.agency_id,
        extract=who.extract,
        source_line=7,
        link_key=f"k{next(_ids)}",
        record=who,
        object=thing,
        relation=relation,
    )


def event_link(happened: Event, who: PersonRecord, role: str = "subject") -> EventPerson:
    """Another person in an event (the event's own agency records them)."""
    return EventPerson.objects.create(
        agency_id=happened.agency_id,
        extract=who.extract,
        source_line=4,
        link_key=f"k{next(_ids)}",
        event=happened,
        record=who,
        role=role,
    )


def sees(happened: Event, object_type: str, value: str, relation: str = "seen") -> EventObject:
    """A thing seen (used, seized) at an event."""
    thing = Object.objects.create(
        agency_id=happened.agency_id,
        extract=happened.extract,
        seen_in=happened.extract,
        source_line=3,
        object_id=f"O{next(_ids)}",
        object_type=object_type,
        value=value,
        normalized_value=normalized_object_value(object_type, value),
    )
    return EventObject.objects.create(
        agency_id=happened.agency_id,
        extract=happened.extract,
        source_line=8,
        link_key=f"k{next(_ids)}",
        event=happened,
        object=thing,
        relation=relation,
    )


def associate(a: PersonRecord, b: PersonRecord, relation: str = "boyfriend") -> PersonPerson:
    return PersonPerson.objects.create(
        agency_id=a.agency_id,
        extract=a.extract,
        source_line=6,
        link_key=f"k{next(_ids)}",
        record=a,
        other_record=b,
        relation=relation,
    )


def agreement(
    provider: Agency,
    recipient: Agency,
    *sensitivities: str,
    condition: str = SharingCondition.CASE,
    scope: str = HubScope.SAME_HUB,
    linkage: bool = False,
    status: str = AgreementStatus.IN_FORCE,
) -> SharingAgreement:
    """An agreement as both agencies signed it (in force), unless `status` says otherwise;
    tests of signing itself go through safehub.access.services."""
    return SharingAgreement.objects.create(
        provider=provider,
        recipient=recipient,
        sensitivities=list(sensitivities or ["general"]),
        condition=condition,
        scope=scope,
        linkage=linkage,
        valid_from=date(2020, 1, 1),
        status=status,
    )


def case(
    *members: User, people: dict[UUID, str] | None = None, kind: str = CaseKind.REVIEW
) -> CaseTeam:
    made = CaseTeam.objects.create(kind=kind, reference=f"C{next(_ids)}")
    made.members.add(*members)
    for person_id, role in (people or {}).items():
        CasePerson.objects.create(case=made, person_id=person_id, role=CaseRole(role))
    return made
