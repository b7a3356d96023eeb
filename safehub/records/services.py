"""Changes to people that a person decides (not the linker)."""

from __future__ import annotations

from django.db import transaction

from safehub.access.actions import Action, PersonTarget, require
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
