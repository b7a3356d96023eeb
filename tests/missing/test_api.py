"""The missing children's API as a hub uses it: the social worker keeps the profile, the
police report the girl missing and record her return, the social worker records her
interview; refusals are the JSON 404 of a missing child or episode, bad input names its
field; the answers match the schema."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from safehub.agencies.models import User
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.api.test_schema import _assert_matches
from tests.missing.world import ago, world

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def _call(user: User, method: str, url: str, body: Any = None) -> Any:
    send = getattr(Client(), method)
    extra = {"content_type": "application/json"} if body is not None else {}
    return send(url, body, headers=bearer(token_for(user)), **extra)


def test_a_missing_night_through_the_api() -> None:
    w = world()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    child = f"{API}persons/{w.girl.pk}/missing/"

    kept = _call(w.social_worker, "put", child + "profile/", {"description": "Red coat"})
    assert kept.status_code == 200, kept.json()
    _assert_matches(schema, "/api/v1/persons/{person_id}/missing/profile/", "put", 200, kept.json())
    assert _call(w.officer, "put", child + "profile/", {"description": "x"}).status_code == 404
    assert _call(w.officer, "get", child + "profile/").json()["profile"] is None

    reported = _call(
        w.officer, "post", child + "episodes/", {"reported_at": ago(hours=90).isoformat()}
    )
    assert reported.status_code == 201, reported.json()
    shown = _call(w.officer, "get", child + "profile/").json()
    assert shown["profile"]["shared_as_missing"] is True
    episode = f"{API}missing/episodes/{reported.json()['id']}/"
    bad = _call(
        w.officer,
        "post",
        episode + "return/",
        {"returned_at": ago(hours=80).isoformat(), "found_postcode": "??"},
    )
    assert bad.status_code == 422
    assert set(bad.json()) == {"found_postcode"}
    back = _call(
        w.officer,
        "post",
        episode + "return/",
        {"returned_at": ago(hours=80).isoformat(), "found_premises_type": "hotel"},
    )
    assert back.status_code == 200, back.json()

    overview = _call(w.social_worker, "get", f"{API}missing/")
    _assert_matches(schema, "/api/v1/missing/", "get", 200, overview.json())
    assert [line["person_id"] for line in overview.json()["overdue"]] == [str(w.girl.pk)]

    held = _call(
        w.social_worker,
        "post",
        episode + "interview/",
        {
            "outcome": "held",
            "offered_at": ago(hours=75).isoformat(),
            "held_at": ago(hours=74).isoformat(),
            "account": "At a party with older men",
        },
    )
    assert held.status_code == 201, held.json()
    listed = _call(w.social_worker, "get", child + "episodes/")
    _assert_matches(
        schema, "/api/v1/persons/{person_id}/missing/episodes/", "get", 200, listed.json()
    )
    (seen,) = listed.json()["episodes"]
    assert seen["interview"]["outcome"] == "Held"
    assert ("In their words", "At a party with older men") in [
        (a["field"], a["text"]) for a in seen["interview"]["answers"]
    ]


def test_a_child_or_episode_the_caller_may_not_reach_is_a_404() -> None:
    w = world()
    episode = w.report_and_return()
    stranger = f.user(f.agency("trust", "health"))
    for method, url in (
        ("get", f"{API}persons/{w.girl.pk}/missing/episodes/"),
        ("get", f"{API}persons/not-a-uuid/missing/profile/"),
        ("post", f"{API}missing/episodes/{episode.pk}/interview/"),
        ("post", f"{API}missing/episodes/{uuid.uuid4()}/return/"),
    ):
        body = (
            {"outcome": "declined", "offered_at": ago(hours=1).isoformat()}
            if method == "post"
            else None
        )
        assert _call(stranger, method, url, body).status_code == 404, url
    assert _call(stranger, "get", f"{API}missing/").status_code == 200
