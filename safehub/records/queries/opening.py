"""Opening one person (their page, their chronology): the daily limit of people opened
outside one's cases, and the audit row written before anything about them is shown
(no audit row, no data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import AuditEvent, Verb
from safehub.audit.queries import OPENING_VERBS, outside_case_views_today
from safehub.records.models import Person
from safehub.records.queries.visible import person_for


class TooManyOutsideCase(Exception):
    """The viewer has opened unusually many people outside their cases today."""


@dataclass(frozen=True)
class Opened:
    """A person the viewer may open, and on what footing."""

    person: Person
    outside_case: bool  # no open case of the viewer's names them
    break_glass: bool


def person_opened(viewer: Viewer, person_id: UUID, *, route: str) -> Opened:
    """The person, or the 404 (audited) of a missing one; past the daily limit of people
    opened outside one's cases, TooManyOutsideCase (alerted). Nothing is audited as a
    view yet: `record_opening` does, once the caller knows what it will show."""
    person = person_for(viewer, person_id, route=route)
    opened = Opened(
        person,
        outside_case=person.pk not in viewer.case_people,
        break_glass=person.pk in viewer.break_glass,
    )
    if opened.outside_case and not opened.break_glass:
        _throttle(viewer, person)
    return opened


def record_opening(
    viewer: Viewer,
    opened: Opened,
    *,
    route: str,
    verb: Verb = Verb.VIEW,
    detail: Mapping[str, object] | None = None,
) -> None:
    """The audit row of opening the person, to be written before anything is returned."""
    audit.record(
        actor=viewer.user,
        verb=verb,
        target_type="person",
        target_id=str(opened.person.pk),
        subject_person=str(opened.person.pk),
        detail={
            "route": route,
            "outside_case": opened.outside_case,
            "break_glass": opened.break_glass,
            **(detail or {}),
        },
    )


def _throttle(viewer: Viewer, person: Person) -> None:
    """Past the daily limit of people opened outside one's cases, refuse and alert the
    auditor (docs/security.md #14). Opening someone already opened today is not counted again."""
    limit = settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT
    if outside_case_views_today(viewer.user) < limit:
        return
    if AuditEvent.objects.filter(
        actor=viewer.user,
        verb__in=OPENING_VERBS,
        subject_person=str(person.pk),
        at__date=timezone.localdate(),
    ).exists():
        return
    audit.record(
        actor=viewer.user,
        verb=Verb.ALERT,
        target_type="person",
        target_id=str(person.pk),
        subject_person=str(person.pk),
        detail={"alert": "outside_case_views", "limit": limit},
    )
    raise TooManyOutsideCase
