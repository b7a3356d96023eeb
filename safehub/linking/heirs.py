"""What follows a Person a link run empties.

A link run deletes a Person only once every record of theirs has moved; their case and
access rows go to the heir, the Person that took most of their records (`writes.py`).
The parts of the hub above linking (an operation's nominals, a meeting's decisions) name
Persons by id in rows of their own, and register here how those rows follow: linking
calls them inside the run's transaction, so a run that fails moves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from uuid import UUID

# gone Person -> heir Person
Heirs = Mapping[UUID, UUID]
Follower = Callable[[Heirs], None]

_FOLLOWERS: list[Follower] = []


def follower(follow: Follower) -> Follower:
    """Register `follow` (once, however often an app is made ready)."""
    if follow not in _FOLLOWERS:
        _FOLLOWERS.append(follow)
    return follow


def heirs_follow(heirs: Heirs) -> None:
    """Every registered part's rows of the gone Persons move to their heirs."""
    if heirs:
        for follow in _FOLLOWERS:
            follow(heirs)
