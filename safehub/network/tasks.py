"""Background network builds (django-tasks-db worker): after every link run, whose
Persons the network is drawn between."""

from __future__ import annotations

from django.tasks import task

from safehub.network.services import network_build


@task()
def build_network(trigger: str) -> str:
    """Build the network now; returns the run's status."""
    return network_build(trigger=trigger).status
