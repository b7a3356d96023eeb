"""Fixtures of the API tests: a small hub, clients signed in three ways, token helpers.

The hub: a girl known to children's social care (with her address) and to an NHS trust
(a sexual health clinic visit and an A&E visit); the trust shares general and health data
with social care inside a case; social care shares general data with the police inside a
case. The trust's code and name avoid the word "health", so a test can look for that word
anywhere in a response.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Agency, SharingCondition, User
from safehub.api.services import api_token_issue
from safehub.records.models import PersonRecord
from safehub.web.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests import factories as f


@dataclass
class Hub:
    police: Agency
    trust: Agency
    csc: Agency
    girl: PersonRecord  # social care's record of her
    trust_record: PersonRecord


@pytest.fixture
def hub(db: None) -> Hub:
    police = f.agency("police", "police")
    trust = f.agency("nhs-trust", "health", record_sensitivity="health")
    csc = f.agency("csc", "social_care")
    f.agreement(trust, csc, "general", "health", condition=SharingCondition.CASE)
    f.agreement(csc, police, "general", condition=SharingCondition.CASE)
    girl = f.record(
        csc,
        given_names="Kayleigh",
        family_name="Smith",
        date_of_birth="2009-04-02",
        address="12 Mill Lane",
        postcode="NV1 2AB",
        phone="07700 900123",
    )
    trust_record = f.record(
        trust, person=girl.person, given_names="Kay", family_name="Smith", nhs_number="9434765919"
    )
    f.event(
        trust_record,
        "sexual_health_attendance",
        sensitivity="sexual_health",
        summary="clinic visit",
    )
    f.event(trust_record, "ae_attendance", sensitivity="health", summary="A&E visit")
    f.event(girl, "missing_episode", role="missing_person", summary="missing overnight")
    return Hub(police, trust, csc, girl, trust_record)


def password_only(client: Client, user: User) -> Client:
    """Signed in with the password but not yet the second factor (clocks started, so the
    session timeout does not end it first)."""
    client.force_login(user)
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    session.save()
    return client


@pytest.fixture
def unverified(client: Client) -> Callable[[User], Client]:
    """`unverified(user)`: the test client signed in by password only (`signed_in(user)`,
    suite-wide, is the session past the second factor)."""
    return lambda user: password_only(client, user)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def token_for(user: User, hours: int = 8) -> str:
    """A token's secret, issued as POST /api/v1/tokens/ would."""
    return api_token_issue(actor=user, hours=hours).secret


def person_url(person_id: Any) -> str:
    return reverse("api_person_detail", kwargs={"person_id": str(person_id)})


PERSONS_URL = "/api/v1/persons/"
TOKENS_URL = "/api/v1/tokens/"
CURRENT_TOKEN_URL = "/api/v1/tokens/current/"
SCHEMA_URL = "/api/schema/"
