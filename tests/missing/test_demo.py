"""The demo's missing children: one missing now (her profile shown to the police), one
interviewed in time, one overdue on the social worker's home page; made once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safehub.access.policy import viewer_for
from safehub.missing.models import MissingEpisode, PhilomenaProfile, ReturnInterview
from safehub.missing.pages import missing_page
from safehub.missing.queries import overdue_rhis_for
from safehub.web.demo_missing import demo_missing
from tests import factories as f
from tests.missing.world import world

pytestmark = pytest.mark.django_db


def test_the_demo_makes_its_missing_children_once() -> None:
    w = world()
    young_year = timezone.localdate().year - 14
    w.csc_record.birth_year = young_year
    w.csc_record.save(update_fields=["birth_year"])
    for given in ("Mia", "Tia"):
        f.record(w.csc, given_names=given, date_of_birth="2012-01-05", birth_year=young_year)
    accounts = {"csc-practitioner": w.social_worker, "police-practitioner": w.officer}

    made = demo_missing(accounts)
    assert made.made
    assert PhilomenaProfile.objects.count() == 3
    assert ReturnInterview.objects.get().episode.returned_at is not None
    (open_one,) = MissingEpisode.objects.filter(returned_at__isnull=True)
    assert open_one.person_id == w.girl.pk  # the one the police hold too
    profile = missing_page(viewer_for(w.officer), w.girl.pk).profile
    assert profile is not None
    assert profile.shared_as_missing
    assert len(overdue_rhis_for(w.social_worker, timezone.now())) == 1

    again = demo_missing(accounts)
    assert not again.made
    assert MissingEpisode.objects.count() == 3
