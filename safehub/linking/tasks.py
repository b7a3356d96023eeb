"""Background link runs (django-tasks-db worker): after every import, after a reviewer's
decision, and when a hub manager asks from the web."""

from __future__ import annotations

from django.tasks import task

from safehub.agencies.models import User
from safehub.linking import services


@task()
def link_records(full: bool, retrain: bool, user_id: int | None, trigger: str) -> str:
    """Run linking; a run already under way makes this one unnecessary (that run, on
    finishing, queues another for any records it did not see)."""
    actor = User.objects.filter(pk=user_id).first() if user_id is not None else None
    try:
        run = services.link_run(full=full, retrain=retrain, actor=actor, trigger=trigger)
    except services.LinkRunBusy:
        return "busy"
    return run.status


@task()
def link_after_import(extract_pk: int) -> str:
    """New records of an imported extract are linked to the hub's Persons."""
    try:
        run = services.link_run(full=False, trigger="import")
    except services.LinkRunBusy:
        return "busy"
    return run.status
