"""What the operations' pages gained, through the API: a supervisor adds a colleague to the
team, records an order against a suspect (listed in the operation's JSON), reads the
return and records a suspect's facts for it, and records a survivor's consent to share
with an agency (her engagement lists it, and the agencies still to check the plan).
Each answer matches the schema; anyone outside the team gets the JSON 404 of a missing
operation; bad input is a 400 naming the field, a refused request a 422 in the service's
words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from safehub.access.models import SharingBasis
from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.operations.models import Operation
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.api.test_schema import _assert_matches

pytestmark = pytest.mark.django_db

OPERATIONS = "/api/v1/operations/"
PATH = "/api/v1/operations/{operation_id}/"
NOMINAL_PATH = PATH + "nominals/{person_id}/"


@dataclass
class Team:
    police: Agency
    trust: Agency
    supervisor: User  # opens the operation
    practitioner: User  # a member who may not add anyone
    colleague: User  # of the police, not yet in the team
    outsider: User  # a supervisor of the police, not in the team


@pytest.fixture
def team(db: None) -> Team:
    police = f.agency("police")
    return Team(
        police,
        f.agency("trust", "health", record_sensitivity="health"),
        f.user(police, Role.SUPERVISOR),
        f.user(police, Role.PRACTITIONER),
        f.user(police, Role.PRACTITIONER),
        f.user(police, Role.SUPERVISOR),
    )


def _post(user: User, url: str, body: Any) -> Any:
    return Client().post(url, body, content_type="application/json", headers=_as(user))


def _get(user: User, url: str) -> Any:
    return Client().get(url, headers=_as(user))


def _as(user: User) -> dict[str, str]:
    return bearer(token_for(user))


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _open(team: Team) -> Operation:
    answer = _post(
        team.supervisor,
        OPERATIONS,
        {"name": "Operation Larch", "scope": "The takeaways", "senior_officer": team.supervisor.pk},
    )
    assert answer.status_code == 201, answer.json()
    operation = Operation.objects.get(pk=answer.json()["id"])
    operation.case.members.add(team.practitioner)
    return operation


def _url(operation: Operation, rest: str = "") -> str:
    return f"{OPERATIONS}{operation.pk}/{rest}"


def _nominal(team: Team, operation: Operation, role: str, given_names: str, **fields: Any) -> UUID:
    person_id = f.record(team.police, given_names=given_names, **fields).person_id
    answer = _post(
        team.supervisor,
        _url(operation, "nominals/"),
        {"person": str(person_id), "role": role, "on": "2026-01-05"},
    )
    assert answer.status_code == 201, answer.json()
    return person_id


def _walk(team: Team, operation: Operation, person_id: UUID, *statuses: str) -> None:
    for status in statuses:
        url = _url(operation, f"nominals/{person_id}/status/")
        answer = _post(team.supervisor, url, {"status": status, "on": "2026-01-06"})
        assert answer.status_code == 201, (status, answer.json())


def test_a_supervisor_adds_a_colleague_to_the_team(team: Team) -> None:
    operation = _open(team)
    url = _url(operation, "team/")

    added = _post(team.supervisor, url, {"user": team.colleague.pk})
    assert added.status_code == 201, added.json()
    assert added.json() == {
        "id": team.colleague.pk,
        "name": team.colleague.display_name,
        "agency": "Northvale Police",
    }
    _assert_matches(_schema(), PATH + "team/", "post", 201, added.json())
    assert operation.case.members.filter(pk=team.colleague.pk).exists()
    body = _get(team.colleague, _url(operation)).json()
    assert team.colleague.display_name in {m["name"] for m in body["team"]}

    # Someone already in the team is not offered: as a missing user.
    again = _post(team.supervisor, url, {"user": team.colleague.pk})
    assert again.status_code == 404
    assert "no user by that id" in again.json()["detail"]
    # A practitioner of the team may not add anyone: the refusal, whoever they name.
    stranger = f.user(team.police, Role.PRACTITIONER)
    refused = _post(team.practitioner, url, {"user": stranger.pk})
    assert refused.status_code == 404
    assert refused.json() == {"detail": "Not found"}
    assert not operation.case.members.filter(pk=stranger.pk).exists()
    # Bad input: the field at fault.
    malformed = _post(team.supervisor, url, {"user": "the new DC"})
    assert malformed.status_code == 400
    assert set(malformed.json()) == {"user"}


def test_an_order_against_a_suspect_is_listed_with_the_operation(team: Team) -> None:
    operation = _open(team)
    suspect = _nominal(team, operation, "suspect", "Dean", family_name="Barker")
    survivor = _nominal(team, operation, "victim", "Kayleigh")
    url = _url(operation, "disruptions/")

    recorded = _post(
        team.practitioner,
        url,
        {"person_id": str(suspect), "kind": "cawn", "served_on": "2026-01-07", "note": "Served"},
    )
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["kind_words"] == "Child abduction warning notice"
    assert recorded.json()["ends_on"] is None
    schema = _schema()
    _assert_matches(schema, PATH + "disruptions/", "post", 201, recorded.json())

    body = _get(team.practitioner, _url(operation)).json()
    [row] = body["disruptions"]
    assert row["suspect"].startswith("Dean")
    assert (row["kind"], row["served_on"], row["in_force"]) == (
        "Child abduction warning notice",
        "2026-01-07",
        True,
    )
    _assert_matches(schema, PATH, "get", 200, body)

    # Not against a survivor, nor ending before it was served: the service's words.
    on_survivor = _post(
        team.practitioner,
        url,
        {"person_id": str(survivor), "kind": "sro", "served_on": "2026-01-07"},
    )
    assert on_survivor.status_code == 422
    assert "against a suspect" in on_survivor.json()["non_field_errors"][0]
    backwards = _post(
        team.practitioner,
        url,
        {
            "person_id": str(suspect),
            "kind": "sro",
            "served_on": "2026-01-07",
            "ends_on": "2026-01-01",
        },
    )
    assert backwards.status_code == 422
    not_a_kind = _post(
        team.practitioner,
        url,
        {"person_id": str(suspect), "kind": "curfew", "served_on": "2026-01-07"},
    )
    assert not_a_kind.status_code == 400
    assert set(not_a_kind.json()) == {"kind"}
    assert operation.disruptions.count() == 1


def test_the_return_and_a_suspects_facts(team: Team) -> None:
    operation = _open(team)
    suspect = _nominal(team, operation, "suspect", "Dean", family_name="Barker", sex="male")
    _nominal(team, operation, "victim", "Kayleigh")
    _walk(team, operation, suspect, "traced", "arrested")
    facts_url = _url(operation, f"nominals/{suspect}/facts/")

    facts = _post(team.practitioner, facts_url, {"deceased": True, "public_prominence": False})
    assert facts.status_code == 200, facts.json()
    assert (facts.json()["deceased"], facts.json()["public_prominence"]) == (True, False)
    schema = _schema()
    _assert_matches(schema, NOMINAL_PATH + "facts/", "post", 200, facts.json())

    answer = _get(team.practitioner, _url(operation, "return/"))
    assert answer.status_code == 200
    body = answer.json()
    [line] = body["suspects"]  # suspects only, by number
    assert line["number"] == 1
    assert line["person_id"] == str(suspect)
    assert line["name"].startswith("Dean")
    assert (line["sex"], line["deceased"], line["public_prominence"]) == ("Male", True, False)
    assert line["outcome"] == "Arrested"
    assert (body["live"], body["institution"], body["may_set_facts"]) == (True, "", True)
    assert body["figures"]["suspects_arrested"] == 1
    _assert_matches(schema, PATH + "return/", "get", 200, body)
    # Audited as the page is: a view naming the suspect.
    seen = AuditEvent.objects.filter(
        actor=team.practitioner, verb=Verb.VIEW, target_type="operation_return"
    )
    assert [e.detail["people"] for e in seen] == [[str(suspect)]]

    not_a_yes = _post(team.practitioner, facts_url, {"deceased": "perhaps"})
    assert not_a_yes.status_code == 400
    assert set(not_a_yes.json()) == {"deceased", "public_prominence"}
    survivor = operation.statuses.get(role="victim").person_id
    on_survivor = _post(
        team.practitioner,
        _url(operation, f"nominals/{survivor}/facts/"),
        {"deceased": False, "public_prominence": True},
    )
    assert on_survivor.status_code == 422
    assert "for a suspect" in on_survivor.json()["non_field_errors"][0]


def test_a_survivors_consent_to_share(team: Team) -> None:
    operation = _open(team)
    survivor = _nominal(team, operation, "victim", "Kayleigh")
    _walk(team, operation, survivor, "traced", "pre_contact_review")
    written = _post(
        team.supervisor,
        _url(operation, f"nominals/{survivor}/engagement/plan/"),
        {"risks_and_needs": "Her own child", "contact_by": "Her ISVA", "contact_how": "Phone"},
    )
    assert written.status_code == 201
    url = _url(operation, f"nominals/{survivor}/engagement/sharing/")

    shared = _post(
        team.supervisor,
        url,
        {
            "provider": team.trust.pk,
            "basis": "safeguarding_exception",
            "lawful_basis": "children_act_s47",
            "reason": "Section 47 enquiries: her child at risk.",
        },
    )
    assert shared.status_code == 201, shared.json()
    assert (shared.json()["agency"], shared.json()["lawful_basis"]) == (
        "Northvale Trust",
        "children_act_s47",
    )
    schema = _schema()
    _assert_matches(schema, NOMINAL_PATH + "engagement/sharing/", "post", 201, shared.json())

    page = _get(team.practitioner, _url(operation, f"nominals/{survivor}/engagement/"))
    body = page.json()
    [row] = body["sharing"]
    assert row["agency"] == "Northvale Trust"
    assert row["consented"] is False
    assert row["lawful_basis"] == "Children Act 1989, section 47 enquiries"
    assert body["awaited"] == ["Northvale Police"]  # the team's agency, yet to check
    assert body["may"]["share"] is False  # a practitioner
    assert "knowledge" not in body
    _assert_matches(schema, NOMINAL_PATH + "engagement/", "get", 200, body)

    # Without consent only with the law it relies on: the service's words.
    no_law = _post(
        team.supervisor,
        url,
        {"provider": team.trust.pk, "basis": "safeguarding_exception", "reason": "Urgent."},
    )
    assert no_law.status_code == 422
    assert "lawful basis" in no_law.json()["non_field_errors"][0]
    bad = _post(
        team.supervisor, url, {"provider": team.trust.pk + 1000, "basis": "maybe", "reason": "x"}
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"provider", "basis"}
    # A practitioner of the team records no consent.
    refused = _post(
        team.practitioner, url, {"provider": team.trust.pk, "basis": "consent", "reason": "Yes."}
    )
    assert refused.status_code == 404
    assert SharingBasis.objects.count() == 1


def test_someone_outside_the_team_gets_the_404_of_a_missing_operation(team: Team) -> None:
    operation = _open(team)
    suspect = _nominal(team, operation, "suspect", "Dean")
    survivor = _nominal(team, operation, "victim", "Kayleigh")
    missing = Operation.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    writes = {
        "team/": {"user": team.colleague.pk},
        "disruptions/": {"person_id": str(suspect), "kind": "cawn", "served_on": "2026-01-07"},
        f"nominals/{suspect}/facts/": {"deceased": True, "public_prominence": False},
        f"nominals/{survivor}/engagement/sharing/": {
            "provider": team.trust.pk,
            "basis": "consent",
            "reason": "She agreed in person.",
        },
    }
    before = AuditEvent.objects.filter(actor=team.outsider, verb=Verb.REFUSED).count()
    refused = _get(team.outsider, _url(operation, "return/"))
    absent = _get(team.outsider, f"{OPERATIONS}{missing}/return/")
    assert refused.status_code == absent.status_code == 404
    assert refused.json() == absent.json() == {"detail": "Not found"}
    for rest, body in writes.items():
        refused = _post(team.outsider, _url(operation, rest), body)
        absent = _post(team.outsider, f"{OPERATIONS}{missing}/{rest}", body)
        assert refused.status_code == absent.status_code == 404, rest
        assert refused.json() == absent.json() == {"detail": "Not found"}, rest
    assert AuditEvent.objects.filter(actor=team.outsider, verb=Verb.REFUSED).count() >= before + 5
    assert not operation.case.members.filter(pk=team.colleague.pk).exists()
    assert not operation.disruptions.exists()
    assert not operation.suspects.exists()
    assert not SharingBasis.objects.exists()
