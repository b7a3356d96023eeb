"""The OpenAPI schema: served only to signed-in users, and it describes the real responses
(each is validated against it as JSON Schema, with no key the schema does not name)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests import factories as f
from tests.api.conftest import (
    PERSONS_URL,
    SCHEMA_URL,
    TOKENS_URL,
    Hub,
    bearer,
    person_url,
    token_for,
)

pytestmark = pytest.mark.django_db

SignIn = Callable[..., Client]
BASE = "urn:safehub-api"


def _closed(node: Any) -> Any:
    """The schema with every described object closed: a key it does not name fails."""
    if isinstance(node, dict):
        closed = {key: _closed(value) for key, value in node.items()}
        if "properties" in closed and "additionalProperties" not in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(node, list):
        return [_closed(item) for item in node]
    return node


def _assert_matches(schema: dict[str, Any], path: str, method: str, status: int, body: Any) -> None:
    document = _closed(copy.deepcopy(schema))
    response = document["paths"][path][method]["responses"][str(status)]
    described = response["content"]["application/json"]["schema"]
    registry = Registry().with_resource(BASE, DRAFT202012.create_resource(document))
    ref = described["$ref"]
    validator = Draft202012Validator(
        {"$ref": f"{BASE}{ref}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [error.message for error in validator.iter_errors(body)]
    assert errors == []


@pytest.fixture
def schema(hub: Hub, client: Client) -> dict[str, Any]:
    response = client.get(
        SCHEMA_URL, {"format": "json"}, headers=bearer(token_for(f.user(hub.csc)))
    )
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_served_to_a_verified_session(hub: Hub, signed_in: SignIn) -> None:
    response = signed_in(f.user(hub.csc)).get(SCHEMA_URL)
    assert response.status_code == 200
    assert b"/api/v1/persons/{person_id}/" in response.content


def test_the_schema_is_refused_without_sign_in_or_second_factor(
    hub: Hub, client: Client, unverified: SignIn
) -> None:
    assert client.get(SCHEMA_URL).status_code == 401
    assert unverified(f.user(hub.csc)).get(SCHEMA_URL).status_code in {401, 403}


def test_the_schema_names_both_ways_in(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerToken"]["description"],
    }
    assert schemes["verifiedSession"]["in"] == "cookie"
    assert schema["paths"][TOKENS_URL]["post"]["security"] == [{"verifiedSession": []}]


def test_a_full_profile_matches_the_schema(
    hub: Hub, schema: dict[str, Any], signed_in: SignIn
) -> None:
    worker = f.user(hub.csc)
    f.case(worker, people={hub.girl.person_id: "victim"})
    f.lives_at(hub.girl, f.location(hub.csc))
    f.associate(hub.girl, f.record(hub.csc, given_names="Dean"), "boyfriend")
    f.associate(hub.girl, f.record(hub.police, given_names="Zed"), "associate")
    body = signed_in(worker).get(person_url(hub.girl.person_id)).json()
    assert body["records"]
    assert body["events"]
    assert body["locations"]
    assert {a["person_withheld"] for a in body["associations"]} == {True, False}
    _assert_matches(schema, "/api/v1/persons/{person_id}/", "get", 200, body)


def test_a_profile_with_withheld_contact_matches_the_schema(
    hub: Hub, schema: dict[str, Any], signed_in: SignIn
) -> None:
    hub.girl.person.protected_details = True
    hub.girl.person.save()
    officer = f.user(hub.police)
    f.case(officer, people={hub.girl.person_id: "suspect"})
    body = signed_in(officer).get(person_url(hub.girl.person_id)).json()
    assert body["records"][0]["contact_withheld"] is True
    _assert_matches(schema, "/api/v1/persons/{person_id}/", "get", 200, body)


def test_the_list_a_token_and_an_error_match_the_schema(
    hub: Hub, schema: dict[str, Any], signed_in: SignIn
) -> None:
    client = signed_in(f.user(hub.csc))
    _assert_matches(schema, PERSONS_URL, "get", 200, client.get(PERSONS_URL).json())
    missing = client.get(person_url("00000000-0000-0000-0000-000000000000"))
    _assert_matches(schema, "/api/v1/persons/{person_id}/", "get", 404, missing.json())
    issued = client.post(TOKENS_URL, {}, content_type="application/json").json()
    _assert_matches(schema, TOKENS_URL, "post", 201, issued)


def test_the_closed_schema_catches_an_undescribed_key(
    hub: Hub, schema: dict[str, Any], signed_in: SignIn
) -> None:
    body = signed_in(f.user(hub.csc)).get(person_url(hub.girl.person_id)).json()
    body["records"][0]["shoe_size"] = "5"
    with pytest.raises(AssertionError):
        _assert_matches(schema, "/api/v1/persons/{person_id}/", "get", 200, body)
