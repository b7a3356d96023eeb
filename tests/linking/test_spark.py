"""Scale out: the hub's link run on Splink's Spark backend (pyspark, local mode) gives the
same Persons as on DuckDB. One test only: a Spark session costs ~45 s and 1.6 GiB."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from safehub.linking.models import LinkRun
from safehub.linking.pipeline.facade import SparkBackend
from safehub.linking.pipeline.splink_adapter import spark_similarity_jar
from safehub.linking.services import runs
from safehub.records.models import PersonRecord

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def spark(tmp_path: Path) -> Iterator[Any]:
    # Workers must run this interpreter (not the system's python3) on the loopback.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    # After the environment above, which the session reads as it starts.
    from pyspark.sql import SparkSession  # noqa: PLC0415 - pyspark is an optional extra

    session = (
        SparkSession.builder.master("local[2]")
        .appName("safehub-link-test")
        .config("spark.jars", spark_similarity_jar())
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", str(tmp_path / "spark"))
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_the_same_model_on_spark_gives_the_same_persons_as_on_duckdb(hub, spark) -> None:
    on_spark = runs.link_run(full=True, backend=SparkBackend(spark))
    assert on_spark.status == LinkRun.Status.DONE
    persons = dict(PersonRecord.objects.values_list("pk", "person_id"))

    on_duckdb = runs.link_run(full=True)  # the same model, the default backend

    assert on_duckdb.counts["records_moved"] == 0
    assert on_duckdb.counts["persons_created"] == 0
    assert dict(PersonRecord.objects.values_list("pk", "person_id")) == persons
    assert on_duckdb.counts["pairs"] == on_spark.counts["pairs"]
    assert on_duckdb.counts["review_pairs"] == on_spark.counts["review_pairs"]
    assert len(set(persons.values())) < len(persons) * 0.8  # it did link
