"""The linking page: the model for inspection, the runs, and a run started from the web."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.linking.models import LinkRun
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_a_hub_manager_inspects_the_model_and_starts_a_run(
    hub, signed_in: SignIn, django_capture_on_commit_callbacks: Any
) -> None:
    manager = f.user(hub["police"], Role.HUB_MANAGER)
    client = signed_in(manager)
    page = client.get(reverse("link_overview")).content.decode()
    assert "The model" in page
    assert "Date of birth" in page or "date of birth" in page
    assert "day and month transposed" in page  # a level of the date comparison
    assert "Run linking now" in page

    with django_capture_on_commit_callbacks(execute=True):  # the task runs at once
        answer = client.post(reverse("link_run_start"), {"kind": "full"})
    assert answer.status_code == 303
    run = LinkRun.objects.get()
    assert (run.trigger, run.kind, run.requested_by, run.status) == (
        "web",
        LinkRun.Kind.FULL,
        manager,
        LinkRun.Status.DONE,
    )
    asked = AuditEvent.objects.get(actor=manager, target_type="link_run")
    assert asked.verb == Verb.LINK_RUN_REQUESTED
    runs = client.get(reverse("link_overview_status")).content.decode()
    assert "hx-get" not in runs  # nothing running: the block stops polling
    assert "records into" in runs


def test_others_may_look_but_only_hub_managers_start_runs(hub, signed_in: SignIn) -> None:
    supervisor = f.user(hub["police"], Role.SUPERVISOR)
    client = signed_in(supervisor)
    page = client.get(reverse("link_overview")).content.decode()
    assert "Run linking now" not in page
    assert client.post(reverse("link_run_start"), {"kind": "full"}).status_code == 404
    assert not LinkRun.objects.exists()
    assert AuditEvent.objects.filter(actor=supervisor, verb=Verb.REFUSED).exists()
    practitioner = signed_in(f.user(hub["police"], Role.PRACTITIONER))
    assert practitioner.get(reverse("link_overview")).status_code == 404
