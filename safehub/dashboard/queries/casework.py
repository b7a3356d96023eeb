"""The figures of operations and meetings: victims identified, traced and engaged;
suspects arrested and charged; meetings' actions overdue, by the agency owning them.

A nominal is counted once, on the first day their statuses reached the stage (in any
operation of the hub: the operation's case team's hub); the one who may see that is a
member of the operation's team who may open them — an operation's nominals are its
team's. An action is its meeting's: its chair's, its attendees' and its owner's."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safehub.access.policy import Viewer
from safehub.access.queries import NAME_WITHHELD
from safehub.agencies.models import Agency
from safehub.dashboard.queries.scope import Filters, Item, Row, people_q, seen_people_q
from safehub.meetings.models import MeetingAction
from safehub.network.queries.people import names_of
from safehub.operations.lifecycles import WORDS
from safehub.operations.models import NominalStatus, Operation
from safehub.operations.queries import SURVIVOR_REACHED, SUSPECT_REACHED

EVERY_STATUS = frozenset(WORDS)
TEXT_SHOWN = 120  # characters of an action's words in a list


class Nominals:
    """People named in operations in one role, by the first day they reached each stage."""

    def __init__(self, role: str, stages: dict[str, frozenset[str]], words: dict[str, str]):
        self.role, self.stages, self.SERIES = role, stages, words

    def items(self, filters: Filters) -> list[Item]:
        statuses = NominalStatus.objects.filter(people_q(filters, "person_id"), role=self.role)
        if filters.hub is not None:
            statuses = statuses.filter(operation__case__hub_id=filters.hub)
        first: dict[tuple[str, UUID], tuple[date, int]] = {}
        for person, operation, status, on in statuses.values_list(
            "person_id", "operation_id", "status", "on"
        ):
            for stage, reached in self.stages.items():
                known = first.get((stage, person))
                if status in reached and (known is None or on < known[0]):
                    first[(stage, person)] = (on, operation)
        return [
            Item(f"person:{person}", stage, on, person, seen_as=f"{operation}:{person}")
            for (stage, person), (on, operation) in first.items()
            if filters.period.holds(on)
        ]

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        mine = NominalStatus.objects.filter(
            seen_people_q(viewer, filters, "person_id"),
            role=self.role,
            operation__case__members=viewer.user_id,
        )
        return {f"{op}:{person}" for op, person in mine.values_list("operation_id", "person_id")}

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        names = names_of(viewer, {i.person_id for i in items if i.person_id})
        operations = {
            o.pk: o
            for o in Operation.objects.filter(pk__in=[int(i.witness.split(":")[0]) for i in items])
        }
        rows = []
        for item in items:
            operation = operations.get(int(item.witness.split(":")[0]))
            if item.person_id not in names or operation is None:
                continue
            href = reverse("operation_detail", kwargs={"operation_id": operation.pk})
            rows.append(
                Row(
                    item.on,
                    names[item.person_id],
                    href,
                    self.SERIES[item.series],
                    operation.name,
                    item.person_id,
                )
            )
        return rows


VICTIMS = Nominals(
    "victim",
    {
        "identified": EVERY_STATUS,
        "traced": frozenset(SURVIVOR_REACHED["traced"]),
        "engaged": frozenset(SURVIVOR_REACHED["engaged"]),
    },
    {"identified": "Identified", "traced": "Traced", "engaged": "Engaged"},
)
SUSPECTS = Nominals(
    "suspect",
    {
        "arrested": frozenset(SUSPECT_REACHED["arrested"]),
        "charged": frozenset(SUSPECT_REACHED["charged"]),
    },
    {"arrested": "Arrested", "charged": "Charged"},
)


class OverdueActions:
    """Meetings' actions still open today whose date has passed, due by the end of the
    period (its start does not apply: an action a year overdue is overdue still), by the
    agency that owns them. The hub is the meeting's; a district, that of the person an
    action is for (an action for no one has none)."""

    SERIES = {"overdue": "Overdue"}

    def items(self, filters: Filters) -> list[Item]:
        today = timezone.localdate()
        actions = MeetingAction.objects.filter(
            status=MeetingAction.Status.OPEN, due_on__lt=today, due_on__lte=filters.period.end
        )
        if filters.hub is not None:
            actions = actions.filter(meeting__hub_id=filters.hub)
        if filters.district:
            actions = actions.filter(
                people_q(Filters(filters.period, None, filters.district), "person_id")
            )
        return [
            Item(f"action:{pk}", "overdue", due, person, category=str(agency))
            for pk, person, due, agency in actions.values_list(
                "pk", "person_id", "due_on", "owner_agency_id"
            )
        ]

    def labels(self, categories: set[str]) -> dict[str, str]:
        agencies = Agency.objects.filter(pk__in=[int(c) for c in categories if c.isdigit()])
        return {str(a.pk): a.name for a in agencies}

    def seen(self, viewer: Viewer, filters: Filters) -> set[str]:
        if not viewer.sees_personal_data:
            return set()
        mine = (
            Q(owner=viewer.user_id)
            | Q(meeting__chair=viewer.user_id)
            | Q(meeting__attendees=viewer.user_id)
        )
        return {
            f"action:{pk}"
            for pk in MeetingAction.objects.filter(mine).values_list("pk", flat=True).distinct()
        }

    def rows(self, viewer: Viewer, items: list[Item]) -> list[Row]:
        actions = MeetingAction.objects.filter(
            pk__in=[int(i.key.split(":")[1]) for i in items]
        ).select_related("owner_agency", "meeting")
        attended = set(
            MeetingAction.objects.filter(
                Q(meeting__chair=viewer.user_id) | Q(meeting__attendees=viewer.user_id),
                pk__in=[a.pk for a in actions],
            ).values_list("pk", flat=True)
        )
        names = names_of(viewer, {a.person_id for a in actions if a.person_id})
        rows = []
        for action in sorted(actions, key=lambda a: (a.due_on, a.pk)):
            about = "" if action.person_id is None else names.get(action.person_id, NAME_WITHHELD)
            href = (
                reverse("meeting_detail", kwargs={"meeting_id": action.meeting_id})
                if action.pk in attended
                else ""
            )
            detail = action.owner_agency.name + (f" · for {about}" if about else "")
            rows.append(
                Row(
                    action.due_on,
                    action.text[:TEXT_SHOWN],
                    href,
                    "Overdue",
                    detail,
                    action.person_id if action.person_id in names else None,
                )
            )
        return rows
