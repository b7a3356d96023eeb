"""Which persons a viewer may open, and which of their records: one rule for the list,
the profile and the chronology; everyone else gets the 404 of a missing person."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from safehub.access import policy
from safehub.access.actions import refuse_route
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Person, PersonRecord


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


def visible_records(viewer: Viewer, person: Person) -> list[PersonRecord]:
    """The person's records the viewer may see, by agency name and record id."""
    return list(
        PersonRecord.objects.filter(
            policy.record_q(viewer, person_id=person.pk), person=person
        ).order_by("agency__name", "record_id")
    )


def display_name(records: list[PersonRecord]) -> str:
    """The name most of the visible records give (the first of them on a tie)."""
    names = Counter(
        f"{r.given_names} {r.family_name}".strip()
        for r in records
        if r.family_name or r.given_names
    )
    return names.most_common(1)[0][0] if names else "Name withheld"


def contact_allowed(viewer: Viewer, person: Person, agency_id: int) -> bool:
    """May the viewer see the address and contact details `agency_id` recorded of the
    person (their own, or a protected person's as the policy allows)?"""
    return policy.sees_contact_details(
        viewer, agency_id=agency_id, person_id=person.pk, protected=person.protected_details
    )
