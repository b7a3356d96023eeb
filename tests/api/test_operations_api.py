"""The operations' API as a team uses it: a supervisor opens an operation, names a survivor
and a suspect, walks the suspect on and logs decisions (a closure closes it); anyone
outside the team gets the JSON 404 of a missing operation; a practitioner of the team
cannot approve a contact plan; bad input is refused naming the field; and "not now"
through the API, without a date she agreed to, never prompts a contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from safehub.agencies.models import Agency, Role, User
from safehub.audit.models import AuditEvent, Verb
from safehub.operations.engagement import due_to_come_back
from safehub.operations.models import ContactPlan, Operation
from safehub.operations.services import current
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.api.test_schema import _assert_matches

pytestmark = pytest.mark.django_db

OPERATIONS = "/api/v1/operations/"


@dataclass
class Team:
    police: Agency
    supervisor: User  # opens the operation
    approver: User  # another supervisor of the team
    practitioner: User  # a member who may not approve
    outsider: User  # a supervisor of the same agency, not in the team


@pytest.fixture
def team(db: None) -> Team:
    police = f.agency("police")
    return Team(
        police,
        f.user(police, Role.SUPERVISOR),
        f.user(police, Role.SUPERVISOR),
        f.user(police, Role.PRACTITIONER),
        f.user(police, Role.SUPERVISOR),
    )


def _post(user: User, url: str, body: Any) -> Any:
    return Client().post(url, body, content_type="application/json", headers=_as(user))


def _get(user: User, url: str) -> Any:
    return Client().get(url, headers=_as(user))


def _as(user: User) -> dict[str, str]:
    return bearer(token_for(user))


def _open(team: Team) -> Operation:
    answer = _post(
        team.supervisor,
        OPERATIONS,
        {
            "name": "Operation Larch",
            "scope": "The Canal Street takeaways, 2003-2009",
            "senior_officer": team.approver.pk,
        },
    )
    assert answer.status_code == 201, answer.json()
    operation = Operation.objects.get(pk=answer.json()["id"])
    operation.case.members.add(team.practitioner)
    return operation


def _url(operation: Operation, rest: str = "") -> str:
    return f"{OPERATIONS}{operation.pk}/{rest}"


def _nominal(
    team: Team,
    operation: Operation,
    role: str,
    given_names: str = "Kayleigh",
    family_name: str = "Smith",
) -> UUID:
    person_id = f.record(team.police, given_names=given_names, family_name=family_name).person_id
    answer = _post(
        team.supervisor,
        _url(operation, "nominals/"),
        {"person": str(person_id), "role": role, "on": "2026-01-05"},
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["status"] == "identified"
    return person_id


def _walk(team: Team, operation: Operation, person_id: UUID, *statuses: str) -> None:
    for status in statuses:
        answer = _post(
            team.supervisor,
            _url(operation, f"nominals/{person_id}/status/"),
            {"status": status, "on": "2026-01-06"},
        )
        assert answer.status_code == 201, (status, answer.json())


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_a_supervisor_runs_an_operation_through_the_api(team: Team) -> None:
    operation = _open(team)
    survivor = _nominal(team, operation, "victim", given_names="Kayleigh")
    suspect = _nominal(team, operation, "suspect", given_names="Dean", family_name="Barker")
    _walk(team, operation, suspect, "traced", "arrested", "interviewed", "charged")
    decided = _post(
        team.supervisor,
        _url(operation, "decisions/"),
        {"kind": "priority", "rationale": "Barker first: two survivors name him."},
    )
    assert decided.status_code == 201
    assert decided.json()["seq"] == 1

    listed = _get(team.practitioner, OPERATIONS).json()
    assert [row["name"] for row in listed["results"]] == ["Operation Larch"]
    assert listed["results"][0]["figures"]["suspects_charged"] == 1

    detail = _get(team.practitioner, _url(operation))
    assert detail.status_code == 200
    body = detail.json()
    by_role = {group["role"]: group["people"] for group in body["nominals"]}
    assert [p["person_id"] for p in by_role["victim"]] == [str(survivor)]
    assert by_role["victim"][0]["name"].startswith("Kayleigh")
    assert by_role["suspect"][0]["status"] == "charged"
    assert {m["name"] for m in body["team"]} >= {team.supervisor.display_name}
    assert body["figures"]["victims_identified"] == 1
    assert body["closure"] is None
    assert body["may"]["decide"] is False  # a practitioner
    _assert_matches(_schema(), "/api/v1/operations/{operation_id}/", "get", 200, body)
    # Audited as the page is: a view naming the people it shows.
    assert AuditEvent.objects.filter(
        actor=team.practitioner, verb=Verb.VIEW, target_type="operation"
    ).exists()

    log = _get(team.supervisor, _url(operation, "decisions/")).json()
    assert [(d["seq"], d["kind"]) for d in log] == [(1, "priority")]


def test_a_closure_through_the_api_closes_the_operation(team: Team) -> None:
    operation = _open(team)
    closed = _post(
        team.supervisor,
        _url(operation, "decisions/"),
        {"kind": "closure", "rationale": "Every suspect charged; support in place."},
    )
    assert closed.status_code == 201
    operation.case.refresh_from_db()
    assert operation.case.closed_at is not None
    body = _get(team.supervisor, _url(operation)).json()
    assert body["open"] is False
    assert body["closure"]["rationale"] == "Every suspect charged; support in place."


def test_someone_outside_the_team_gets_the_404_of_a_missing_operation(team: Team) -> None:
    operation = _open(team)
    survivor = _nominal(team, operation, "victim")
    missing = Operation.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    for rest in ("", "decisions/", f"nominals/{survivor}/engagement/"):
        refused = _get(team.outsider, _url(operation, rest))
        absent = _get(team.outsider, f"{OPERATIONS}{missing}/{rest}")
        assert refused.status_code == absent.status_code == 404
        assert refused.json() == absent.json() == {"detail": "Not found"}
    refused = _post(
        team.outsider,
        _url(operation, "decisions/"),
        {"kind": "priority", "rationale": "I would like to be in charge."},
    )
    assert refused.status_code == 404
    assert not operation.decisions.exists()
    assert AuditEvent.objects.filter(actor=team.outsider, verb=Verb.REFUSED).count() >= 4
    assert _get(team.outsider, OPERATIONS).json()["results"] == []


def _under_review(team: Team, operation: Operation) -> UUID:
    survivor = _nominal(team, operation, "victim")
    _walk(team, operation, survivor, "traced", "pre_contact_review")
    return survivor


def _plan(team: Team, operation: Operation, survivor: UUID) -> int:
    written = _post(
        team.supervisor,
        _url(operation, f"nominals/{survivor}/engagement/plan/"),
        {
            "risks_and_needs": "Lives near him; her own child",
            "contact_by": "Her ISVA",
            "contact_how": "By phone, after 6pm",
            "support_offer": ["ISVA", "counselling"],
        },
    )
    assert written.status_code == 201, written.json()
    return int(written.json()["id"])


def test_a_practitioner_of_the_team_cannot_approve_a_plan(team: Team) -> None:
    operation = _open(team)
    survivor = _under_review(team, operation)
    plan = _plan(team, operation, survivor)
    approval = _url(operation, f"nominals/{survivor}/engagement/approval/")

    refused = _post(team.practitioner, approval, {"plan": plan})
    assert refused.status_code == 404
    assert refused.json() == {"detail": "Not found"}
    assert ContactPlan.objects.get(pk=plan).approved_at is None
    # Not before the police (the team's one agency) have checked what they hold.
    waiting = _post(team.approver, approval, {"plan": plan})
    assert waiting.status_code == 422
    assert "waiting for Northvale Police" in waiting.json()["non_field_errors"][0]
    checked = _post(
        team.practitioner,
        _url(operation, f"nominals/{survivor}/engagement/checks/"),
        {"plan": plan, "finding": "Nothing relevant"},
    )
    assert checked.status_code == 201
    # Nor may its author approve it; another supervisor of the team may.
    assert _post(team.supervisor, approval, {"plan": plan}).status_code == 422
    approved = _post(team.approver, approval, {"plan": plan})
    assert approved.status_code == 200
    assert approved.json()["approved_by"] == team.approver.display_name

    page = _get(team.practitioner, _url(operation, f"nominals/{survivor}/engagement/"))
    assert page.status_code == 200
    body = page.json()
    assert body["plan"]["id"] == plan
    assert [c["finding"] for c in body["checks"]] == ["Nothing relevant"]
    assert body["may"]["approve"] is False
    path = "/api/v1/operations/{operation_id}/nominals/{person_id}/engagement/"
    _assert_matches(_schema(), path, "get", 200, body)


def test_bad_input_is_refused_naming_the_field(team: Team) -> None:
    operation = _open(team)
    suspect = _nominal(team, operation, "suspect")
    status_url = _url(operation, f"nominals/{suspect}/status/")

    not_a_status = _post(team.supervisor, status_url, {"status": "flying", "on": "2026-01-06"})
    assert not_a_status.status_code == 400
    assert set(not_a_status.json()) == {"status"}
    not_a_date = _post(team.supervisor, status_url, {"status": "traced", "on": "2026-13-40"})
    assert not_a_date.status_code == 400
    assert set(not_a_date.json()) == {"on"}
    # A step the lifecycle does not allow: the service's words.
    skipped = _post(team.supervisor, status_url, {"status": "charged", "on": "2026-01-06"})
    assert skipped.status_code == 422
    assert "may go to" in skipped.json()["non_field_errors"][0]
    assert current(operation, suspect).status == "identified"  # type: ignore[union-attr]

    other_agency = f.user(f.agency("trust", "health"), Role.SUPERVISOR)
    officer = _post(
        team.supervisor,
        OPERATIONS,
        {"name": "Operation Ash", "scope": "The park", "senior_officer": other_agency.pk},
    )
    # A user they may not name is as a missing one.
    assert officer.status_code == 404
    assert "senior officer" in officer.json()["detail"]
    assert not Operation.objects.filter(name="Operation Ash").exists()


def _approved(team: Team, operation: Operation) -> UUID:
    survivor = _under_review(team, operation)
    plan = _plan(team, operation, survivor)
    checks = _url(operation, f"nominals/{survivor}/engagement/checks/")
    checked = _post(team.supervisor, checks, {"plan": plan, "finding": "Nothing relevant"})
    assert checked.status_code == 201
    approval = _url(operation, f"nominals/{survivor}/engagement/approval/")
    assert _post(team.approver, approval, {"plan": plan}).status_code == 200
    return survivor


def test_not_now_through_the_api_prompts_no_contact(team: Team) -> None:
    operation = _open(team)
    survivor = _approved(team, operation)
    contacts = _url(operation, f"nominals/{survivor}/engagement/contacts/")

    # A date to come back is kept only for "not now" or "unsure".
    declined = _post(
        team.practitioner,
        contacts,
        {
            "contact_on": "2026-01-10",
            "contact_how": "Her ISVA, by phone",
            "decision": "declined",
            "come_back_on": "2026-03-01",
        },
    )
    assert declined.status_code == 422

    not_now = _post(
        team.practitioner,
        contacts,
        {
            "contact_on": "2026-01-10",
            "contact_how": "Her ISVA, by phone",
            "decision": "not_now",
            "their_words": "Not while he is still around.",
        },
    )
    assert not_now.status_code == 201, not_now.json()
    assert not_now.json()["come_back_on"] is None
    assert due_to_come_back(operation, date(2030, 1, 1)) == []
    body = _get(team.practitioner, _url(operation, f"nominals/{survivor}/engagement/")).json()
    assert body["status"] == "not_now"
    assert body["due"] is None
    assert [d["decision"] for d in body["decisions"]] == ["not_now"]
