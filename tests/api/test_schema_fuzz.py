"""docs/security.md 21: the OpenAPI schema fuzzed with Schemathesis as each role, in process.

Every operation of the schema, as every role of `Role`, gets the requests Schemathesis
generates from the schema — valid and invalid, in its examples, coverage and fuzzing
phases — sent through the WSGI application with that role's own credentials: a fresh
bearer token where the operation takes one, else a session past the second factor with
its CSRF token. Every response must pass all of Schemathesis's checks (no 5xx; a
documented status, content type, headers and body; invalid input refused; credentials
not ignored; other methods a 405 with Allow) and show no stack trace or debug page.
Without credentials (none, or generated ones) every operation answers 401 or 403. The
world's own persons and pairs are asked for by id as each role too, so that full answers,
not only refusals, are checked against the schema.

The schema is generated at import (drf-spectacular needs no database; Schemathesis makes
one test per operation while collecting); a test checks that /api/schema/ serves it.
Runs are reproducible: a fixed seed per operation, and no example database.

The bugs it found (a pair id the route did not match answered by Django's HTML 404, an
empty `?page=` read as page 1, a decision's 400 body unlike the documented one) are fixed;
each has a test below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.auths import AuthStorage

from safehub.agencies.models import Role, User
from safehub.api.services import api_token_issue
from safehub.linking.models import LinkDecision, ReviewPair
from safehub.records.models import PersonRecord
from tests import factories as f
from tests.api.conftest import PERSONS_URL, SCHEMA_URL, Hub, bearer, token_for
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ROLES = list(Role)
# The coverage phase's boundary cases test an operation's input checks, which are the
# same whoever passes the rule for actions: they run as a supervisor, who passes it on
# every operation of the API (reviews links, approves plans, records consent, edits a
# missing child's profile, opens operations and meetings). A hub manager added nothing
# but a minute of the suite. Every role gets the schema's examples and the fuzzing,
# valid and invalid input.
DATA_PATH_ROLES = [Role.SUPERVISOR]
# A linkage officer sees identity for link review only, a partner's limited account only
# its own concerns: no person opens to them.
NO_PERSONAL_DATA = {
    Role.AUDITOR, Role.ADMIN, Role.HUB_AUDITOR, Role.HUB_ADMIN, Role.LINKAGE, Role.PARTNER,
}  # fmt: skip
# Per operation and role in the fuzzing phase; the other phases (the schema's examples,
# its coverage of boundaries and invalid values) add their own. 12, not 20: with some 40
# operations as 9 roles, 20 took this file past 4½ minutes of the suite's 15 on 2 cores.
EXAMPLES = 6
SEED = 21

API_SCHEMA: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
APP = WSGIHandler()
SESSION_SCHEME = API_SCHEMA["components"]["securitySchemes"]["verifiedSession"]
DECISION = "/api/v1/link-reviews/{pair_id}/decision/"


def _schema(*, authenticated: bool, coverage: bool = True) -> schemathesis.BaseSchema:
    """The schema as Schemathesis loads it, calling the application in process.

    With the role's credentials: valid and invalid input, and no generated credentials.
    Without: valid input only (an invalid path would not reach a view, so it would be a
    404 before any authentication), with generated credentials, which are refused too.
    """
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # The coverage phase's boundary cases test input checks that only a caller
            # the rule for actions lets past reaches: see DATA_PATH_ROLES.
            "phases": {"coverage": {"enabled": coverage}},
            "generation": {
                "max-examples": EXAMPLES,
                "database": "none",
                "mode": "all" if authenticated else "positive",
                "with-security-parameters": not authenticated,
            },
            # A quick concern's rules a schema cannot state: a date within the last year,
            # a phone number that could exist, no invisible formatting characters. A
            # schema-valid body breaking one is refused (400, naming the field), as on the
            # page; every other check still runs on it.
            "operations": [
                {
                    "include-name": "POST /api/v1/concerns/",
                    "checks": {"positive_data_acceptance": {"enabled": False}},
                }
            ],
        }
    )
    loaded = schemathesis.openapi.from_dict(API_SCHEMA, config=config)
    loaded.app = APP
    return loaded


AUTHENTICATED = _schema(authenticated=True)
REFUSED_EARLY = _schema(authenticated=True, coverage=False)
ANONYMOUS = _schema(authenticated=False)

# The fixtures (the world, the credentials) are made once per test and shared by its examples.
FUZZ = hypothesis.settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# ---------------------------------------------------------------- checks


# A Python traceback, or a part of Django's technical 500 or 404 page.
LEAK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+"
    r"|You're seeing this error because you have|Exception Value:|Django Version:"
    r"|Request Method:|Using the URLconf defined in"
)


def no_stack_trace(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool:
    """A Schemathesis check: the body shows no stack trace and no debug page."""
    found = LEAK.search(response.content.decode("utf-8", errors="replace"))
    if found:
        raise AssertionError(f"The response shows a stack trace or debug page: {found[0]!r}")
    return True


# ---------------------------------------------------------------- the world and the credentials


@dataclass
class World:
    hub: Hub
    users: dict[Role, User]
    person_ids: list[str]
    pair_ids: list[int]


@pytest.fixture
def in_process_db() -> Iterator[None]:
    """Requests through the WSGI handler keep the test's connection and its transaction,
    as Django's test client does (Django would close it after each request)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _pair(a: PersonRecord, b: PersonRecord, weight: float) -> ReviewPair:
    low, high = sorted((a, b), key=lambda r: r.pk)
    return ReviewPair.objects.create(
        left=low, right=high, match_weight=weight, match_probability=0.9
    )


