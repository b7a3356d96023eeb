"""Changes to people that a person decides (not the linker)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.agencies.models import Role, User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Person


@transaction.atomic
def person_protect(*, actor: User, person: Person, reason: str) -> Person:
    """Mark a survivor's details protected (address, contact, placements, school)."""
    if not actor.has_role(Role.SUPERVISOR) and not actor.has_role(Role.HUB_MANAGER):
        raise ValidationError("Only a supervisor or hub manager may protect details.")
    person.protected_details = True
    person.save(update_fields=["protected_details"])
    audit.record(actor=actor, verb=Verb.CHANGE, target_type="person",
                 target_id=str(person.pk), subject_person=str(person.pk),
                 justification=reason, detail={"protected_details": True})
    return person
