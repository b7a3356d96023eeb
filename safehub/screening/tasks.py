"""Background screening (django-tasks-db worker): after every link run, which follows
every import and every reviewer's decision, so new facts and new Persons are screened."""

from __future__ import annotations

from django.tasks import task

from safehub.screening.services import screen_run


@task()
def screen_everyone(trigger: str) -> str:
    """Screen everyone with the current rules; returns the run's status."""
    return screen_run(trigger=trigger).status
