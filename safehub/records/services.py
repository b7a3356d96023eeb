"""Changes to people: putting records of one human being together by a person's decision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from safehub.access.models import AccessRequest, BreakGlass, CasePerson, SharingBasis
from safehub.agencies.models import Role, User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Person, PersonRecord


@transaction.atomic
def person_records_merge(*, actor: User, records: list[PersonRecord], reason: str) -> Person:
    """A reviewer's decision that these records are one person: they join the oldest of
    their Persons; the others' case memberships and grants follow; empty Persons go.

    The records themselves are never changed, only which Person they belong to.
    """
    if not actor.has_role(Role.HUB_MANAGER) and not actor.has_role(Role.SUPERVISOR):
        raise ValidationError("Only a supervisor or hub manager may join records.")
    if len(records) < 2 or len(reason.strip()) < 10:
        raise ValidationError("Name at least two records and a reason of 10 characters.")
    people = sorted({r.person for r in records}, key=lambda p: (p.created_at, str(p.pk)))
    keep, merged = people[0], [p.pk for p in people[1:]]
    PersonRecord.objects.filter(pk__in=[r.pk for r in records]).update(person=keep)
    for model in (CasePerson, SharingBasis, BreakGlass, AccessRequest):
        model.objects.filter(person_id__in=merged).update(person_id=keep.pk)
    if any(p.protected_details for p in people):
        Person.objects.filter(pk=keep.pk).update(protected_details=True)
    Person.objects.filter(pk__in=merged, records__isnull=True).delete()
    audit.record(actor=actor, verb=Verb.LINK_DECISION, target_type="person",
                 target_id=str(keep.pk), subject_person=str(keep.pk),
                 justification=reason.strip(),
                 detail={"decision": "same", "records": sorted(r.pk for r in records),
                         "merged_persons": sorted(str(p) for p in merged)})
    keep.refresh_from_db()
    return keep


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
