"""The person page's links out: the viewer's case teams naming the person, and "why these
records are one person" once the viewer sees two records or more."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.agencies.models import SharingCondition, User
from tests import factories as f

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
WHY = "Why these records are one person"


def test_the_viewers_case_teams_naming_the_person_are_listed(signed_in: SignIn) -> None:
    csc = f.agency("csc", "social_care")
    girl = f.record(csc, given_names="Lucy")
    worker = f.user(csc)
    mine = f.case(worker, people={girl.person_id: "victim"})
    closed = f.case(worker, people={girl.person_id: "witness"})
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    theirs = f.case(f.user(csc), people={girl.person_id: "victim"})  # not the viewer's
    f.case(worker)  # the viewer's, without her
    html = signed_in(worker).get(reverse("person_profile", args=[girl.person_id])).content.decode()
    cases = html[html.index('id="cases"') :]
    cases = cases[: cases.index("</ul>")]
    assert reverse("case_detail", args=[mine.pk]) in cases
    assert reverse("case_detail", args=[closed.pk]) in cases
    assert "Closed" in cases
    assert cases.index(mine.reference) < cases.index(closed.reference)  # open first
    assert reverse("case_detail", args=[theirs.pk]) not in html
    assert theirs.reference not in html


def test_no_case_section_without_a_case(signed_in: SignIn) -> None:
    csc = f.agency("csc", "social_care")
    girl = f.record(csc, given_names="Lucy")
    html = signed_in(f.user(csc)).get(reverse("person_profile", args=[girl.person_id]))
    assert 'id="cases"' not in html.content.decode()


def test_why_one_person_is_offered_only_with_two_records_the_viewer_sees(
    signed_in: SignIn,
) -> None:
    csc = f.agency("csc", "social_care")
    health = f.agency("health", "health", record_sensitivity="health")
    f.agreement(health, csc, "general", "health", condition=SharingCondition.CASE)
    girl = f.record(csc, given_names="Lucy")
    f.record(health, person=girl.person, given_names="Lucy")
    url = reverse("person_profile", args=[girl.person_id])
    joins = reverse("link_person_joins", args=[girl.person_id])
    # Outside a case, the trust's record is not the worker's to see: one record, no link
    # (which would say that another agency's record was joined to hers).
    outsider = signed_in(f.user(csc)).get(url).content.decode()
    assert WHY not in outsider
    assert joins not in outsider
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    inside = signed_in(worker).get(url).content.decode()
    assert WHY in inside
    assert joins in inside
