"""What a survivor said about each agency sharing what it holds about her: consent opens
to the operation's team what an agreement shares "with consent or an exception"; a later
refusal withdraws it; sharing without consent needs the law it relies on. Recorded on her
page by a supervisor of the team."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.models import CaseRole, SharingBasis
from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, Role, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.operations.models import Operation
from safehub.operations.pages import nominal_target
from safehub.operations.services import nominal_add, operation_open
from safehub.records.queries.visible import visible_records
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _world() -> tuple[Operation, User, User, Agency, object]:
    police = f.agency("police")
    clinic = f.agency("clinic", "health", record_sensitivity="sexual_health")
    f.agreement(clinic, police, "sexual_health", condition=SharingCondition.CONSENT)
    supervisor = f.user(police, Role.SUPERVISOR)
    officer = f.user(police, Role.PRACTITIONER)
    operation = operation_open(
        actor=supervisor,
        name="Operation Alder",
        scope="Parties at a flat above the arcade, 2005-2007",
        senior_officer=supervisor,
        members=[officer],
    )
    survivor = f.record(police, given_names="Jade", family_name="Hollis").person
    f.record(clinic, person=survivor, given_names="Jade", family_name="Hollis")
    nominal_add(
        actor=supervisor,
        operation=operation,
        person=nominal_target(viewer_for(supervisor), survivor.pk),
        role=CaseRole.VICTIM,
        on=date(2026, 1, 5),
    )
    return operation, supervisor, officer, clinic, survivor


def _clinic_records(user: User, person: object) -> int:
    return sum(r.agency.code == "clinic" for r in visible_records(viewer_for(user), person))  # type: ignore[arg-type]


def test_consent_opens_the_clinic_and_a_later_refusal_withdraws_it(client: Client) -> None:
    operation, supervisor, officer, clinic, survivor = _world()
    url = reverse(
        "sharing_record",
        kwargs={"operation_id": operation.pk, "person_id": survivor.pk},  # type: ignore[attr-defined]
    )
    assert _clinic_records(officer, survivor) == 0
    sign_in(client, supervisor)
    given = client.post(
        url,
        {"provider": clinic.pk, "basis": "consent", "reason": "She agreed in person, 3 March."},
    )
    assert given.status_code == 302, given.content.decode()
    assert _clinic_records(officer, survivor) == 1

    withdrawn = client.post(
        url,
        {"provider": clinic.pk, "basis": "refused", "reason": "She withdrew it by phone, 9 March."},
    )
    assert withdrawn.status_code == 302
    assert _clinic_records(officer, survivor) == 0
    page = client.get(
        reverse(
            "survivor_engagement",
            kwargs={"operation_id": operation.pk, "person_id": survivor.pk},  # type: ignore[attr-defined]
        )
    ).content.decode()
    assert "Consent refused or withdrawn" in page
    assert "She withdrew it by phone" in page
    assert AuditEvent.objects.filter(verb=Verb.SHARING_BASIS_RECORDED).count() == 2


def test_sharing_without_consent_names_its_lawful_basis(client: Client) -> None:
    operation, supervisor, officer, clinic, survivor = _world()
    url = reverse(
        "sharing_record",
        kwargs={"operation_id": operation.pk, "person_id": survivor.pk},  # type: ignore[attr-defined]
    )
    sign_in(client, supervisor)
    reason = "She lives with a suspect who is charged; her child is at risk."
    missing = client.post(
        url, {"provider": clinic.pk, "basis": "safeguarding_exception", "reason": reason}
    )
    assert missing.status_code == 422
    assert "needs the lawful basis" in missing.content.decode()
    assert not SharingBasis.objects.exists()
    made = client.post(
        url,
        {
            "provider": clinic.pk,
            "basis": "safeguarding_exception",
            "lawful_basis": "children_act_s47",
            "reason": reason,
        },
    )
    assert made.status_code == 302
    assert _clinic_records(officer, survivor) == 1
    page = client.get(made["Location"]).content.decode()
    assert "Children Act 1989, section 47 enquiries" in page


def test_only_a_supervisor_of_the_team_records_it(client: Client) -> None:
    operation, _supervisor, officer, clinic, survivor = _world()
    url = reverse(
        "sharing_record",
        kwargs={"operation_id": operation.pk, "person_id": survivor.pk},  # type: ignore[attr-defined]
    )
    sign_in(client, officer)
    answer = client.post(url, {"provider": clinic.pk, "basis": "consent", "reason": "She agreed."})
    assert answer.status_code == 404
    assert not SharingBasis.objects.exists()
    assert (
        "Record what she said about sharing"
        not in client.get(
            reverse(
                "survivor_engagement",
                kwargs={"operation_id": operation.pk, "person_id": survivor.pk},  # type: ignore[attr-defined]
            )
        ).content.decode()
    )
