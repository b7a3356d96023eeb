"""Fixtures for import tests: an agency to import into."""

import pytest

from safehub.agencies.models import Agency


@pytest.fixture
def police(db: None) -> Agency:
    return Agency.objects.create(code="police", name="Northvale Police", type="police")
