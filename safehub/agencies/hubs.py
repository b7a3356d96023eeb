"""Who works in which hub: a user's team's hub, or, without a team, their agency's (a
region-wide agency's staff, a police force's say, are in a hub through their team only).
One rule for every team the hub forms — a meeting's attendees, an operation's team."""

from __future__ import annotations

from django.db.models import Q

from safehub.agencies.models import User


def hub_of(user: User) -> int | None:
    """The hub a user works in, if any."""
    if user.team_id is not None:
        return user.hub_id
    return user.agency.hub_id if user.agency is not None else None


def in_hub_q(hub_id: int | None) -> Q:
    """Users who work in the hub (as `hub_of` says); none when there is no hub."""
    if hub_id is None:
        return Q(pk__in=[])
    return Q(team__hub_id=hub_id) | Q(team__isnull=True, agency__hub_id=hub_id)


def same_hub_q(hub_id: int | None) -> Q:
    """Users whose `hub_of` is `hub_id` — with no hub, those with none either (a
    partnership not yet divided into hubs): an operation's team is one hub's."""
    if hub_id is None:
        return Q(team__isnull=True, agency__hub__isnull=True)
    return in_hub_q(hub_id)
