"""Agreements recorded before both agencies had to sign them are kept but taken out of
force until the provider confirms them (issue 8 item 1; migration agencies 0003); each
person record gets its own sensitivity (records 0003)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from safehub.agencies.models import AgreementStatus, SharingAgreement
from safehub.records.models import PersonRecord

BEFORE = [
    ("agencies", "0002_hub_agency_record_sensitivity_agency_hub_and_more"),
    ("records", "0002_person_protected_details"),
]


@pytest.mark.django_db(transaction=True)
def test_old_agreements_await_the_providers_confirmation() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    agency = old.get_model("agencies", "Agency")
    agreement = old.get_model("agencies", "SharingAgreement")
    trust = agency.objects.create(
        code="trust", name="Trust", type="health", record_sensitivity="health"
    )
    csc = agency.objects.create(code="csc", name="Social care", type="social_care")
    live = agreement.objects.create(
        provider=trust, recipient=csc, sensitivities=["general"], valid_from=date(2024, 4, 1)
    )
    revoked = agreement.objects.create(
        provider=csc,
        recipient=trust,
        sensitivities=["general"],
        valid_from=date(2024, 4, 1),
        revoked_at=timezone.now(),
    )

    extract = old.get_model("records", "Extract").objects.create(
        agency=trust, extract_id="t-1", extracted_at=timezone.now(), manifest={}, checksum="0" * 64
    )
    patient = old.get_model("records", "PersonRecord").objects.create(
        agency=trust,
        extract=extract,
        seen_in=extract,
        source_line=2,
        record_id="H1",
        person=old.get_model("records", "Person").objects.create(),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert SharingAgreement.objects.get(pk=live.pk).status == AgreementStatus.UNCONFIRMED
    ended = SharingAgreement.objects.get(pk=revoked.pk)
    assert (ended.status, ended.ended_at is not None) == (AgreementStatus.REVOKED, True)
    # Each record takes its agency's sensitivity (records 0003): a patient list is health.
    assert PersonRecord.objects.get(pk=patient.pk).sensitivity == "health"
