"""The auditor's questions of the audit log; each needs the auditor role and is audited.

Every function records its own `audit_read` event before it reads (so a log that cannot
be written is never read), and a refused attempt is recorded as `refused`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, F, Func, Q, QuerySet
from django.utils import timezone

from safehub.agencies.models import Role, User
from safehub.audit.log import record
from safehub.audit.models import AuditEvent, Verb

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

Viewer = User | AnonymousUser


def events_for_person(viewer: Viewer, person_id: str) -> QuerySet[AuditEvent]:
    """Who viewed, searched for, changed or disclosed this person: newest first."""
    _audited_read(viewer, "events_for_person", target_type="person", target_id=person_id,
                  subject_person=person_id)
    return AuditEvent.objects.filter(subject_person=person_id).order_by("-seq")


def events_by_user(viewer: Viewer, username: str) -> QuerySet[AuditEvent]:
    """What this user did, under this name or (if the account was renamed) an earlier one."""
    _audited_read(viewer, "events_by_user", target_type="user", target_id=username)
    account = User.objects.filter(username=username).first()
    matches = Q(actor_username=username)
    if account is not None:
        matches |= Q(actor=account)
    return AuditEvent.objects.filter(matches).order_by("-seq")


def break_glass_and_refusals(viewer: Viewer, since: datetime) -> QuerySet[AuditEvent]:
    """Break-glass access, alerts and refused requests since a moment: newest first."""
    _audited_read(viewer, "break_glass_and_refusals", target_type="audit_log",
                  detail={"since": since.isoformat()})
    verbs = [Verb.BREAK_GLASS, Verb.ALERT, Verb.REFUSED]
    return AuditEvent.objects.filter(verb__in=verbs, at__gte=since).order_by("-seq")


def unusual_viewers(viewer: Viewer, day: date, threshold: int) -> list[tuple[str, int]]:
    """Users who viewed more than `threshold` distinct persons outside their cases on `day`.

    The day runs midnight to midnight in the hub's time zone. Most first.
    """
    _audited_read(viewer, "unusual_viewers", target_type="audit_log",
                  detail={"day": day.isoformat(), "threshold": threshold})
    start, end = _day_bounds(day)
    counts = (
        AuditEvent.objects
        .filter(_DetailIsTrue("outside_case"), verb=Verb.VIEW, at__gte=start, at__lt=end)
        .exclude(subject_person="").exclude(actor_username="")
        .values("actor_username")
        .annotate(persons=Count("subject_person", distinct=True))
        .filter(persons__gt=threshold)
        .order_by("-persons", "actor_username")
    )
    return [(row["actor_username"], row["persons"]) for row in counts]


class _DetailIsTrue(Func):
    """`detail[key]` is JSON true itself: not 1, not "true" (SQLite's `detail__key=True`
    matches 1 too, as its JSON_EXTRACT gives 1 for both)."""

    output_field = BooleanField()

    def __init__(self, key: str) -> None:
        super().__init__(F("detail"))
        self.key = key

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,
               function: str | None = None, template: str | None = None,
               arg_joiner: str | None = None, **extra_context: object) -> _AsSqlType:
        raise NotImplementedError(f"no JSON test written for {connection.vendor}")

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,
                  **extra_context: object) -> _AsSqlType:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_TYPE({sql}, %s) = 'true'", (*params, f'$."{self.key}"')

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,
                      **extra_context: object) -> _AsSqlType:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s) = 'true'::jsonb", (*params, self.key)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)
    return start, end


def _audited_read(viewer: Viewer, query: str, *, target_type: str, target_id: str = "",
                  subject_person: str = "", detail: dict[str, object] | None = None) -> None:
    """Record the read, or the refusal and raise PermissionDenied."""
    allowed = isinstance(viewer, User) and viewer.is_active and viewer.has_role(Role.AUDITOR)
    record(actor=viewer, verb=Verb.AUDIT_READ if allowed else Verb.REFUSED,
           target_type=target_type, target_id=target_id, subject_person=subject_person,
           detail={"query": query, **(detail or {})})
    if not allowed:
        raise PermissionDenied("reading the audit log needs the auditor role")


def outside_case_views_today(user: User) -> int:
    """How many distinct persons `user` has viewed outside their cases today.

    A system check behind the throttle (SECURITY #14), not an auditor's read: not audited.
    """
    start, end = _day_bounds(timezone.localdate())
    return (AuditEvent.objects
            .filter(_DetailIsTrue("outside_case"), verb=Verb.VIEW, actor=user,
                    at__gte=start, at__lt=end)
            .exclude(subject_person="")
            .values("subject_person").distinct().count())