@pytest.fixture
def world(hub: Hub, in_process_db: None) -> World:
    """tests/api's hub (social care; an NHS trust sharing health data with social care
    inside a case; the police), a user of each role at social care, all in one case with
    the girl (so the roles that see personal data see her whole profile), her address and
    two associates (one the police's, not shared), and two pairs: her record and the
    police's associate (not social care's to review: a 404), her record and the trust's
    (reviewable inside the case)."""
    users = {role: f.user(hub.csc, role) for role in ROLES}
    f.case(*users.values(), people={hub.girl.person_id: "victim"})
    dean = f.record(
        hub.police, given_names="Dean", family_name="Barker", date_of_birth="2006-01-01"
    )
    f.lives_at(hub.girl, f.location(hub.csc))
    f.associate(hub.girl, f.record(hub.csc, given_names="Zak"), "boyfriend")
    f.associate(hub.girl, dean, "associate")
    pairs = [_pair(hub.girl, dean, 3.5), _pair(hub.girl, hub.trust_record, 6.0)]
    return World(hub, users, [str(hub.girl.person_id), str(dean.person_id)], [p.pk for p in pairs])


Credentials = AuthStorage[dict[str, dict[str, str]]]


def _takes_bearer(case: schemathesis.Case) -> bool:
    operation = API_SCHEMA["paths"][case.operation.path][case.operation.method.lower()]
    return any("bearerToken" in requirement for requirement in operation.get("security", []))


@pytest.fixture
def credentials(world: World, role: Role) -> Credentials:
    """The role's user's credentials, from a Schemathesis auth provider, as each operation
    takes them: a fresh bearer token for each case (DELETE /tokens/current/ revokes the
    one it is called with), else the user's session past the second factor (its cookie)
    and a CSRF token (cookie and header)."""
    user = world.users[role]
    session_key = sign_in(Client(), user).cookies[django_settings.SESSION_COOKIE_NAME].value

    class RoleCredentials:
        def get(
            self, case: schemathesis.Case, context: schemathesis.AuthContext
        ) -> dict[str, dict[str, str]]:
            if _takes_bearer(case):
                return {"headers": bearer(api_token_issue(actor=user).secret)}
            csrf = get_random_string(32)
            return {
                "headers": {"X-CSRFToken": csrf},
                "cookies": {
                    SESSION_SCHEME["name"]: session_key,
                    django_settings.CSRF_COOKIE_NAME: csrf,
                },
            }

        def set(
            self,
            case: schemathesis.Case,
            data: dict[str, dict[str, str]],
            context: schemathesis.AuthContext,
        ) -> None:
            case.headers.update(data["headers"])
            case.cookies.update(data.get("cookies", {}))

    storage: Credentials = AuthStorage()
    storage.auth(refresh_interval=None)(RoleCredentials)
    return storage


# ---------------------------------------------------------------- the fuzzing


def _as_the_role(case: schemathesis.Case, credentials: Credentials) -> None:
    # Set here, not by Schemathesis while generating: the coverage phase's cases are made
    # when the tests are collected, before there is a database or a user.
    credentials.set(case, schemathesis.AuthContext(operation=case.operation, app=APP))
    response = case.call_and_validate(additional_checks=[no_stack_trace])
    assert response.status_code < 500
    assert response.status_code not in {401, 403}, "the role's credentials were refused"


@pytest.mark.parametrize("role", DATA_PATH_ROLES, ids=str)
@AUTHENTICATED.parametrize()
@FUZZ
def test_every_operation_as_each_role(case: schemathesis.Case, credentials: Credentials) -> None:
    """Every phase: the schema's examples, its boundaries (coverage), and fuzzing."""
    _as_the_role(case, credentials)


@pytest.mark.parametrize("role", sorted(set(ROLES) - set(DATA_PATH_ROLES)), ids=str)
@REFUSED_EARLY.parametrize()
@FUZZ
def test_every_operation_as_each_other_role(
    case: schemathesis.Case, credentials: Credentials
) -> None:
    """The examples and fuzzing, valid and invalid input, as every other role (the
    coverage phase's boundary cases would meet the same input checks, or the same
    refusal, at most of the suite's fuzzing time)."""
    _as_the_role(case, credentials)


@ANONYMOUS.parametrize()
@FUZZ
def test_every_operation_refuses_the_unauthenticated(case: schemathesis.Case, world: World) -> None:
    response = case.call_and_validate(additional_checks=[no_stack_trace])
    assert response.status_code in {401, 403}, response.text


