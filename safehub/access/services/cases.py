"""Case teams: opened by a supervisor or hub manager (its first member), people added,
consent or a safeguarding exception recorded, notes added by its members, closed.

A case opens to its members, for its people only, what the agreements share inside a
case (`safehub.access.policy`). Each change asks the rule for actions before its
transaction opens and writes its audit row inside it.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, PersonTarget, require
from safehub.access.models import (
    CaseKind,
    CaseNote,
    CasePerson,
    CaseRole,
    CaseTeam,
    SharingBasis,
)
from safehub.access.services.reasons import reason_checked
from safehub.agencies.models import Agency, User
from safehub.audit import log as audit
from safehub.audit.models import Verb

NOTE_LONGEST = 4000


def case_open(
    *, actor: User, kind: CaseKind, reference: str, members: list[User] | None = None
) -> CaseTeam:
    require(actor, Action.CASE_OPEN, route="case_open")
    with transaction.atomic():
        case = CaseTeam(kind=kind, reference=reference, hub_id=actor.hub_id)
        case.full_clean()
        case.save()
        case.members.add(actor, *(members or []))
        audit.record(
            actor=actor,
            verb=Verb.CASE_OPENED,
            target_type="case",
            target_id=str(case.pk),
            detail={"kind": kind, "members": sorted(u.pk for u in case.members.all())},
        )
    return case


def case_add_person(
    *, actor: User, case: CaseTeam, person: PersonTarget, role: CaseRole
) -> CasePerson:
    require(actor, Action.CASE_ADD_PERSON, (case, person), route="case_add_person")
    with transaction.atomic():
        entry, _ = CasePerson.objects.update_or_create(
            case=case, person_id=person.person_id, defaults={"role": role}
        )
        audit.record(
            actor=actor,
            verb=Verb.CASE_PERSON_ADDED,
            target_type="case",
            target_id=str(case.pk),
            subject_person=str(person.person_id),
            detail={"person_role": role},
        )
    return entry


def case_close(*, actor: User, case: CaseTeam) -> CaseTeam:
    require(actor, Action.CASE_EDIT, case, route="case_close")
    with transaction.atomic():
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
        audit.record(actor=actor, verb=Verb.CASE_CLOSED, target_type="case", target_id=str(case.pk))
    return case


def sharing_basis_record(
    *,
    actor: User,
    case: CaseTeam,
    person_id: UUID,
    provider: Agency,
    basis: str,
    reason: str,
    lawful_basis: str = "",
) -> SharingBasis:
    """Consent, its refusal or withdrawal, or a safeguarding exception with the law it
    relies on, recorded by a supervisor of the case. The newest entry for the person and
    the provider holds: a refusal after consent withdraws it."""
    require(actor, Action.SHARING_BASIS_RECORD, case, route="sharing_basis_record")
    if basis not in SharingBasis.Basis.values:
        raise ValidationError(f"Not a basis for sharing: {basis!r}.")
    exception = basis == SharingBasis.Basis.SAFEGUARDING_EXCEPTION
    if exception and lawful_basis not in SharingBasis.LawfulBasis.values[1:]:
        raise ValidationError("Sharing without consent needs the lawful basis it relies on.")
    if not exception and lawful_basis:
        raise ValidationError("A lawful basis is recorded only when sharing without consent.")
    with transaction.atomic():
        entry = SharingBasis.objects.create(
            case=case,
            person_id=person_id,
            provider=provider,
            basis=basis,
            lawful_basis=lawful_basis,
            reason=reason_checked(reason, "reason"),
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            verb=Verb.SHARING_BASIS_RECORDED,
            target_type="case",
            target_id=str(case.pk),
            subject_person=str(person_id),
            justification=entry.reason,
            detail={"sharing_basis": basis, "provider": provider.code, "law": lawful_basis},
        )
    return entry


def case_note_add(*, actor: User, case: CaseTeam, text: str) -> CaseNote:
    """A member of the open case adds a note for the team. Notes are never edited or
    deleted: the case's record of what its members knew and when. The audit row holds
    the note's id, not its words (the log keeps no copy of personal data)."""
    require(actor, Action.CASE_NOTE_ADD, case, route="case_note_add")
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the note."})
    if len(text) > NOTE_LONGEST:
        raise ValidationError({"text": f"A note has at most {NOTE_LONGEST} characters."})
    with transaction.atomic():
        # Under a row lock: a case closed since the rule was asked takes no more notes.
        if CaseTeam.objects.select_for_update().get(pk=case.pk).closed_at is not None:
            raise ValidationError("This case is closed now: the note was not added.")
        note = CaseNote.objects.create(case=case, author=actor, text=text)
        audit.record(
            actor=actor,
            verb=Verb.CASE_NOTE_ADDED,
            target_type="case",
            target_id=str(case.pk),
            detail={"note": note.pk},
        )
    return note
