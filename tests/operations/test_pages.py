"""The operations' pages as a team uses them: a supervisor opens an operation from the
list, names a survivor and a suspect, walks the suspect to charge and logs a decision;
anyone outside the team gets the 404 of a missing operation; the survivor is not
contacted before her plan is approved by a supervisor who did not write it, and "not
now" without a date never prompts a contact."""

from __future__ import annotations

from uuid import UUID

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.operations.models import Operation
from safehub.operations.services import current
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _team() -> tuple[Agency, User, User]:
    police = f.agency("police")
    return police, f.user(police, Role.SUPERVISOR), f.user(police, Role.SUPERVISOR)


def _open(client: Client, senior: User) -> Operation:
    answer = client.post(
        reverse("operation_open"),
        {
            "name": "Operation Larch",
            "scope": "The Canal Street takeaways, 2003-2009",
            "senior_officer": senior.pk,
        },
    )
    operation = Operation.objects.get(name="Operation Larch")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("operation_detail", kwargs={"operation_id": operation.pk})
    return operation


def _add(client: Client, operation: Operation, person_id: UUID, role: str) -> None:
    url = reverse("operation_nominal_add", kwargs={"operation_id": operation.pk})
    answer = client.post(url, {"person": str(person_id), "role": role, "on": "2026-01-05"})
    assert answer.status_code == 302, answer.content.decode()


def _walk(client: Client, operation: Operation, person_id: UUID, *statuses: str) -> None:
    url = reverse(
        "nominal_status_set", kwargs={"operation_id": operation.pk, "person_id": person_id}
    )
    for status in statuses:
        answer = client.post(url, {"status": status, "on": "2026-01-06"})
        assert answer.status_code == 302, (status, answer.content.decode())


def test_a_supervisor_runs_an_operation_from_its_pages(client: Client) -> None:
    police, supervisor, senior = _team()
    sign_in(client, supervisor)
    assert "Open an operation" in client.get(reverse("operation_list")).content.decode()
    operation = _open(client, senior)
    survivor = f.record(police, given_names="Kayleigh", family_name="Smith").person
    suspect = f.record(police, given_names="Dean", family_name="Barker").person
    _add(client, operation, survivor.pk, "victim")
    _add(client, operation, suspect.pk, "suspect")
    _walk(client, operation, suspect.pk, "traced", "arrested", "interviewed", "charged")
    assert current(operation, suspect.pk).status == "charged"  # type: ignore[union-attr]

    # A step the lifecycle does not allow: the page again, with the service's words.
    url = reverse(
        "nominal_status_set", kwargs={"operation_id": operation.pk, "person_id": suspect.pk}
    )
    refused = client.post(url, {"status": "arrested", "on": "2026-01-07"})
    assert refused.status_code == 422
    assert "There is a problem" in refused.content.decode()

    decided = client.post(
        reverse("decision_record", kwargs={"operation_id": operation.pk}),
        {"kind": "priority", "rationale": "Barker first: two survivors name him as the driver."},
    )
    assert decided.status_code == 302
    page = client.get(reverse("operation_detail", kwargs={"operation_id": operation.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kayleigh Smith" in text
    assert "Dean Barker" in text
    assert "Charged" in text
    assert "moj-timeline" in text
    assert "two survivors name him as the driver" in text
    assert AuditEvent.objects.filter(
        actor=supervisor, verb=Verb.VIEW, target_type="operation", target_id=str(operation.pk)
    ).exists()
    listed = client.get(reverse("operation_list")).content.decode()
    assert "Operation Larch" in listed


def test_someone_outside_the_team_gets_the_404_of_a_missing_operation(client: Client) -> None:
    police, supervisor, senior = _team()
    sign_in(client, supervisor)
    operation = _open(client, senior)
    client.logout()
    outsider = f.user(police, Role.SUPERVISOR)
    sign_in(client, outsider)
    refused = client.get(reverse("operation_detail", kwargs={"operation_id": operation.pk}))
    missing = client.get(reverse("operation_detail", kwargs={"operation_id": operation.pk + 99}))
    assert refused.status_code == missing.status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, verb=Verb.REFUSED).exists()
    assert "Operation Larch" not in client.get(reverse("operation_list")).content.decode()


def test_the_survivor_decides_and_is_never_pushed(client: Client) -> None:
    police, writer, approver = _team()
    sign_in(client, writer)
    operation = _open(client, approver)  # the senior officer, a supervisor of the team
    survivor = f.record(police, given_names="Kayleigh", family_name="Smith").person
    _add(client, operation, survivor.pk, "victim")
    _walk(client, operation, survivor.pk, "traced", "pre_contact_review")
    kwargs = {"operation_id": operation.pk, "person_id": survivor.pk}
    contact = {
        "contact_on": "2026-01-10",
        "contact_how": "Her ISVA, by phone",
        "decision": "not_now",
        "agreed": "no",
    }

    early = client.post(reverse("contact_record", kwargs=kwargs), contact)
    assert early.status_code == 422
    assert "No contact before" in early.content.decode()
    status = client.post(
        reverse("nominal_status_set", kwargs=kwargs), {"status": "contacted", "on": "2026-01-10"}
    )
    assert status.status_code == 422

    written = client.post(
        reverse("plan_write", kwargs=kwargs),
        {
            "risks_and_needs": "Lives two streets from Barker.",
            "contact_by": "Her ISVA",
            "contact_how": "By phone, weekday mornings",
            "support_offer": ["ISVA"],
            "other_support": "Northvale Women's Centre\n\n",
        },
    )
    assert written.status_code == 302
    page = client.get(reverse("survivor_engagement", kwargs=kwargs)).content.decode()
    assert "Lives two streets from Barker." in page
    assert operation.plans.get().support_offer == ["ISVA", "Northvale Women's Centre"]
    assert "Not approved" in page
    plan = operation.plans.get()
    checked = client.post(
        reverse("agency_check_record", kwargs=kwargs),
        {"plan": plan.pk, "finding": "Nothing relevant"},
    )
    assert checked.status_code == 302
    own = client.post(reverse("plan_approve", kwargs=kwargs), {"plan": plan.pk})
    assert own.status_code == 422  # not by the one who wrote it
    client.logout()

    sign_in(client, approver)
    assert client.post(reverse("plan_approve", kwargs=kwargs), {"plan": plan.pk}).status_code == 302
    page = client.get(reverse("survivor_engagement", kwargs=kwargs)).content.decode()
    assert "Approved" in page
    assert "Nothing relevant" in page

    done = client.post(
        reverse("contact_record", kwargs=kwargs), {**contact, "their_words": "Not yet."}
    )
    assert done.status_code == 302
    assert current(operation, survivor.pk).status == "not_now"  # type: ignore[union-attr]
    page = client.get(reverse("survivor_engagement", kwargs=kwargs)).content.decode()
    assert "Not now" in page
    assert "Not yet." in page
    assert "agreed to be contacted again" not in page
