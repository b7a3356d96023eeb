"""Background network builds (django-tasks-db worker): after every link run, whose
Persons the network is drawn between, and when an analyst or hub manager asks."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from safehub.access.actions import Action, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.network.services import network_build


@task()
def build_network(trigger: str) -> str:
    """Build the network now; returns the run's status."""
    return network_build(trigger=trigger).status


def network_build_request(*, actor: User, route: str) -> None:
    """Queue a build for `actor` (the rule `network_build`), audited with the request."""
    require(actor, Action.NETWORK_BUILD, route=route)
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb=Verb.NETWORK_BUILD_REQUESTED,
            target_type="network_run",
            target_id="",
            detail={"route": route},
        )
        transaction.on_commit(lambda: build_network.enqueue(trigger="web"))
