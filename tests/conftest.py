"""Suite-wide fixtures; the suite fails at once when PostgreSQL was asked for and is missing."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

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


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local Spark session (pyspark; Java 17 on this machine) for the tests that run
    Splink's Spark backend, started once per worker: a JVM costs some ten seconds. No
    Java or no pyspark fails them, never skips them: the scale-out backend is part of
    what the suite checks."""
    # Workers must run this interpreter (not the system's python3) on the loopback.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    # After the environment above, which the session reads as it starts.
    from pyspark.sql import SparkSession  # noqa: PLC0415 - pyspark is an optional extra

    # Loaded only here: Splink is heavy, and most workers never start Spark.
    from safehub.linking.pipeline.splink_adapter import spark_similarity_jar  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("safehub-tests")
        .config("spark.jars", spark_similarity_jar())
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", str(folder / "work"))
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(str(folder / "checkpoints"))
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
