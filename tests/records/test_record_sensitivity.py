"""A record's existence can be sensitive: it takes the sensitivity of the service holding
it, and a viewer without that sensitivity sees at most "held by <agency>" (issue 8 item 5).
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from safehub.access.actions import ActionRefused
from safehub.access.policy import viewer_for
from safehub.agencies.models import Agency, RecordService, Role, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.ingest.services import extract_import
from safehub.records import sensitivity
from safehub.records.models import PersonRecord
from safehub.records.queries.profile import person_profile
from tests import factories as f
from tests.extracts import person, write_extract

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust() -> Agency:
    made = f.agency("trust", "health", record_sensitivity="health")
    sensitivity.record_service_set(
        actor=None,
        agency=made,
        name="Sexual health clinic",
        sensitivity="sexual_health",
        record_id_prefix="SH",
    )
    return made


def _trust_extract(
    folder: Path, extract_id: str = "trust-1", *, source_system: str = "pas"
) -> Path:
    return write_extract(
        folder,
        agency="trust",
        extract_id=extract_id,
        manifest={"source_system": source_system},
        files={
            "persons": [
                person("H100", phone="07700 900123"),
                person("SH623054", given="Kay", phone="07700 900999"),
            ]
        },
    )


def test_an_import_gives_each_record_its_services_sensitivity(
    trust: Agency, tmp_path: Path
) -> None:
    extract_import(path=_trust_extract(tmp_path / "x"))
    levels = dict(PersonRecord.objects.values_list("record_id", "sensitivity"))
    assert levels == {"H100": "health", "SH623054": "sexual_health"}


def test_a_service_recognised_by_its_source_system(trust: Agency, tmp_path: Path) -> None:
    sensitivity.record_service_set(
        actor=None,
        agency=trust,
        name="Substance misuse service",
        sensitivity="restricted",
        source_system="drugsys",
    )
    extract_import(path=_trust_extract(tmp_path / "x"))
    extract_import(
        path=write_extract(
            tmp_path / "y",
            agency="trust",
            extract_id="trust-2",
            manifest={"source_system": "drugsys"},
            files={"persons": [person("D1")]},
        )
    )
    assert PersonRecord.objects.get(record_id="D1").sensitivity == "restricted"
    assert PersonRecord.objects.get(record_id="H100").sensitivity == "health"


def test_a_service_set_later_applies_to_the_records_already_held(tmp_path: Path) -> None:
    trust = f.agency("trust", "health", record_sensitivity="health")
    extract_import(path=_trust_extract(tmp_path / "x"))
    assert PersonRecord.objects.get(record_id="SH623054").sensitivity == "health"
    out = StringIO()
    call_command(
        "agency",
        "service",
        "trust",
        "--name",
        "Sexual health clinic",
        "--sensitivity",
        "sexual_health",
        "--record-prefix",
        "SH",
        stdout=out,
    )
    assert "records of Sexual health clinic are sexual_health" in out.getvalue()
    assert PersonRecord.objects.get(record_id="SH623054").sensitivity == "sexual_health"
    event = AuditEvent.objects.get(verb=Verb.RECORD_SERVICE_SET)
    assert event.detail["records_changed"] == 1
    assert event.actor_username.startswith("cli:")
    assert RecordService.objects.get(agency=trust).record_id_prefix == "SH"


def test_a_service_must_say_how_its_records_are_recognised() -> None:
    f.agency("trust", "health")
    with pytest.raises(CommandError, match="record id prefix or a source system"):
        call_command(
            "agency", "service", "trust", "--name", "Clinic", "--sensitivity", "sexual_health"
        )
    assert not RecordService.objects.exists()


def test_only_the_agencys_hub_manager_or_an_operator_sets_its_services(trust: Agency) -> None:
    police = f.agency("police")
    for outsider in (
        f.user(police, Role.HUB_MANAGER),
        f.user(trust, Role.SUPERVISOR),
        f.user(trust, Role.ADMIN),
    ):
        with pytest.raises(ActionRefused):
            sensitivity.record_service_set(
                actor=outsider,
                agency=trust,
                name="Clinic 2",
                sensitivity="general",
                record_id_prefix="C",
            )
    sensitivity.record_service_set(
        actor=f.user(trust, Role.HUB_MANAGER),
        agency=trust,
        name="Mental health team",
        sensitivity="health",
        record_id_prefix="MH",
    )
    assert trust.services.count() == 2


def test_a_clinic_record_shows_only_as_held_by_to_a_case_team_sharing_health(
    trust: Agency, tmp_path: Path, signed_in: Callable[[User], Client]
) -> None:
    """The police officer of issue 8: in a case team, with health's general and health data
    shared on a case, she saw a card "trust · SH623054" with name, date of birth and phone.
    Now she sees the trust's main record, and of the clinic's only that the trust holds
    something more — no service, no record id, no identifier."""
    police = f.agency("police")
    f.agreement(trust, police, "general", "health", condition=SharingCondition.CASE)
    extract_import(path=_trust_extract(tmp_path / "x"))
    main = PersonRecord.objects.get(record_id="H100")
    PersonRecord.objects.filter(record_id="SH623054").update(person=main.person)
    officer = f.user(police)
    f.case(officer, people={main.person_id: "victim"})

    profile = person_profile(viewer_for(officer), main.person_id)
    assert [r.record_id for r in profile.records] == ["H100"]
    assert [w.agency for w in profile.withheld] == ["trust"]

    client = signed_in(officer)
    html = client.get(
        reverse("person_profile", kwargs={"person_id": main.person_id})
    ).content.decode()
    assert "H100" in html
    for secret in ("SH623054", "07700 900999", "Sexual health", "sexual health", "clinic"):
        assert secret not in html, secret
    assert "Held by Northvale Trust" in html
    api = client.get(reverse("api_person_detail", kwargs={"person_id": main.person_id}))
    assert "SH623054" not in api.content.decode()
    assert api.json()["held_by"] == [{"agency": "trust", "agency_name": "Northvale Trust"}]
