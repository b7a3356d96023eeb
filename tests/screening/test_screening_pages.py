"""The triage queue and a young person's screening page, as users of different agencies
see them: the score always with its reasons; evidence another agency holds named by that
agency only; the meeting's outcome recorded from the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent
from safehub.screening.models import Flag
from safehub.screening.services import screen_run
from tests import factories as f
from tests.screening.hub import FlaggedHub, flagged_hub
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def page(client: Client, hub: FlaggedHub) -> str:
    answer = client.get(reverse("person_screening", kwargs={"person_id": hub.girl.pk}))
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_police_see_their_evidence_and_that_the_school_holds_more(client: Client) -> None:
    hub = flagged_hub()
    sign_in(client, hub.supervisor)
    shown = page(client, hub)
    assert "Seen getting into a car with two men" in shown
    assert "1 Mar 2025" in shown
    assert "Evidence held by Northvale School" in shown
    assert "Talks of an older boyfriend" not in shown
    # The score is all the evidence's, the school's included.
    assert f'<span id="score">{hub.flag().score:.1f}</span>' in shown
    assert AuditEvent.objects.filter(
        verb="view", subject_person=str(hub.girl.pk), detail__route="person_screening"
    ).exists()


def test_shared_evidence_shows_with_the_words_that_matched(client: Client) -> None:
    hub = flagged_hub()
    f.agreement(hub.school, hub.police, "general", condition="always")
    sign_in(client, hub.supervisor)
    shown = page(client, hub)
    assert "Talks of an older boyfriend" in shown
    assert "Words that matched: older boyfriend" in shown
    assert "Evidence held by" not in shown


def test_someone_who_may_not_open_her_gets_the_404_of_nobody(client: Client) -> None:
    hub = flagged_hub()
    sign_in(client, f.user(f.agency("health", "health"), Role.SUPERVISOR))
    answer = client.get(reverse("person_screening", kwargs={"person_id": hub.girl.pk}))
    assert answer.status_code == 404
    queue = client.get(reverse("triage_queue")).content.decode()
    assert "Kayleigh" not in queue


def test_the_queue_lists_her_with_her_reasons_and_harm_first(client: Client) -> None:
    hub = flagged_hub()
    boy = f.record(hub.police, given_names="Tyler", date_of_birth="2010-05-05")
    f.event(boy, "disclosure", summary="Told his teacher", occurred_on=date(2025, 1, 5))
    screen_run(trigger="cli")
    sign_in(client, hub.supervisor)
    shown = client.get(reverse("triage_queue")).content.decode()
    assert shown.index("Tyler") < shown.index("Kayleigh")
    assert "Disclosed abuse" in shown
    assert "Getting into or out of cars with unknown adults" in shown


def test_the_queue_filters_only_by_what_the_viewer_may_see(client: Client) -> None:
    hub = flagged_hub()
    sign_in(client, hub.supervisor)
    url = reverse("triage_queue")
    # She is known to the school, but the police may not see the school's record: a
    # filter on it must not tell them so.
    assert "Kayleigh" not in client.get(url, {"agency": hub.school.pk}).content.decode()
    assert "Kayleigh" in client.get(url, {"agency": hub.police.pk}).content.decode()
    assert "Kayleigh" in client.get(url, {"district": "NV1"}).content.decode()
    assert "Kayleigh" not in client.get(url, {"district": "M14"}).content.decode()
    assert "Kayleigh" in client.get(url, {"age": "13-15"}).content.decode()
    assert "Kayleigh" not in client.get(url, {"age": "16-17"}).content.decode()
    assert client.get(url, {"district": "not a district"}).status_code == 422


def test_the_outcome_is_recorded_from_the_page(client: Client) -> None:
    hub = flagged_hub()
    sign_in(client, hub.supervisor)
    url = reverse("flag_decide", kwargs={"person_id": hub.girl.pk})
    refused = client.post(url, {"outcome": "nfa", "reason": ""})
    assert refused.status_code == 422
    assert "Enter the reason for the outcome" in refused.content.decode()
    done = client.post(url, {"outcome": "nfa", "reason": "Known boyfriend, same age."})
    assert done.status_code == 302
    assert hub.flag().status == Flag.Status.NFA
    assert "Known boyfriend, same age." in page(client, hub)


def test_a_practitioner_sees_the_evidence_but_no_outcome_form(client: Client) -> None:
    hub = flagged_hub()
    sign_in(client, f.user(hub.police, Role.PRACTITIONER))
    shown = page(client, hub)
    assert "Seen getting into a car" in shown
    assert "Record outcome" not in shown


def test_a_clinic_visit_the_viewer_may_not_see_is_not_named_even_as_a_rule(
    client: Client,
) -> None:
    """The rule would tell the service: registration at a sexual-health clinic is
    sensitive in itself (docs/security.md #30). The score still counts it."""
    hub = flagged_hub()
    health = f.agency("health", "health")
    clinic = f.record(health, person=hub.girl, date_of_birth="2011-03-07")
    f.event(
        clinic,
        "sexual_health_attendance",
        sensitivity="sexual_health",
        summary="Attended with older male",
        occurred_on=date(2025, 4, 20),
    )
    screen_run(trigger="cli")
    sign_in(client, hub.supervisor)
    shown = page(client, hub)
    assert "Indicators whose evidence you may not see" in shown
    assert "Northvale Health" in shown
    assert "Sexual-health attendance under 16" not in shown
    assert "Attended with older male" not in shown
    queue = client.get(reverse("triage_queue")).content.decode()
    assert "Sexual-health attendance under 16" not in queue
    assert "Indicators whose evidence you may not see: held by Northvale Health" in queue
    # The health trust's own supervisor sees the clinic's note under its rule.
    client.logout()
    sign_in(client, f.user(health, Role.SUPERVISOR))
    assert "Sexual-health attendance under 16" in page(client, hub)
