"""The auditor's pages: an agency's auditor reads their own agency's users, a hub-wide
auditor everyone's; the pages filter by verb, in words; typed reasons are marked."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from safehub.agencies.models import Agency, Role, User
from safehub.audit import views
from safehub.audit.log import record
from safehub.audit.models import AuditEvent, Verb
from safehub.audit.verify import verify_chain
from tests.answers import without_csrf_token

SignIn = Callable[[User], Client]


def view(
    user: User | None,
    person: str,
    *,
    justification: str = "",
    username: str = "",
    verb: Verb = Verb.VIEW,
) -> None:
    record(
        actor=user,
        username=username,
        verb=verb,
        target_type="person",
        target_id=person,
        subject_person=person,
        justification=justification,
        detail={"outside_case": True},
    )


def person_page(client: Client, person: str = "p-1", **query: str) -> str:
    response = client.get(reverse("audit_person", kwargs={"person_id": person}), query)
    assert response.status_code == 200
    return response.content.decode()


def user_link(username: str) -> str:
    return reverse("audit_user", kwargs={"username": username})


def options(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', html)


# ---------------------------------------------------------------- scope


def test_a_police_auditor_sees_who_of_the_police_looked_at_a_person_not_csc(
    signed_in: SignIn, auditor: User, practitioner: User, carer: User
) -> None:
    view(practitioner, "p-1")
    view(carer, "p-1")

    html = person_page(signed_in(auditor))

    assert user_link("paul.practitioner") in html
    assert "cara.carer" not in html
    assert "You see what the users of Northshire Police did." in html


def test_a_police_auditor_is_refused_a_csc_user_as_if_they_did_not_exist(
    signed_in: SignIn, auditor: User, carer: User
) -> None:
    view(carer, "p-1")
    client = signed_in(auditor)

    refused = client.get(user_link("cara.carer"))
    missing = client.get(user_link("no.such.user"))

    assert refused.status_code == missing.status_code == 404
    assert without_csrf_token(refused.content) == without_csrf_token(missing.content)
    assert "cara.carer" not in refused.content.decode()
    assert list(AuditEvent.objects.filter(actor=auditor).values_list("verb", "target_id")) == [
        ("refused", "cara.carer"),
        ("refused", "no.such.user"),
    ]


def test_a_police_auditor_reads_a_police_user(
    signed_in: SignIn, auditor: User, practitioner: User
) -> None:
    view(practitioner, "p-1")

    response = signed_in(auditor).get(user_link("paul.practitioner"))

    assert response.status_code == 200
    assert reverse("audit_person", kwargs={"person_id": "p-1"}) in response.content.decode()
    assert AuditEvent.objects.filter(actor=auditor).latest("seq").verb == Verb.AUDIT_READ


def test_the_police_auditors_home_shows_only_police_alerts_and_unusual_viewers(
    signed_in: SignIn, settings: SettingsWrapper, auditor: User, practitioner: User, carer: User
) -> None:
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 1  # unusual: more than 0 people
    for user in (practitioner, carer):
        view(user, "p-1", verb=Verb.BREAK_GLASS, justification=f"{user.username} broke in")
        view(user, "p-2")
    view(None, "p-3", username="mallory", verb=Verb.REFUSED)

    html = signed_in(auditor).get(reverse("audit_home")).content.decode()

    assert "paul.practitioner broke in" in html
    assert f'{user_link("paul.practitioner")}">paul.practitioner</a>: 1 people' in html
    assert "cara.carer" not in html
    assert "mallory" not in html


def test_a_hub_wide_auditor_sees_every_agency_and_the_system_on_the_pages(
    signed_in: SignIn, settings: SettingsWrapper, hub_auditor: User, practitioner: User, carer: User
) -> None:
    settings.SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = 1
    view(practitioner, "p-1")
    view(carer, "p-1")
    view(None, "p-1", username="cli:ops", verb=Verb.REFUSED)
    client = signed_in(hub_auditor)

    person = person_page(client)
    home = client.get(reverse("audit_home")).content.decode()

    assert user_link("paul.practitioner") in person
    assert user_link("cara.carer") in person
    # An operator's row names them (there is no account to link to) and no agency.
    assert re.search(r"cli:ops <span[^>]*>no agency</span>", person)
    assert "you see what the users of every agency did" in person
    assert "cli:ops" in home
    assert client.get(user_link("cara.carer")).status_code == 200


# ---------------------------------------------------------------- verbs


def test_the_events_are_filtered_by_verb_named_in_words(
    signed_in: SignIn, auditor: User, practitioner: User
) -> None:
    view(practitioner, "p-1")
    view(practitioner, "p-1", verb=Verb.SEARCH)
    client = signed_in(auditor)

    html = person_page(client, verb="search")

    assert '<td class="govuk-table__cell">Searched</td>' in html
    assert '<td class="govuk-table__cell">Viewed</td>' not in html
    assert ("search", "Searched") in options(html)
    assert '<option value="search" selected>' in html
    assert AuditEvent.objects.filter(actor=auditor).latest("seq").detail["verb"] == "search"


def test_the_verbs_are_offered_by_their_labels_and_the_home_page_offers_its_own(
    signed_in: SignIn, auditor: User
) -> None:
    client = signed_in(auditor)

    person = options(person_page(client))
    home = options(client.get(reverse("audit_home")).content.decode())

    assert person[0] == ("", "Everything")
    assert [label for _, label in person[1:]] == sorted(
        (label for _, label in person[1:]), key=str.lower
    )
    assert {value for value, _ in person[1:]} == set(Verb.values)
    assert home == [
        ("", "Everything"),
        ("alert", "Alert"),
        ("break_glass", "Break-glass access"),
        ("refused", "Refused"),
    ]


@pytest.mark.parametrize("route", ["audit_home", "audit_person", "audit_user"])
def test_an_unknown_verb_gets_an_error_message_not_a_crash(
    signed_in: SignIn, auditor: User, practitioner: User, route: str
) -> None:
    view(practitioner, "p-1")
    kwargs = {
        "audit_person": {"person_id": "p-1"},
        "audit_user": {"username": "paul.practitioner"},
    }.get(route, {})

    response = signed_in(auditor).get(reverse(route, kwargs=kwargs), {"verb": "teleport"})

    html = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in html
    assert '<a href="#id_verb">Select what was done from the list</a>' in html
    assert "<title>Error: " in html
    assert '<table class="govuk-table">' not in html


def test_the_home_page_refuses_a_verb_it_does_not_list(signed_in: SignIn, auditor: User) -> None:
    response = signed_in(auditor).get(reverse("audit_home"), {"verb": "view"})

    assert response.status_code == 422


def test_an_unknown_verb_from_a_non_auditor_is_still_a_plain_404(
    signed_in: SignIn, practitioner: User
) -> None:
    response = signed_in(practitioner).get(reverse("audit_home"), {"verb": "teleport"})

    assert response.status_code == 404


def test_old_change_rows_still_show_and_the_chain_still_verifies(
    signed_in: SignIn, auditor: User, practitioner: User
) -> None:
    view(practitioner, "p-1", verb=Verb.CHANGE)

    html = person_page(signed_in(auditor), verb="change")

    assert '<td class="govuk-table__cell">Changed (before specific verbs)</td>' in html
    assert verify_chain().ok


def test_paging_keeps_the_verb(
    signed_in: SignIn, monkeypatch: pytest.MonkeyPatch, auditor: User, practitioner: User
) -> None:
    monkeypatch.setattr(views, "PAGE", 1)
    view(practitioner, "p-1")
    view(practitioner, "p-1")

    html = person_page(signed_in(auditor), verb="view")

    assert "?verb=view&amp;page=2" in html


# ---------------------------------------------------------------- reasons


def test_typed_reasons_are_marked_as_possibly_personal_and_escaped(
    signed_in: SignIn, auditor: User, practitioner: User
) -> None:
    view(
        practitioner,
        "p-1",
        verb=Verb.BREAK_GLASS,
        justification="<b>Kayleigh</b> missing\x1b[31m overnight",
    )

    html = person_page(signed_in(auditor))

    assert re.search(
        r"Reason given <strong class=\"govuk-tag[^\"]*\">May hold personal data"
        r"</strong>",
        html,
    )
    assert "may hold personal data. Do not copy them out of Safehub." in html
    assert "&lt;b&gt;Kayleigh&lt;/b&gt; missing\\x1b[31m overnight" in html
    assert "<b>Kayleigh</b>" not in html


# ---------------------------------------------------------------- navigation


def test_the_navigation_offers_audit_to_both_auditors_and_accounts_to_the_hub_admin(
    signed_in: SignIn, auditor: User, hub_auditor: User, make_user: Callable[..., User], csc: Agency
) -> None:
    hub_admin = make_user("hugo.admin", csc, Role.HUB_ADMIN)

    def nav(user: User) -> str:
        html = signed_in(user).get(reverse("home")).content.decode()
        return html[html.index('id="navigation"') : html.index("</nav>")]

    assert reverse("audit_home") in nav(auditor)
    assert reverse("audit_home") in nav(hub_auditor)
    assert reverse("accounts") not in nav(hub_auditor)
    assert reverse("accounts") in nav(hub_admin)
    assert reverse("audit_home") not in nav(hub_admin)


def test_the_accounts_page_says_whose_accounts_it_lists(
    signed_in: SignIn, make_user: Callable[..., User], csc: Agency, police: Agency
) -> None:
    admin = make_user("ada.admin", police, Role.ADMIN)
    hub_admin = make_user("hugo.admin", csc, Role.HUB_ADMIN)

    agency = signed_in(admin).get(reverse("accounts")).content.decode()
    hub = signed_in(hub_admin).get(reverse("accounts")).content.decode()

    assert "The people who sign in to Safehub from Northshire Police." in agency
    assert "The people who sign in to Safehub across the hub." in hub
