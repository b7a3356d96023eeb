"""What each user's home page holds, by what they do: nobody lands on a page with nothing
to do.

- a practitioner: their open cases, the flags of the young people in them, the return
  home interviews overdue for children they work with, their overdue actions;
- a supervisor or hub manager: the top of their hub's triage queue, and how many wait;
- an analyst: the queue and the network; a linkage officer: link review;
- an auditor: the audit pages; an administrator: the accounts;
- a partner organisation's limited account: the concern form itself (views.home).

Every list comes from the queries that apply the policy and audit (queue_rows audits the
people it names, as the triage queue does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from safehub.access.policy import DATA_ROLES, Viewer, viewer_for
from safehub.access.queries import CaseRow, case_list
from safehub.agencies.hubs import hub_of
from safehub.agencies.models import Role, User
from safehub.ingest import queries as ingest_queries
from safehub.meetings.queries import overdue_actions
from safehub.missing.queries import overdue_rhis_for
from safehub.operations.engagement import come_back_due_for
from safehub.screening.queue import Filters, QueueRow, queue_flags, queue_rows

SHOWN = 8
QUEUE_ROLES = frozenset({Role.SUPERVISOR, Role.HUB_MANAGER, Role.ANALYST})


@dataclass
class Home:
    roles: frozenset[str]
    cases: list[CaseRow] = field(default_factory=list)
    flags: list[QueueRow] = field(default_factory=list)
    flags_waiting: int = 0
    flags_are_the_hubs: bool = False  # the hub's queue (a supervisor's), or one's cases'
    overdue: list[Any] = field(default_factory=list)
    come_back: list[Any] = field(default_factory=list)
    overdue_rhis: list[Any] = field(default_factory=list)
    agencies: list[Any] = field(default_factory=list)

    @property
    def sees_data(self) -> bool:
        return bool(self.roles & DATA_ROLES)

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


def home_for(user: User, now: datetime) -> Home:
    viewer = viewer_for(user)
    home = Home(roles=frozenset(viewer.roles))
    # Anyone may own an action a meeting agreed.
    home.overdue = list(overdue_actions(user, now.date()))
    if viewer.sees_personal_data:
        _working(home, viewer, user, now)
    if home.has(Role.HUB_MANAGER, Role.ADMIN, Role.HUB_ADMIN):
        home.agencies = list(ingest_queries.hub_agencies())
    return home


def _working(home: Home, viewer: Viewer, user: User, now: datetime) -> None:
    home.come_back = list(come_back_due_for(user, now.date()))
    home.overdue_rhis = list(overdue_rhis_for(user, now))
    home.cases = [row for row in case_list(viewer) if row.case.closed_at is None][:SHOWN]
    if home.has(*QUEUE_ROLES):
        flags = queue_flags(viewer, Filters(hub=hub_of(user)))
        home.flags_are_the_hubs = True
    else:
        flags = queue_flags(viewer).filter(person_id__in=sorted(viewer.case_people, key=str))
    home.flags_waiting = flags.count()
    home.flags = queue_rows(viewer, list(flags[:SHOWN]), route="home")
