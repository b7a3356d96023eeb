"""A child as the rule for actions and the missing pages see them: the agencies that hold
them, the agencies responsible for their care, and whether the viewer may open them."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q
from django.utils import timezone

from safehub.access.actions import ChildTarget, PersonTarget
from safehub.access.policy import Viewer
from safehub.agencies.models import AgencyType
from safehub.records.models import PersonLocation, PersonRecord
from safehub.records.queries.visible import visible_persons


def child_target(viewer: Viewer, person_id: UUID) -> PersonTarget:
    """The child named by id: who holds them, and whether the viewer may open them (a
    stranger by id: held by no one, not openable)."""
    held = frozenset(
        PersonRecord.objects.filter(person_id=person_id).values_list("agency_id", flat=True)
    )
    openable = bool(held) and visible_persons(viewer).filter(pk=person_id).exists()
    return PersonTarget(person_id, held, openable)


def carers(person_id: UUID) -> frozenset[int]:
    """Agencies responsible for the child's care: children's social care holding a record
    of them, and the agency whose record places them now (the carer's agency)."""
    social_care = PersonRecord.objects.filter(
        person_id=person_id, agency__type=AgencyType.SOCIAL_CARE
    ).values_list("agency_id", flat=True)
    today = timezone.localdate()
    placing = PersonLocation.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        record__person_id=person_id,
        relation="placement",
    ).values_list("record__agency_id", flat=True)
    return frozenset(social_care) | frozenset(placing)


def profile_target(viewer: Viewer, person_id: UUID) -> ChildTarget:
    return ChildTarget(child_target(viewer, person_id), carers(person_id))


def rhi_agency_for(person_id: UUID, recorder_agency_id: int) -> int:
    """Who is to offer the child's return home interview: the recorder's agency if it
    cares for the child; else children's social care holding them (the first by name),
    else the carer's agency; else the recorder's."""
    caring = carers(person_id)
    if recorder_agency_id in caring:
        return recorder_agency_id
    social_care = (
        PersonRecord.objects.filter(person_id=person_id, agency__type=AgencyType.SOCIAL_CARE)
        .order_by("agency__name")
        .values_list("agency_id", flat=True)
        .first()
    )
    if social_care is not None:
        return social_care
    return min(caring) if caring else recorder_agency_id


def records_of(person_id: UUID) -> list[int]:
    """The pks of the child's records now: a profile or episode follows them through
    link runs (safehub.missing.models.follow_the_records)."""
    return sorted(PersonRecord.objects.filter(person_id=person_id).values_list("pk", flat=True))
