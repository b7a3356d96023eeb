"""The hub's triage of screening flags: each outcome recorded with its author and reason,
audited, and never edited (docs/operations.md "Triage").

Outcomes: no further action, monitor until a review date, refer to a strategy meeting or
MACE, or open to the complex safeguarding team — which opens a screening-review case
team with the decider as its first member and the young person as its subject, so the
agreements' case clauses open their records to the team. The flag remembers the evidence
it was decided on: screening re-opens it only for evidence that was not there
(`safehub.screening.flags`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.access.actions import Action, PersonTarget, require
from safehub.access.models import CaseKind, CaseRole, CaseTeam
from safehub.access.policy import Viewer, viewer_for
from safehub.access.services.cases import case_add_person, case_open
from safehub.access.services.reasons import reason_checked
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Person
from safehub.records.queries.visible import visible_persons
from safehub.records.services import person_target
from safehub.screening.models import Flag, FlagDecision, Screening

Outcome = FlagDecision.Outcome
# A flag is decided while it waits for the meeting, or while it is monitored.
DECIDABLE = frozenset({Flag.Status.NEW, Flag.Status.ESCALATED, Flag.Status.MONITOR})
STATUS_AFTER = {
    Outcome.NFA: Flag.Status.NFA,
    Outcome.MONITOR: Flag.Status.MONITOR,
    Outcome.STRATEGY: Flag.Status.REFERRED,
    Outcome.MACE: Flag.Status.REFERRED,
    Outcome.OPEN_TO_CST: Flag.Status.OPEN_TO_CST,
}


def flag_target(viewer: Viewer, person: Person) -> PersonTarget:
    """The flagged person as the action's target: who holds them, and whether the viewer
    may open them."""
    held = person_target(person)
    openable = visible_persons(viewer).filter(pk=person.pk).exists()
    return PersonTarget(person.pk, held.held_by, openable)


def flag_decide(
    *,
    actor: User,
    flag: Flag,
    outcome: str,
    reason: str,
    review_on: date | None = None,
) -> FlagDecision:
    """Record the meeting's outcome of `flag`; ValidationError names the field at fault."""
    target = flag_target(viewer_for(actor), flag.person)
    require(actor, Action.FLAG_DECIDE, target, route="flag_decide")
    if outcome == Outcome.OPEN_TO_CST:
        require(actor, Action.CASE_OPEN, route="flag_decide")
    chosen = _checked(outcome, reason, review_on)
    with transaction.atomic():
        flag = Flag.objects.select_for_update().select_related("person").get(pk=flag.pk)
        if flag.status not in DECIDABLE:
            raise ValidationError(
                {"outcome": "This flag is closed: it re-opens when new evidence arrives."}
            )
        screening = Screening.objects.filter(person_id=flag.person_id).first()
        seen = sorted({m["event"] for m in screening.matched}) if screening else flag.seen
        case = _open_case(actor, flag, target) if chosen == Outcome.OPEN_TO_CST else None
        decision = FlagDecision.objects.create(
            flag=flag,
            outcome=chosen,
            reason=reason_checked(reason, "reason"),
            review_on=review_on if chosen == Outcome.MONITOR else None,
            case=case,
            score=flag.score,
            evidence=seen,
            decided_by=actor,
        )
        flag.status = STATUS_AFTER[chosen]
        flag.seen, flag.new_evidence = seen, []
        flag.review_on = decision.review_on
        flag.case = case or flag.case
        flag.save(update_fields=["status", "seen", "new_evidence", "review_on", "case"])
        audit.record(
            actor=actor,
            verb=Verb.FLAG_DECIDED,
            target_type="flag",
            target_id=str(flag.pk),
            subject_person=str(flag.person_id),
            justification=decision.reason,
            detail={
                "outcome": chosen,
                "decision": decision.pk,
                "score": flag.score,
                **({"review_on": decision.review_on.isoformat()} if decision.review_on else {}),
                **({"case": case.pk} if case else {}),
            },
        )
    return decision


def _checked(outcome: str, reason: str, review_on: date | None) -> Outcome:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose an outcome."})
    reason_checked(reason, "reason")
    chosen = Outcome(outcome)
    if chosen == Outcome.MONITOR:
        if review_on is None:
            raise ValidationError({"review_on": "Give the date to review the flag again."})
        if review_on <= timezone.localdate():
            raise ValidationError({"review_on": "The review date must be in the future."})
    elif review_on is not None:
        raise ValidationError({"review_on": "A review date is only for monitoring."})
    return chosen


def _open_case(actor: User, flag: Flag, target: PersonTarget) -> CaseTeam:
    """A screening-review case team for the young person, the decider its first member."""
    number = FlagDecision.objects.filter(flag=flag, outcome=Outcome.OPEN_TO_CST).count() + 1
    case = case_open(
        actor=actor, kind=CaseKind.REVIEW, reference=f"Flag {flag.pk}" + f"/{number}" * (number > 1)
    )
    case_add_person(actor=actor, case=case, person=target, role=CaseRole.SUBJECT)
    return case
