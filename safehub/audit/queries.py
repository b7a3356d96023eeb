"""The auditor's questions of the audit log; each needs an auditor role and is audited.

An agency's auditor (`auditor`) reads what their own agency's users did: the events the
log recorded with their agency's code (`actor_agency`). A hub-wide auditor (`hub_auditor`,
granted explicitly) reads every event, the system's and command-line operators' too (no
agency). The scope lives here, not in safehub.access: the audit app sits below it.

Every function records its own `audit_read` event before it reads (so a log that cannot
be written is never read), and a refused attempt is recorded as `refused`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from safehub.agencies.models import Role, User
from safehub.audit.log import record
from safehub.audit.models import AuditEvent, Verb

if TYPE_CHECKING:
    from typing import TypedDict

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType
    from django_stubs_ext import WithAnnotations  # a development dependency: types only

    class _Labelled(TypedDict):
        verb_label: str

    # An event as the auditor's pages list it: with its verb in words.
    ListedEvent = WithAnnotations[AuditEvent, _Labelled]

Viewer = User | AnonymousUser


# What the auditor's home page lists: access beyond the usual, and what was refused.
ALERT_VERBS: tuple[Verb, ...] = (Verb.BREAK_GLASS, Verb.ALERT, Verb.REFUSED)


@dataclass(frozen=True)
class AuditScope:
    """Whose doings an auditor reads: one agency's users', or (agency None) everyone's."""

    agency: str | None

    @property
    def hub_wide(self) -> bool:
        return self.agency is None

    def events(self) -> QuerySet[AuditEvent]:
        events = AuditEvent.objects.all()
        return events if self.agency is None else events.filter(actor_agency=self.agency)


# Old rows keep their verb as written; a verb no longer known reads as itself.
_VERB_LABEL = Case(
    *(When(verb=verb.value, then=Value(verb.label)) for verb in Verb),
    default=F("verb"),
    output_field=CharField(),
)


def auditor_scope(viewer: Viewer) -> AuditScope | None:
    """The viewer's scope as an auditor; None if they are not one (or are disabled)."""
    if not isinstance(viewer, User) or not viewer.is_active:
        return None
    roles = set(viewer.roles.values_list("role", flat=True))
    if Role.HUB_AUDITOR in roles:
        return AuditScope(agency=None)
    agency = viewer.agency
    # An auditor of no agency has no agency's users to read.
    if Role.AUDITOR in roles and agency is not None and agency.code:
        return AuditScope(agency=agency.code)
    return None


def events_for_person(
    viewer: Viewer, person_id: str, *, verb: Verb | None = None
) -> QuerySet[ListedEvent]:
    """Who (in the auditor's scope) viewed, searched for, changed or disclosed this person:
    newest first."""
    scope = _audited_read(
        viewer,
        "events_for_person",
        target_type="person",
        target_id=person_id,
        subject_person=person_id,
        detail=_verb_detail(verb),
    )
    return _of_verb(scope.events().filter(subject_person=person_id), verb)


def events_by_user(
    viewer: Viewer, username: str, *, verb: Verb | None = None
) -> QuerySet[ListedEvent]:
    """What this user did, under this name or (if the account was renamed) an earlier one.

    An agency's auditor is refused a user who is neither their agency's account nor the
    actor of any event of their agency's: the same refusal whether the user belongs to
    another agency or does not exist.
    """
    account = User.objects.filter(username=username).select_related("agency").first()
    matches = Q(actor_username=username)
    if account is not None:
        matches |= Q(actor=account)

    def theirs(scope: AuditScope) -> bool:
        if scope.hub_wide or (
            account is not None
            and account.agency is not None
            and account.agency.code == scope.agency
        ):
            return True
        # Moved or renamed: what they did for the auditor's agency is still its own.
        return scope.events().filter(matches).exists()

    scope = _audited_read(
        viewer,
        "events_by_user",
        target_type="user",
        target_id=username,
        detail=_verb_detail(verb),
        allowed=theirs,
    )
    return _of_verb(scope.events().filter(matches), verb)


def break_glass_and_refusals(
    viewer: Viewer, since: datetime, *, verb: Verb | None = None
) -> QuerySet[ListedEvent]:
    """Break-glass access, alerts and refused requests (or one of those verbs) since a
    moment, in the auditor's scope: newest first."""
    if verb is not None and verb not in ALERT_VERBS:
        raise ValueError(f"{verb} is not one of the alert verbs")
    scope = _audited_read(
        viewer,
        "break_glass_and_refusals",
        target_type="audit_log",
        detail={"since": since.isoformat(), **_verb_detail(verb)},
    )
    verbs = [verb] if verb is not None else list(ALERT_VERBS)
    return _listed(scope.events().filter(verb__in=verbs, at__gte=since))


