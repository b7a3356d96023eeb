"""Scale out: the hub's link run on Splink's Spark backend (pyspark, local mode) gives the
same Persons as on DuckDB. One test only: a Spark session costs a JVM and 1.6 GiB."""

from __future__ import annotations

import pytest

from safehub.linking.models import LinkRun
from safehub.linking.pipeline.facade import SparkBackend
from safehub.linking.services import runs
from safehub.records.models import PersonRecord

# The Spark session is tests/conftest.py's (one per worker, shared with the pipeline's test).
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


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
