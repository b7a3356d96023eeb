"""Registering agencies and users, and granting the hub-wide roles: audited, and done only
by an operator at the command line (issue 8 items 3 and 7; docs/security.md #31)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safehub.access.actions import ActionRefused
from safehub.access.services import registration
from safehub.agencies.models import Role, User
from safehub.audit.models import AuditEvent, Verb
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_registering_an_agency_and_a_user_is_audited() -> None:
    call_command(
        "agency",
        "add",
        "school",
        "--name",
        "Northvale High",
        "--type",
        "education",
        stdout=StringIO(),
    )
    agency = AuditEvent.objects.get(verb=Verb.AGENCY_REGISTERED)
    assert (agency.target_id, agency.detail["type"]) == ("school", "education")
    assert agency.actor_username.startswith("cli:")
    user = registration.user_create(
        username="sam", password="a-long-test-password", agency=None, roles=[]
    )
    event = AuditEvent.objects.get(verb=Verb.USER_REGISTERED)
    assert event.target_id == str(user.pk)
    assert "a-long-test-password" not in event.canonical_json()


def test_a_hub_wide_role_is_granted_only_at_the_command_line_and_audited() -> None:
    police = f.agency("police")
    ida = f.user(police, Role.AUDITOR, username="ida")
    out = StringIO()
    call_command("user", "grant-role", "ida", "hub_auditor", stdout=out)
    assert "hub-wide auditor (every agency)" in out.getvalue()
    assert set(User.objects.get(pk=ida.pk).role_names) == {"auditor", "hub_auditor"}
    granted = AuditEvent.objects.get(verb=Verb.ROLE_GRANTED)
    assert granted.detail == {"role": "hub_auditor", "username": "ida"}
    call_command("user", "revoke-role", "ida", "hub_auditor", stdout=out)
    assert AuditEvent.objects.filter(verb=Verb.ROLE_REVOKED).count() == 1
    assert User.objects.get(pk=ida.pk).role_names == ["auditor"]


def test_no_user_grants_a_role_or_registers_anyone() -> None:
    police = f.agency("police")
    target = f.user(police)
    for role in Role:
        actor = f.user(police, role)
        with pytest.raises(ActionRefused):
            registration.role_grant(actor=actor, user=target, role=Role.HUB_ADMIN)
        with pytest.raises(ActionRefused):
            registration.agency_add(
                actor=actor, code=f"x-{role}".replace("_", "-"), name="X", type="police"
            )
    assert target.role_names == ["practitioner"]
    refused = AuditEvent.objects.filter(verb=Verb.REFUSED, detail__action="role_grant")
    assert refused.count() == len(Role)


def test_a_role_needs_an_agency_and_a_known_user() -> None:
    registration.user_create(
        username="loner", password="a-long-test-password", agency=None, roles=[]
    )
    with pytest.raises(CommandError, match="A user with no agency holds no role"):
        call_command("user", "grant-role", "loner", "hub_admin", stdout=StringIO())
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("user", "grant-role", "nobody", "hub_admin", stdout=StringIO())
