"""Background link runs (django-tasks-db worker): after every import, after a reviewer's
decision, and when a hub manager asks from the web; and asking for one.

The worker runs runs.py; anything that asks for a run (a decision, a request from the
web, a finished run that saw records arrive) queues it through here.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from safehub.access.actions import Action, require
from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.linking.models import LinkRun
from safehub.linking.services import runs
from safehub.linking.services.run_state import LinkRunBusy
from safehub.network.tasks import build_network
from safehub.screening.tasks import screen_everyone


@task()
def link_records(full: bool, retrain: bool, user_id: int | None, trigger: str) -> str:
    """Run linking; a run already under way makes this one unnecessary (that run, on
    finishing, queues another for any records it did not see)."""
    actor = User.objects.filter(pk=user_id).first() if user_id is not None else None
    try:
        run = runs.link_run(full=full, retrain=retrain, actor=actor, trigger=trigger)
    except LinkRunBusy:
        return "busy"
    follow_up(run)
    return run.status


@task()
def link_after_import(extract_pk: int) -> str:
    """New records of an imported extract are linked to the hub's Persons."""
    try:
        run = runs.link_run(full=False, trigger="import")
    except LinkRunBusy:
        return "busy"
    follow_up(run)
    if run.status == LinkRun.Status.SKIPPED:
        # No model to link with yet: each new record stays its own Person, but its facts
        # are new all the same, and screening and the network must read them.
        transaction.on_commit(lambda: screen_everyone.enqueue(trigger="import"))
        transaction.on_commit(lambda: build_network.enqueue(trigger="import"))
    return run.status


def follow_up(run: LinkRun) -> None:
    """Once `run` has committed, everyone is screened again and the network rebuilt (its
    Persons may have changed); records imported while it worked (whose own task found it busy) get a
    link run of their own."""
    if run.status == LinkRun.Status.DONE:
        transaction.on_commit(lambda: screen_everyone.enqueue(trigger="link"))
        transaction.on_commit(lambda: build_network.enqueue(trigger="link"))
    if run.status == LinkRun.Status.DONE and runs.unlinked_records_remain():
        transaction.on_commit(
            lambda: link_records.enqueue(
                full=False, retrain=False, user_id=None, trigger="follow-up"
            )
        )


def link_run_request(*, actor: User, full: bool, retrain: bool) -> None:
    """A hub manager asks for a link run from the web; a background task runs it."""
    require(actor, Action.LINK_RUN_START, route="link_run_start")
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb=Verb.LINK_RUN_REQUESTED,
            target_type="link_run",
            detail={"full": full, "retrain": retrain},
        )
        transaction.on_commit(
            lambda: link_records.enqueue(
                full=full, retrain=retrain, user_id=actor.pk, trigger="web"
            )
        )
