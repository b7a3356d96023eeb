"""Sharing agreements belong to the agencies that sign them: the provider's hub manager
proposes, the recipient's accepts (or declines), either revokes (issue 8, docs/security.md #29)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.policy import record_q, viewer_for
from safehub.agencies.models import AgreementStatus, Role, SharingAgreement, User
from safehub.audit.models import AuditEvent, Verb
from safehub.records.models import PersonRecord
from tests import factories as f
from tests.answers import without_csrf_token

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def _propose(client: Client, recipient_pk: int, **extra: object) -> TestResponse:
    return client.post(
        reverse("sharing_agreements"),
        {
            "recipient": recipient_pk,
            "sensitivities": ["general"],
            "condition": "always",
            "scope": "any_hub",
            "reference": "ISA 2026/7",
            **extra,
        },
    )


def _step(client: Client, step: str, agreement: SharingAgreement) -> int:
    return client.post(
        reverse(f"sharing_agreement_{step}", kwargs={"agreement_id": agreement.pk})
    ).status_code


def _sees(user: User, record: PersonRecord) -> bool:
    return PersonRecord.objects.filter(record_q(viewer_for(user)), pk=record.pk).exists()


def test_proposed_by_the_provider_in_force_once_the_recipient_accepts(
    signed_in: SignIn, client: Client
) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    police_record = f.record(police)
    worker = f.user(csc)
    signed_in(f.user(police, Role.HUB_MANAGER))
    assert _propose(client, csc.pk, revoked_at="2020-01-01").status_code == 302
    agreement = SharingAgreement.objects.get()
    assert (agreement.provider, agreement.status, agreement.ended_at) == (
        police,
        AgreementStatus.PROPOSED,
        None,
    )  # a field the form does not offer is ignored
    assert not _sees(worker, police_record)  # proposed is not in force

    accepter = f.user(csc, Role.HUB_MANAGER)
    signed_in(accepter)
    page = client.get(reverse("sharing_agreements")).content.decode()
    assert "Proposed to" in page
    assert "Accept" in page
    assert _step(client, "accept", agreement) == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.accepted_by) == (AgreementStatus.IN_FORCE, accepter)
    assert _sees(worker, police_record)

    assert _step(client, "revoke", agreement) == 302  # either party revokes
    assert not _sees(worker, police_record)
    verbs = list(
        AuditEvent.objects.filter(target_type="sharing_agreement")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [Verb.AGREEMENT_PROPOSED, Verb.AGREEMENT_ACCEPTED, Verb.AGREEMENT_REVOKED]


def test_a_hub_manager_cannot_share_another_agencys_data(signed_in: SignIn, client: Client) -> None:
    """The critical hole of issue 8: csc's hub manager "records" the trust sharing its
    sexual health with csc. The provider is always the proposer's own agency."""
    trust, csc = f.agency("trust", "health"), f.agency("csc", "social_care")
    police = f.agency("police")
    clinic = f.record(trust, sensitivity="sexual_health")
    signed_in(f.user(csc, Role.HUB_MANAGER))
    # A form naming the trust as the provider and a valid recipient: `provider` ignored.
    answer = _propose(
        client, police.pk, provider=trust.pk, sensitivities=["general", "sexual_health"]
    )
    assert answer.status_code == 302
    made = SharingAgreement.objects.get()
    assert (made.provider, made.recipient) == (csc, police)  # csc's data, never the trust's
    assert not SharingAgreement.objects.filter(provider=trust).exists()
    _propose(client, trust.pk)  # csc offers its own data to the trust
    offered = SharingAgreement.objects.get(recipient=trust)
    assert offered.provider == csc
    assert _step(client, "accept", offered) == 404  # and never accepts its own proposal
    assert not _sees(f.user(csc), clinic)


def test_the_provider_revokes_what_it_shares(signed_in: SignIn) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    police_record = f.record(police)
    agreement = f.agreement(police, csc, "general", condition="always")
    worker = f.user(csc)
    assert _sees(worker, police_record)
    assert _step(signed_in(f.user(police, Role.HUB_MANAGER)), "revoke", agreement) == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.REVOKED
    assert not _sees(worker, police_record)
    event = AuditEvent.objects.get(verb=Verb.AGREEMENT_REVOKED)
    assert event.detail["by"] == "police"


def test_the_recipient_declines(signed_in: SignIn, client: Client) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    agreement = f.agreement(police, csc, status=AgreementStatus.PROPOSED)
    decliner = signed_in(f.user(csc, Role.HUB_MANAGER))
    assert _step(decliner, "decline", agreement) == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DECLINED
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_DECLINED).count() == 1
    # Declined is final: accepting it now changes nothing.
    answer = decliner.post(
        reverse("sharing_agreement_accept", kwargs={"agreement_id": agreement.pk}), follow=True
    )
    assert "declined by the receiving agency now: nothing was changed" in (answer.content.decode())
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DECLINED


