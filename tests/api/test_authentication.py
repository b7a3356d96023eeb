"""Who gets in: a session past the second factor or a live token; nobody else (docs/security.md 15).
And how refusals and faults look: JSON, no trace, no data."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import DatabaseError
from django.test import Client

from safehub.api.authentication import SECOND_FACTOR_REQUIRED
from safehub.api.errors import AUDIT_UNAVAILABLE
from safehub.audit.models import AuditEvent
from tests import factories as f
from tests.api.conftest import PERSONS_URL, Hub, bearer, person_url, token_for
from tests.audit.tampering import purge_audit_log

pytestmark = pytest.mark.django_db

SignIn = Callable[..., Client]


def _no_trace(text: str) -> None:
    for marker in ("Traceback", 'File "', "site-packages", "safehub/"):
        assert marker not in text


def test_without_credentials_the_api_answers_401_not_a_redirect(hub: Hub, client: Client) -> None:
    for url in (PERSONS_URL, person_url(hub.girl.person_id)):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response["Content-Type"] == "application/json"


def test_a_session_without_the_second_factor_is_refused(hub: Hub, unverified: SignIn) -> None:
    client = unverified(f.user(hub.csc))
    for url in (PERSONS_URL, person_url(hub.girl.person_id)):
        response = client.get(url)
        assert response.status_code in {401, 403}
        assert response.json() == {"detail": SECOND_FACTOR_REQUIRED}
        assert "Kayleigh" not in response.content.decode()
    assert not AuditEvent.objects.filter(target_type__startswith="person").exists()


def test_a_disabled_users_session_is_refused(hub: Hub, signed_in: SignIn) -> None:
    worker = f.user(hub.csc)
    client = signed_in(worker)
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert client.get(PERSONS_URL).status_code == 401


def test_a_token_reads_like_a_session(hub: Hub, client: Client) -> None:
    secret = token_for(f.user(hub.csc))
    response = client.get(person_url(hub.girl.person_id), headers=bearer(secret))
    assert response.status_code == 200
    assert response.json()["name"] == "Kayleigh Smith"


def test_a_404_body_has_no_trace(hub: Hub, signed_in: SignIn) -> None:
    response = signed_in(f.user(hub.csc)).get(person_url("1 OR 1=1"))
    assert response.status_code == 404
    _no_trace(response.content.decode())


def test_a_405_body_has_no_trace_and_nothing_changes(hub: Hub, signed_in: SignIn) -> None:
    """docs/security.md 7: the people endpoints are read-only, whatever the body tries to set."""
    client = signed_in(f.user(hub.csc))
    attempt = {
        "agency": "police",
        "owner": "police",
        "sensitivity": "general",
        "review_on": "2099-01-01",
    }
    for method in ("post", "put", "patch", "delete"):
        for url in (PERSONS_URL, person_url(hub.girl.person_id)):
            response = getattr(client, method)(url, attempt, content_type="application/json")
            assert response.status_code == 405, (method, url)
            assert response["Content-Type"] == "application/json"
            _no_trace(response.content.decode())
    hub.girl.refresh_from_db()
    assert hub.girl.agency == hub.csc


def test_options_discloses_nothing(hub: Hub, signed_in: SignIn) -> None:
    response = signed_in(f.user(hub.csc)).options(PERSONS_URL)
    assert response.status_code == 405


@pytest.fixture
def audit_purged_after(transactional_db: None) -> Iterator[None]:
    """Empties the append-only log after a transactional test, so the flush may run."""
    yield
    purge_audit_log()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_purged_after")
def test_no_audit_row_no_data_503(
    hub: Hub, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/security.md 10 through the API: the audit log cannot be written, nothing is shown.
    (Transactional, as in production: no test transaction around the failed append.)"""
    secret = token_for(f.user(hub.csc))

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr("safehub.audit.log._append", broken)
    for url in (PERSONS_URL, person_url(hub.girl.person_id)):
        response = client.get(url, headers=bearer(secret))
        assert response.status_code == 503
        assert response.json() == {"detail": AUDIT_UNAVAILABLE}
        assert "Kayleigh" not in response.content.decode()
