"""Hostile input to the API, beside the schema-driven fuzzing of test_schema_fuzz.py
(docs/security.md 21): odd tokens, token bodies and person ids never cause a 5xx or a trace, and
never grant anything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehub.api.models import ApiToken
from tests import factories as f
from tests.api.conftest import PERSONS_URL, TOKENS_URL, Hub

pytestmark = pytest.mark.django_db

SignIn = Callable[..., Client]
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# A real server hands Django headers decoded as Latin-1.
latin1 = st.text(st.characters(max_codepoint=255, exclude_categories=["Cs"]), max_size=200)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(header=latin1)
def test_any_authorization_header_is_refused_cleanly(hub: Hub, client: Client, header: str) -> None:
    response = client.get(PERSONS_URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(
            ["hours", "user", "user_id", "expires_at", "revoked_at", "key_hash", "prefix"]
        ),
        json_values,
        max_size=7,
    )
    | json_values
)
def test_any_token_body_gives_a_token_of_the_caller_or_a_400(
    hub: Hub, signed_in: SignIn, body: object
) -> None:
    worker = f.user(hub.csc)
    response = signed_in(worker).post(TOKENS_URL, body, content_type="application/json")
    assert response.status_code in {201, 400}, response.content
    if response.status_code == 201:
        token = ApiToken.objects.get(prefix=response.json()["prefix"], user=worker)
        assert timedelta(hours=1) <= token.expires_at - token.created_at <= timedelta(hours=24)
    assert not ApiToken.objects.exclude(user__agency=hub.csc).exists()


@FUZZ
@given(person_id=st.text(min_size=1, max_size=80).filter(lambda s: "/" not in s))
def test_any_person_id_is_a_json_404_or_a_profile(
    hub: Hub, signed_in: SignIn, person_id: str
) -> None:
    response = signed_in(f.user(hub.police)).get(f"{PERSONS_URL}{quote(person_id, safe='')}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such person"}