@pytest.mark.parametrize("role", ROLES, ids=str)
@hypothesis.settings(FUZZ, max_examples=EXAMPLES, derandomize=True, database=None)
@given(data=st.data())
def test_any_decision_on_a_real_pair_as_each_role(
    data: st.DataObject, world: World, credentials: Credentials
) -> None:
    """Generated pair ids are almost never real ones, so the decision's body (the API's
    one write of data) is fuzzed here on the world's pairs too."""
    pair_id = data.draw(st.sampled_from(world.pair_ids))
    mode = data.draw(st.sampled_from(list(schemathesis.GenerationMode)))
    case = data.draw(
        AUTHENTICATED[DECISION]["POST"].as_strategy(
            generation_mode=mode, path_parameters={"pair_id": pair_id}
        )
    )
    credentials.set(case, schemathesis.AuthContext(operation=case.operation, app=APP))
    response = case.call_and_validate(additional_checks=[no_stack_trace])
    assert response.status_code in {201, 400, 404, 409}


def _cases(world: World) -> Iterator[schemathesis.Case]:
    """Each list, each real person and pair, and each verdict on each pair."""
    yield AUTHENTICATED[PERSONS_URL]["GET"].Case()
    yield AUTHENTICATED["/api/v1/link-reviews/"]["GET"].Case()
    for person_id in world.person_ids:
        yield AUTHENTICATED["/api/v1/persons/{person_id}/"]["GET"].Case(
            path_parameters={"person_id": person_id}
        )
    for pair_id in world.pair_ids:
        yield AUTHENTICATED["/api/v1/link-reviews/{pair_id}/"]["GET"].Case(
            path_parameters={"pair_id": pair_id}
        )
        for verdict in ("same", "different", "unsure"):
            yield AUTHENTICATED[DECISION]["POST"].Case(
                path_parameters={"pair_id": pair_id},
                media_type="application/json",
                body={"verdict": verdict, "note": "checked by the schema fuzz test"},
            )


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_the_worlds_persons_and_pairs_as_each_role(role: Role, world: World) -> None:
    """Fuzzed ids are almost never real ones: the real ones, as each role, answer as the
    schema says — with data to the roles that see personal data, and none to the
    auditor and the administrator."""
    ok = []
    for case in _cases(world):
        response = case.call_and_validate(
            headers=bearer(token_for(world.users[role])), additional_checks=[no_stack_trace]
        )
        assert response.status_code in {200, 201, 403, 404}
        body = response.json()
        if response.status_code in {200, 201} and body.get("count", 1):
            ok.append(case.operation.label)
    if role in NO_PERSONAL_DATA:
        assert ok == []
    else:
        assert f"GET {PERSONS_URL}{{person_id}}/" in ok


def test_the_fuzzed_schema_is_the_one_served(world: World) -> None:
    served = Client().get(
        SCHEMA_URL, {"format": "json"}, headers=bearer(token_for(world.users[Role.PRACTITIONER]))
    )
    assert served.status_code == 200
    assert served.json() == API_SCHEMA


# ---------------------------------------------------------------- the bugs it found


@pytest.mark.parametrize("pair_id", ["-1", "abc"])
def test_a_pair_id_of_no_pair_is_the_apis_json_404(world: World, pair_id: str) -> None:
    client = Client()
    headers = bearer(token_for(world.users[Role.SUPERVISOR]))
    for response in (
        client.get(f"/api/v1/link-reviews/{pair_id}/", headers=headers),
        client.post(
            f"/api/v1/link-reviews/{pair_id}/decision/",
            {"verdict": "same"},
            content_type="application/json",
            headers=headers,
        ),
    ):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", [PERSONS_URL, "/api/v1/link-reviews/"])
def test_an_empty_page_number_is_refused(world: World, url: str) -> None:
    response = Client().get(
        url, {"page": ""}, headers=bearer(token_for(world.users[Role.SUPERVISOR]))
    )
    assert response.status_code in {400, 404}


@pytest.mark.parametrize(
    "body",
    [{"verdict": "maybe"}, {"verdict": "same", "seen_decision": "x"}, []],
    ids=["verdict", "seen_decision", "not-an-object"],
)
def test_a_bad_decision_is_a_documented_400(world: World, body: object) -> None:
    response = Client().post(
        f"/api/v1/link-reviews/{world.pair_ids[-1]}/decision/",
        body,
        content_type="application/json",
        headers=bearer(token_for(world.users[Role.SUPERVISOR])),
    )
    assert response.status_code == 400
    errors = response.json()  # the fields at fault, each with its messages (documented)
    assert isinstance(errors, dict)
    assert errors
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert not LinkDecision.objects.exists()


def test_the_leak_check_knows_djangos_debug_pages(settings: Any) -> None:
    settings.DEBUG = True
    page = Client().get("/api/v1/no-such-route/").content.decode()
    assert LEAK.search(page)
    assert LEAK.search('Traceback (most recent call last):\n  File "/x/y.py", line 3, in z')
