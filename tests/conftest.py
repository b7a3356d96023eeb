"""Suite-wide fixtures; the suite fails at once when PostgreSQL was asked for and is missing."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import psycopg
import pytest
from django.db import connection

from tests.signin import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from safehub.agencies.models import User


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("SAFEHUB_TEST_DATABASE_URL")
    if not url:
        return
    try:
        psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=5).close()
    except psycopg.OperationalError as error:
        raise pytest.UsageError(
            f"SAFEHUB_TEST_DATABASE_URL={url} asks for PostgreSQL, which is unreachable: "
            f"{error}. The suite does not fall back to SQLite."
        ) from error


@pytest.fixture
def database_vendor() -> str:
    return connection.vendor


@pytest.fixture
def signed_in(client: Client) -> Callable[[User], Client]:
    """`signed_in(user)`: the test client signed in as `user`, second factor passed
    (see tests/signin.py)."""

    def sign_in_as(user: User) -> Client:
        return sign_in(client, user)

    return sign_in_as