@pytest.mark.parametrize("step", ["accept", "decline", "revoke", "confirm"])
@pytest.mark.parametrize("role", [Role.HUB_MANAGER, Role.ADMIN, Role.HUB_ADMIN, Role.SUPERVISOR])
def test_no_one_acts_on_an_agreement_between_two_other_agencies(
    signed_in: SignIn, step: str, role: Role
) -> None:
    police, csc, school = (
        f.agency("police"),
        f.agency("csc", "social_care"),
        f.agency("school", "education"),
    )
    status = {
        "accept": AgreementStatus.PROPOSED,
        "decline": AgreementStatus.PROPOSED,
        "revoke": AgreementStatus.IN_FORCE,
        "confirm": AgreementStatus.UNCONFIRMED,
    }[step]
    agreement = f.agreement(police, csc, "general", status=status)
    outsider = f.user(school, role)
    client = signed_in(outsider)
    assert _step(client, step, agreement) == 404
    agreement.refresh_from_db()
    assert agreement.status == status
    assert AuditEvent.objects.filter(actor=outsider, verb=Verb.REFUSED).exists()
    # Missing and forbidden look alike.
    missing = client.post(
        reverse(f"sharing_agreement_{step}", kwargs={"agreement_id": agreement.pk + 1000})
    )
    forbidden = client.post(
        reverse(f"sharing_agreement_{step}", kwargs={"agreement_id": agreement.pk})
    )
    assert (missing.status_code, without_csrf_token(missing.content)) == (
        404,
        without_csrf_token(forbidden.content),
    )


def test_the_page_lists_only_the_agencys_own_agreements(signed_in: SignIn) -> None:
    police, csc, school = (
        f.agency("police"),
        f.agency("csc", "social_care"),
        f.agency("school", "education"),
    )
    SharingAgreement.objects.filter(pk=f.agreement(police, csc).pk).update(
        reference="ISA-POLICE-CSC"
    )
    SharingAgreement.objects.filter(pk=f.agreement(school, police).pk).update(
        reference="ISA-SCHOOL-POLICE"
    )
    page = (
        signed_in(f.user(csc, Role.HUB_MANAGER)).get(reverse("sharing_agreements")).content.decode()
    )
    assert "ISA-POLICE-CSC" in page[page.index("receives") :]
    assert "ISA-SCHOOL-POLICE" not in page  # school → police is not csc's business
    assert "Revoke" in page  # csc may revoke what it receives


def test_an_unconfirmed_agreement_is_not_in_force_until_the_provider_confirms(
    signed_in: SignIn,
) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    police_record = f.record(police)
    agreement = f.agreement(
        police, csc, "general", condition="always", status=AgreementStatus.UNCONFIRMED
    )
    worker = f.user(csc)
    assert not _sees(worker, police_record)
    recipient = signed_in(f.user(csc, Role.HUB_MANAGER))
    assert _step(recipient, "confirm", agreement) == 404  # only the provider confirms
    provider = signed_in(f.user(police, Role.HUB_MANAGER))
    page = provider.get(reverse("sharing_agreements")).content.decode()
    assert "Waiting for your confirmation" in page
    assert _step(provider, "confirm", agreement) == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED  # now the provider's proposal
    assert not _sees(worker, police_record)
    assert _step(signed_in(f.user(csc, Role.HUB_MANAGER)), "accept", agreement) == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    assert _sees(worker, police_record)
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_CONFIRMED).count() == 1


def test_an_agency_cannot_share_with_itself(signed_in: SignIn, client: Client) -> None:
    police = f.agency("police")
    f.agency("csc", "social_care")
    signed_in(f.user(police, Role.HUB_MANAGER))
    answer = _propose(client, police.pk)
    assert answer.status_code == 422
    assert "Choose another agency of the hub" in answer.content.decode()
    assert not SharingAgreement.objects.exists()


def test_a_proposal_needs_the_signed_agreements_reference(
    signed_in: SignIn, client: Client
) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    signed_in(f.user(police, Role.HUB_MANAGER))
    answer = _propose(client, csc.pk, reference="  ")
    assert answer.status_code == 422
    assert "Give the reference of the signed agreement" in answer.content.decode()
    assert not SharingAgreement.objects.exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN, Role.HUB_ADMIN, Role.AUDITOR])
def test_only_hub_managers_open_or_post_the_page(signed_in: SignIn, role: Role) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    client = signed_in(f.user(police, role))
    assert client.get(reverse("sharing_agreements")).status_code == 404
    assert _propose(client, csc.pk).status_code == 404
    assert not SharingAgreement.objects.exists()
