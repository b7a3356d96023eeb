"""The quick concerns' API as a hotel's system might use it: a concern passed on is the
same concern as from the page (201, its reference); bad input is a 400 naming the field,
the hourly limit a 422; the caller reads back only their own, and anyone else's reference
is the JSON 404 of a missing one; an auditor may pass on none."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from safehub.agencies.models import Role, User
from safehub.concerns.models import Concern
from safehub.records.models import Event
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.api.test_schema import _assert_matches

pytestmark = pytest.mark.django_db

CONCERNS = "/api/v1/concerns/"


def _post(user: User, body: Any) -> Any:
    return Client().post(
        CONCERNS, body, content_type="application/json", headers=bearer(token_for(user))
    )


def _get(user: User, url: str) -> Any:
    return Client().get(url, headers=bearer(token_for(user)))


def test_a_concern_by_the_api_is_the_pages_concern(settings: Any) -> None:
    settings.SAFEHUB_CONCERNS_PER_HOUR = 1
    hotel = f.agency("hotel", "partner")
    desk, colleague = f.user(hotel, Role.PARTNER), f.user(hotel, Role.PARTNER)
    sent = _post(desk, {"what_seen": "Girl, about 13, booked in by a man", "age_guess": 13,
                        "vehicle_registration": "ab12 cde"})  # fmt: skip
    assert sent.status_code == 201, sent.content
    body = sent.json()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    _assert_matches(schema, CONCERNS, "post", 201, body)
    assert body["vehicle_registration"] == "AB12CDE"
    assert Event.objects.get(event_id=body["reference"]).event_type == "community_concern"
    again = _post(desk, {"what_seen": "And again", "nickname": "Red"})
    assert again.status_code == 422
    assert "1 concerns in the last hour" in again.json()["non_field_errors"][0]
    assert [c["reference"] for c in _get(desk, CONCERNS).json()["results"]] == [body["reference"]]
    assert _get(desk, f"{CONCERNS}{body['reference']}/").json()["what_seen"].startswith("Girl")
    assert _get(colleague, f"{CONCERNS}{body['reference']}/").status_code == 404
    assert _get(colleague, CONCERNS).json()["results"] == []


def test_bad_input_names_the_field_and_writes_nothing() -> None:
    teacher = f.user(f.agency("school", "education"), Role.PRACTITIONER)
    blank = _post(teacher, {"nickname": "Red"})
    assert blank.status_code == 400
    assert "what_seen" in blank.json()
    plate = _post(teacher, {"what_seen": "A car outside school", "vehicle_registration": "A!"})
    assert plate.status_code == 400
    assert "letters and numbers only" in plate.json()["vehicle_registration"][0]
    future = _post(teacher, {"what_seen": "A car outside school", "seen_on": "2999-01-01"})
    assert future.status_code == 400
    assert "today or in the past" in future.json()["seen_on"][0]
    assert not Concern.objects.exists()


def test_an_auditor_passes_on_none() -> None:
    auditor = f.user(f.agency("police"), Role.AUDITOR)
    assert _post(auditor, {"what_seen": "x", "nickname": "Red"}).status_code == 404
    assert _get(auditor, CONCERNS).status_code == 404
