"""The hub manager records and revokes sharing agreements in the web."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from safehub.access.policy import viewer_for
from safehub.agencies.models import Role, SharingAgreement, User
from safehub.audit.models import AuditEvent, Verb
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]


def test_a_hub_manager_records_then_revokes_an_agreement(signed_in: SignIn) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    manager = signed_in(f.user(police, Role.HUB_MANAGER))
    sent = manager.post(reverse("sharing_agreements"), {
        "provider": police.pk, "recipient": csc.pk, "sensitivities": ["general"],
        "condition": "case", "scope": "any_hub", "reference": "ISA 2026/7",
        "revoked_at": "2020-01-01"})
    assert sent.status_code == 302
    agreement = SharingAgreement.objects.get()
    assert (agreement.sensitivities, agreement.condition, agreement.revoked_at) == (
        ["general"], "case", None)  # a field the form does not offer is ignored
    worker = f.user(csc)
    assert viewer_for(worker).shares
    assert manager.post(reverse("sharing_agreement_revoke",
                                kwargs={"agreement_id": agreement.pk})).status_code == 302
    assert not viewer_for(worker).shares
    assert AuditEvent.objects.filter(verb=Verb.CHANGE,
                                     target_type="sharing_agreement").count() == 2


def test_an_agency_cannot_share_with_itself(signed_in: SignIn) -> None:
    police = f.agency("police")
    manager = signed_in(f.user(police, Role.HUB_MANAGER))
    answer = manager.post(reverse("sharing_agreements"), {
        "provider": police.pk, "recipient": police.pk, "sensitivities": ["general"],
        "condition": "case", "scope": "any_hub", "reference": "x"})
    assert answer.status_code == 422
    assert "does not share with itself" in answer.content.decode()
    assert not SharingAgreement.objects.exists()


def test_others_cannot_see_or_change_agreements(signed_in: SignIn) -> None:
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    agreement = f.agreement(police, csc, "general")
    client = signed_in(f.user(police, Role.SUPERVISOR))
    assert client.get(reverse("sharing_agreements")).status_code == 404
    assert client.post(reverse("sharing_agreement_revoke",
                               kwargs={"agreement_id": agreement.pk})).status_code == 404
    agreement.refresh_from_db()
    assert agreement.revoked_at is None
