"""An operation's team grows after it opens, only with active users of the hub's agencies;
orders and notices against its suspects are recorded with their dates; a person found
elsewhere is named in an operation from their own page; and the return is a page for
the team and a CSV file, the file audited as an export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.access.models import CaseRole
from safehub.access.policy import viewer_for
from safehub.agencies.models import Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.operations.disruptions import disruption_record, in_force
from safehub.operations.models import Operation
from safehub.operations.pages import nominal_target
from safehub.operations.services import member_add, nominal_add, nominal_status_set, operation_open
from safehub.records.models import Person
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _world() -> tuple[Operation, User, list[User]]:
    hub = f.hub("northvale")
    police = f.agency("police", hub=hub)
    health = f.agency("health", "health", hub=hub)
    team = f.team(hub)
    supervisor = f.user(police, Role.SUPERVISOR, team=team)
    nurse = f.user(health, Role.PRACTITIONER, team=team)
    operation = operation_open(
        actor=supervisor,
        name="Operation Rowan",
        scope="Two takeaways on Mill Lane, 2004-2008",
        senior_officer=supervisor,
        institution="care",
    )
    return operation, supervisor, [nurse]


def _suspect(operation: Operation, supervisor: User) -> Person:
    police = supervisor.agency
    assert police is not None
    person = f.record(police, given_names="Dean", family_name="Barker", sex="male").person
    viewer = viewer_for(supervisor)
    nominal_add(
        actor=supervisor,
        operation=operation,
        person=nominal_target(viewer, person.pk),
        role=CaseRole.SUSPECT,
        on=date(2026, 1, 5),
    )
    return person


def test_a_colleague_of_another_agency_joins_the_team_from_the_page(client: Client) -> None:
    operation, supervisor, (nurse,) = _world()
    sign_in(client, supervisor)
    page = client.get(reverse("operation_detail", kwargs={"operation_id": operation.pk}))
    assert nurse.display_name in page.content.decode()  # offered in the form
    answer = client.post(
        reverse("operation_member_add", kwargs={"operation_id": operation.pk}),
        {"user": nurse.pk},
    )
    assert answer.status_code == 302
    assert operation.case.members.filter(pk=nurse.pk).exists()
    assert AuditEvent.objects.filter(verb=Verb.CASE_MEMBER_ADDED, target_id=str(operation.pk))
    # Now a member, the nurse opens the operation.
    sign_in(client, nurse)
    url = reverse("operation_detail", kwargs={"operation_id": operation.pk})
    assert client.get(url).status_code == 200


def test_the_team_takes_no_one_switched_off_or_outside_the_hub() -> None:
    operation, supervisor, (nurse,) = _world()
    elsewhere = f.agency("elsewhere", hub=f.hub("southmoor"))
    stranger = f.user(elsewhere, Role.SUPERVISOR, team=f.team(elsewhere.hub))  # type: ignore[arg-type]
    nurse.is_active = False
    nurse.save(update_fields=["is_active"])
    for user in (stranger, nurse):
        with pytest.raises(ValidationError, match="cannot join"):
            member_add(actor=supervisor, operation=operation, user=user)
    assert list(operation.case.members.all()) == [supervisor]


def test_orders_and_notices_against_a_suspect_show_with_their_dates(client: Client) -> None:
    operation, supervisor, _ = _world()
    suspect = _suspect(operation, supervisor)
    sign_in(client, supervisor)
    url = reverse("disruption_record", kwargs={"operation_id": operation.pk})
    today = timezone.localdate()
    answer = client.post(
        url,
        {
            "person_id": str(suspect.pk),
            "kind": "cawn",
            "served_on": (today - timedelta(days=3)).isoformat(),
            "note": "Served at his flat.",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    ended = client.post(
        url,
        {
            "person_id": str(suspect.pk),
            "kind": "sro",
            "served_on": "2020-01-01",
            "ends_on": "2019-01-01",
        },
    )
    assert ended.status_code == 422
    assert "cannot end before it was served" in ended.content.decode()
    page = client.get(reverse("operation_detail", kwargs={"operation_id": operation.pk}))
    text = page.content.decode()
    assert "Child abduction warning notice" in text
    assert "In force" in text
    assert [d.kind for d in in_force(operation, today)] == ["cawn"]


def test_an_order_is_against_a_suspect_only() -> None:
    operation, supervisor, _ = _world()
    police = supervisor.agency
    assert police is not None
    survivor = f.record(police).person
    nominal_add(
        actor=supervisor,
        operation=operation,
        person=nominal_target(viewer_for(supervisor), survivor.pk),
        role=CaseRole.VICTIM,
        on=date(2026, 1, 5),
    )
    with pytest.raises(ValidationError, match="against a suspect"):
        disruption_record(
            actor=supervisor,
            operation=operation,
            person_id=survivor.pk,
            kind="cawn",
            served_on=date(2026, 2, 1),
        )


def test_a_person_found_elsewhere_is_named_from_their_page(client: Client) -> None:
    operation, supervisor, _ = _world()
    police = supervisor.agency
    assert police is not None
    girl = f.record(police, given_names="Chloe", family_name="Ward").person
    sign_in(client, supervisor)
    profile = client.get(reverse("person_profile", kwargs={"person_id": girl.pk}))
    url = reverse("name_in_operation", kwargs={"person_id": girl.pk})
    assert url in profile.content.decode()
    page = client.get(url)
    assert "Operation Rowan" in page.content.decode()
    refused = client.post(url, {"operation": operation.pk, "role": "victim"})
    assert refused.status_code == 422
    assert "Enter the date" in refused.content.decode()
    answer = client.post(url, {"operation": operation.pk, "role": "victim", "on": "2026-02-01"})
    assert answer["Location"] == reverse("operation_detail", kwargs={"operation_id": operation.pk})
    now = operation.statuses.get(person_id=girl.pk)
    assert (now.role, now.status) == ("victim", "identified")
    again = client.get(url).content.decode()
    assert "Already named in" in again


def test_no_one_is_named_whom_the_viewer_may_not_open(client: Client) -> None:
    operation, supervisor, _ = _world()
    health = f.agency("clinic", "health")
    hidden = f.record(health, given_names="Amber", family_name="Cole").person
    sign_in(client, supervisor)
    url = reverse("name_in_operation", kwargs={"person_id": hidden.pk})
    assert client.get(url).status_code == 404
    posted = client.post(url, {"operation": operation.pk, "role": "victim", "on": "2026-02-01"})
    assert posted.status_code == 404
    assert not operation.statuses.filter(person_id=hidden.pk).exists()
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, target_id=str(hidden.pk)).count() == 2


def test_the_return_is_a_page_for_the_team_and_a_csv_audited_as_an_export(
    client: Client,
) -> None:
    operation, supervisor, (nurse,) = _world()
    suspect = _suspect(operation, supervisor)
    for status in ("traced", "arrested", "interviewed", "charged"):
        nominal_status_set(
            actor=supervisor,
            operation=operation,
            person_id=suspect.pk,
            status=status,
            on=date(2026, 2, 1),
        )
    sign_in(client, supervisor)
    facts = reverse(
        "suspect_facts_set",
        kwargs={"operation_id": operation.pk, "person_id": suspect.pk},
    )
    assert client.post(facts, {"public_prominence": "on"}).status_code == 302
    page = client.get(reverse("operation_return", kwargs={"operation_id": operation.pk}))
    text = page.content.decode()
    assert "1: Dean Barker" in text
    assert "Charged" in text
    assert 'data-figure="suspects_charged">1<' in text
    viewed = AuditEvent.objects.filter(target_type="operation_return", verb=Verb.VIEW).last()
    assert viewed is not None
    assert viewed.detail["people"] == [str(suspect.pk)]

    made = client.get(reverse("operation_return_csv", kwargs={"operation_id": operation.pk}))
    assert made["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(made.content.decode())))
    assert rows == [
        {
            "suspect": "1",
            "sex": "Male",
            "deceased": "No",
            "public_prominence": "Yes",
            "institution": "Children's home or care setting",
            "operation": "Live",
            "outcome": "Charged",
        }
    ]
    assert "Barker" not in made.content.decode()
    assert AuditEvent.objects.filter(target_type="operation_return", verb=Verb.EXPORT).count() == 1

    sign_in(client, nurse)  # not in the team: as for a missing operation
    url = reverse("operation_return_csv", kwargs={"operation_id": operation.pk})
    assert client.get(url).status_code == 404
