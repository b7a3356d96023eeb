"""Fixtures of the agency and user tests: an agency, a hub manager and a practitioner."""

from __future__ import annotations

import pytest

from safehub.access.services.registration import agency_add, user_create
from safehub.agencies.models import Agency, Role, User

PASSWORD = "correct horse battery staple"


@pytest.fixture
def police(db: None) -> Agency:
    return agency_add(code="police", name="Northshire Police", type="police")


@pytest.fixture
def manager(police: Agency) -> User:
    return user_create(
        username="pat.manager", password=PASSWORD, agency=police, roles=[Role.HUB_MANAGER]
    )


@pytest.fixture
def practitioner(police: Agency) -> User:
    return user_create(
        username="paul.practitioner", password=PASSWORD, agency=police, roles=[Role.PRACTITIONER]
    )