# Reads that open a person's data (the profile, the chronology and its CSV, why their
# records are one person): each counts towards the day's people opened outside one's
# cases, or the other pages would be a way round the limit.
OPENING_VERBS = (Verb.VIEW, Verb.CHRONOLOGY_VIEWED, Verb.EXPORT, Verb.LINK_JOINS_VIEWED)


def unusual_viewers(viewer: Viewer, day: date, threshold: int) -> list[tuple[str, int]]:
    """Users (in the auditor's scope) who viewed more than `threshold` distinct persons
    outside their cases on `day`.

    The day runs midnight to midnight in the hub's time zone. Most first.
    """
    scope = _audited_read(
        viewer,
        "unusual_viewers",
        target_type="audit_log",
        detail={"day": day.isoformat(), "threshold": threshold},
    )
    start, end = _day_bounds(day)
    counts = (
        scope.events()
        .filter(_DetailIsTrue("outside_case"), verb__in=OPENING_VERBS, at__gte=start, at__lt=end)
        .exclude(subject_person="")
        .exclude(actor_username="")
        .values("actor_username")
        .annotate(persons=Count("subject_person", distinct=True))
        .filter(persons__gt=threshold)
        .order_by("-persons", "actor_username")
    )
    return [(row["actor_username"], row["persons"]) for row in counts]


def verb_choices(verbs: Iterable[Verb] = Verb) -> list[tuple[str, str]]:
    """(code, label) of the verbs, in the order of their labels: what a filter offers."""
    return sorted(((verb.value, verb.label) for verb in verbs), key=lambda c: c[1].lower())


def _verb_detail(verb: Verb | None) -> dict[str, object]:
    return {} if verb is None else {"verb": verb.value}


def _of_verb(events: QuerySet[AuditEvent], verb: Verb | None) -> QuerySet[ListedEvent]:
    return _listed(events if verb is None else events.filter(verb=verb.value))


def _listed(events: QuerySet[AuditEvent]) -> QuerySet[ListedEvent]:
    """Newest first, each with `verb_label`: its verb in words."""
    return events.annotate(verb_label=_VERB_LABEL).order_by("-seq")


class _DetailIsTrue(Func):
    """`detail[key]` is JSON true itself: not 1, not "true" (SQLite's `detail__key=True`
    matches 1 too, as its JSON_EXTRACT gives 1 for both)."""

    output_field = BooleanField()

    def __init__(self, key: str) -> None:
        super().__init__(F("detail"))
        self.key = key

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: object,
    ) -> _AsSqlType:
        raise NotImplementedError(f"no JSON test written for {connection.vendor}")

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: object
    ) -> _AsSqlType:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_TYPE({sql}, %s) = 'true'", (*params, f'$."{self.key}"')

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: object
    ) -> _AsSqlType:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s) = 'true'::jsonb", (*params, self.key)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)
    return start, end


def _audited_read(
    viewer: Viewer,
    query: str,
    *,
    target_type: str,
    target_id: str = "",
    subject_person: str = "",
    detail: dict[str, object] | None = None,
    allowed: Callable[[AuditScope], bool] | None = None,
) -> AuditScope:
    """The viewer's scope, the read recorded; or the refusal recorded and PermissionDenied.

    `allowed` further limits what this scope may ask (a user of the auditor's agency)."""
    scope = auditor_scope(viewer)
    ok = scope is not None and (allowed is None or allowed(scope))
    scope_detail = {} if scope is None else {"scope": scope.agency or "hub"}
    record(
        actor=viewer,
        verb=Verb.AUDIT_READ if ok else Verb.REFUSED,
        target_type=target_type,
        target_id=target_id,
        subject_person=subject_person,
        detail={"query": query, **scope_detail, **(detail or {})},
    )
    if scope is None or not ok:
        raise PermissionDenied(
            "reading the audit log needs an auditor role, and an "
            "agency's auditor reads only its own users' doings"
        )
    return scope


def outside_case_views_today(user: User) -> int:
    """How many distinct persons `user` has viewed outside their cases today.

    A system check behind the throttle (docs/security.md #14), not an auditor's read: not audited.
    """
    start, end = _day_bounds(timezone.localdate())
    return (
        AuditEvent.objects.filter(
            _DetailIsTrue("outside_case"),
            verb__in=OPENING_VERBS,
            actor=user,
            at__gte=start,
            at__lt=end,
        )
        .exclude(subject_person="")
        .values("subject_person")
        .distinct()
        .count()
    )
