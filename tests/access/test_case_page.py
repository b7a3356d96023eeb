"""The case page: a case team's reference, people, team, consents and notes, for its
members only — anyone else gets the 404 of a case that does not exist, audited — and
notes added by members of the open case, never edited."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.access.actions import ActionRefused
from safehub.access.models import CaseNote, CaseTeam, SharingBasis
from safehub.access.queries import NAME_WITHHELD
from safehub.access.services import cases
from safehub.agencies.models import Agency, Role, SharingCondition, User
from safehub.audit.models import AuditEvent, Verb
from safehub.records.models import PersonRecord
from tests import factories as f
from tests.answers import without_csrf_token
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

MISSING = 2147483000


@dataclass
class Hub:
    police: Agency
    trust: Agency
    supervisor: User  # police, opened the case
    worker: User  # police practitioner, a member
    girl: PersonRecord  # the trust's record: shared with the police inside a case
    hidden: PersonRecord  # held only by a school that shares nothing
    case: CaseTeam


def _named(user: User, first: str, last: str) -> User:
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def hub() -> Hub:
    police = f.agency("police")
    trust = f.agency("trust", "health", record_sensitivity="health")
    school = f.agency("school", "education")
    f.agreement(trust, police, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(trust, given_names="Kayleigh", family_name="Smith")
    f.record(school, person=girl.person, given_names="Kaylee", family_name="Smythe")
    hidden = f.record(school, given_names="Dean", family_name="Barker")
    supervisor = _named(f.user(police, Role.SUPERVISOR), "Priya", "Sergeant")
    worker = _named(f.user(police, Role.PRACTITIONER), "Sam", "Constable")
    case = f.case(
        supervisor,
        worker,
        people={girl.person_id: "victim", hidden.person_id: "suspect"},
        kind="operation",
    )
    return Hub(police, trust, supervisor, worker, girl, hidden, case)


def _page(client: Client, case_id: int) -> tuple[int, str]:
    answer = client.get(reverse("case_detail", kwargs={"case_id": case_id}))
    return answer.status_code, answer.content.decode()


def _rows(user: User, verb: Verb, case_id: int) -> int:
    return AuditEvent.objects.filter(
        actor=user, verb=verb, target_type="case", target_id=str(case_id)
    ).count()


def test_a_member_sees_the_case_its_team_people_consents_and_notes(
    client: Client, hub: Hub
) -> None:
    cases.sharing_basis_record(
        actor=hub.supervisor,
        case=hub.case,
        person_id=hub.girl.person_id,
        provider=hub.trust,
        basis=SharingBasis.Basis.CONSENT,
        reason="She agreed at the strategy meeting.",
    )
    cases.case_note_add(actor=hub.supervisor, case=hub.case, text="Strategy meeting on Monday.")
    sign_in(client, hub.worker)

    status, text = _page(client, hub.case.pk)

    assert status == 200
    assert hub.case.reference in text
    assert "Operation" in text
    assert "Open" in text
    # The team, with their agencies and roles.
    assert "Priya Sergeant" in text
    assert "Sam Constable" in text
    assert "Northvale Police" in text
    assert "Supervisor" in text
    assert "Practitioner" in text
    # The people: the girl by the trust's record (shared inside the case), linked.
    profile = reverse("person_profile", kwargs={"person_id": hub.girl.person_id})
    assert f'href="{profile}">Kayleigh Smith</a>' in text
    assert "Victim or survivor" in text
    assert "Suspect" in text
    # The consent recorded, and the note.
    assert "Consent" in text
    assert "Northvale Trust" in text
    assert "Strategy meeting on Monday." in text
    assert _rows(hub.worker, Verb.VIEW, hub.case.pk) == 1
    view = AuditEvent.objects.get(actor=hub.worker, verb=Verb.VIEW, target_type="case")
    assert set(view.detail["persons"]) == {str(hub.girl.person_id), str(hub.hidden.person_id)}
    # A member of the open case with a data role gets the note form.
    assert reverse("case_note_add", kwargs={"case_id": hub.case.pk}) in text


def test_names_the_viewer_may_not_see_never_appear(client: Client, hub: Hub) -> None:
    sign_in(client, hub.worker)

    status, text = _page(client, hub.case.pk)

    assert status == 200
    # The school shares nothing: neither its spelling of the girl nor the suspect it alone
    # holds is shown, and the suspect is not linked (the profile would refuse them).
    for withheld in ("Dean", "Barker", "Kaylee", "Smythe", "Northvale School"):
        assert withheld not in text
    assert NAME_WITHHELD in text
    assert str(hub.hidden.person_id) in text  # the case names them: their profile opens
    # Once the case is closed, the trust's record is no longer shared with the police.
    hub.case.closed_at = timezone.now()
    hub.case.save(update_fields=["closed_at"])
    status, text = _page(client, hub.case.pk)
    assert status == 200
    assert "Kayleigh" not in text
    assert "Smith" not in text
    assert str(hub.girl.person_id) not in text
    assert str(hub.hidden.person_id) not in text


@pytest.mark.parametrize(
    "who", ["same agency, not a member", "another agency", "a member who is an auditor"]
)
def test_anyone_but_a_member_gets_the_404_of_a_missing_case(
    client: Client, hub: Hub, who: str
) -> None:
    if who == "same agency, not a member":
        viewer = f.user(hub.police, Role.SUPERVISOR)
    elif who == "another agency":
        viewer = f.user(hub.trust, Role.HUB_MANAGER)
    else:
        viewer = f.user(hub.police, Role.AUDITOR)
        hub.case.members.add(viewer)
    sign_in(client, viewer)

    refused = client.get(reverse("case_detail", kwargs={"case_id": hub.case.pk}))
    missing = client.get(reverse("case_detail", kwargs={"case_id": MISSING}))

    assert refused.status_code == missing.status_code == 404
    assert without_csrf_token(refused.content) == without_csrf_token(missing.content)
    assert hub.case.reference not in refused.content.decode()
    assert _rows(viewer, Verb.REFUSED, hub.case.pk) == 1
    assert _rows(viewer, Verb.REFUSED, MISSING) == 1
    assert _rows(viewer, Verb.VIEW, hub.case.pk) == 0


def test_a_member_adds_a_note_and_it_is_audited_without_its_words(client: Client, hub: Hub) -> None:
    sign_in(client, hub.worker)
    url = reverse("case_note_add", kwargs={"case_id": hub.case.pk})

    answer = client.post(url, {"text": "  Seen at the bus station with an older male.  "})

    assert answer.status_code == 302
    assert answer["Location"] == reverse("case_detail", kwargs={"case_id": hub.case.pk})
    note = CaseNote.objects.get(case=hub.case)
    assert (note.author, note.text) == (hub.worker, "Seen at the bus station with an older male.")
    row = AuditEvent.objects.get(actor=hub.worker, verb=Verb.CASE_NOTE_ADDED)
    assert (row.target_type, row.target_id, row.detail) == (
        "case",
        str(hub.case.pk),
        {"note": note.pk},
    )
    assert "bus station" not in row.canonical_json()
    _, text = _page(client, hub.case.pk)
    assert "Seen at the bus station with an older male." in text
    assert "Your note is added to the case." in text


def test_an_empty_note_is_asked_for_again(client: Client, hub: Hub) -> None:
    sign_in(client, hub.worker)
    answer = client.post(reverse("case_note_add", kwargs={"case_id": hub.case.pk}), {"text": " "})
    assert answer.status_code == 422
    assert "Enter the note" in answer.content.decode()
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("who", ["same agency, not a member", "another agency"])
def test_a_non_members_note_is_refused_as_for_a_missing_case(
    client: Client, hub: Hub, who: str
) -> None:
    viewer = f.user(hub.police if who.startswith("same") else hub.trust, Role.SUPERVISOR)
    sign_in(client, viewer)

    refused = client.post(
        reverse("case_note_add", kwargs={"case_id": hub.case.pk}), {"text": "Let me in."}
    )
    missing = client.post(
        reverse("case_note_add", kwargs={"case_id": MISSING}), {"text": "Let me in."}
    )

    assert refused.status_code == missing.status_code == 404
    assert without_csrf_token(refused.content) == without_csrf_token(missing.content)
    assert not CaseNote.objects.exists()
    assert _rows(viewer, Verb.REFUSED, hub.case.pk) == 1
    with pytest.raises(ActionRefused):
        cases.case_note_add(actor=viewer, case=hub.case, text="Let me in.")
    assert _rows(viewer, Verb.REFUSED, hub.case.pk) == 2


def test_a_closed_case_shows_no_note_form_and_refuses_a_note(client: Client, hub: Hub) -> None:
    cases.case_close(actor=hub.supervisor, case=hub.case)
    sign_in(client, hub.worker)

    status, text = _page(client, hub.case.pk)
    answer = client.post(
        reverse("case_note_add", kwargs={"case_id": hub.case.pk}), {"text": "One more thing."}
    )

    assert status == 200
    assert "Closed" in text
    assert 'name="text"' not in text
    assert reverse("case_note_add", kwargs={"case_id": hub.case.pk}) not in text
    assert answer.status_code == 404
    assert not CaseNote.objects.exists()
    assert _rows(hub.worker, Verb.REFUSED, hub.case.pk) == 1


def test_notes_are_never_edited_or_deleted(hub: Hub) -> None:
    note = cases.case_note_add(actor=hub.worker, case=hub.case, text="First thoughts.")
    note.text = "Second thoughts."
    with pytest.raises(TypeError):
        note.save()
    with pytest.raises(TypeError):
        note.delete()
    with pytest.raises(TypeError):
        CaseNote.objects.filter(pk=note.pk).update(text="Second thoughts.")
    with pytest.raises(TypeError):
        CaseNote.objects.filter(pk=note.pk).delete()
    assert CaseNote.objects.get(pk=note.pk).text == "First thoughts."


def test_the_case_list_shows_ones_own_cases_only(client: Client, hub: Hub) -> None:
    theirs = f.case(f.user(hub.trust, Role.SUPERVISOR))
    sign_in(client, hub.worker)

    answer = client.get(reverse("case_list"))

    text = answer.content.decode()
    assert answer.status_code == 200
    assert reverse("case_detail", kwargs={"case_id": hub.case.pk}) in text
    assert reverse("case_detail", kwargs={"case_id": theirs.pk}) not in text
    assert theirs.reference not in text


def test_the_case_list_refuses_those_who_see_no_personal_data(client: Client, hub: Hub) -> None:
    auditor = f.user(hub.police, Role.AUDITOR)
    hub.case.members.add(auditor)
    sign_in(client, auditor)
    assert client.get(reverse("case_list")).status_code == 404
    assert AuditEvent.objects.filter(actor=auditor, verb=Verb.REFUSED).count() == 1
