"""Changes to people that a person decides (not the linker), and asks about them."""

from __future__ import annotations

from django.db import transaction

from safehub.access.actions import AccessAsk, Action, PersonTarget, require
from safehub.access.models import AccessRequest
from safehub.access.policy import Viewer
from safehub.access.services.access_requests import access_request_create
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Person, PersonRecord


def person_target(person: Person) -> PersonTarget:
    """The person as an action's target: the agencies that hold a record of them."""
    return PersonTarget(
        person.pk,
        frozenset(PersonRecord.objects.filter(person=person).values_list("agency_id", flat=True)),
    )


def person_protect(*, actor: User, person: Person, reason: str) -> Person:
    """Mark a survivor's details protected (address, contact, placements, school)."""
    require(actor, Action.PERSON_PROTECT, person_target(person), route="person_protect")
    with transaction.atomic():
        person.protected_details = True
        person.save(update_fields=["protected_details"])
        audit.record(
            actor=actor,
            verb=Verb.PERSON_PROTECTED,
            target_type="person",
            target_id=str(person.pk),
            subject_person=str(person.pk),
            justification=reason,
        )
    return person


def access_request(viewer: Viewer, *, ask: AccessAsk, reason: str) -> AccessRequest:
    """Send the ask (`queries.access_requests.access_ask`) as a request for the owner's
    record of the person, or the record its event about them is filed under."""
    owner = ask.owner_id
    record = (
        PersonRecord.objects.filter(person_id=ask.person.person_id, agency=owner).first()
        or PersonRecord.objects.filter(
            person_id=ask.person.person_id, events__event__agency=owner
        ).first()
    )
    assert record is not None  # the rule checked that the owner holds something
    return access_request_create(actor=viewer.user, ask=ask, record_pk=record.pk, reason=reason)
