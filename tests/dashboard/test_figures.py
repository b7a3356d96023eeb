"""The dashboard's figures on a small world: what each counts, exactly for a viewer who
may see everyone behind it, suppressed for one who may not (a partner's account sees no
one), and the filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safehub.access.policy import viewer_for
from safehub.access.suppression import count_shown, median_shown
from safehub.agencies.models import Role, User
from safehub.dashboard.periods import Period
from safehub.dashboard.queries.figures import BY_SLUG, FigureView, figure_view
from safehub.dashboard.queries.scope import Filters
from tests import factories as f
from tests.dashboard import world as w

pytestmark = pytest.mark.django_db


def _this_week(hub: int | None = None, district: str = "") -> Filters:
    today = timezone.localdate()
    return Filters(Period(today - timedelta(days=today.weekday()), today), hub, district)


def _view(user: User, slug: str, filters: Filters) -> FigureView:
    return figure_view(viewer_for(user), BY_SLUG[slug], filters)


def _total(view: FigureView, series: str) -> str:
    return next(line.total.shown.words for line in view.lines if line.key == series)


def test_the_small_numbers_rule() -> None:
    assert count_shown(3, complete=True).words == "3"
    assert count_shown(0, complete=False).words == "0"
    assert [count_shown(n, complete=False).words for n in (1, 4, 5, 7, 8, 23)] == [
        "fewer than 5",
        "fewer than 5",
        "about 5",
        "about 5",
        "about 10",
        "about 25",
    ]
    assert median_shown([1, 2, 9], complete=False).value is None
    assert median_shown([1, 2, 9, 10], complete=True).words == "5.5 days"


def test_flags_exact_for_who_sees_everyone_and_suppressed_for_a_partner() -> None:
    hub = w.world()
    for _ in range(3):
        w.decide(w.flag(w.child(hub.police)), hub.supervisor, "monitor")
    filters = _this_week()

    police = _view(hub.analyst, "flags", filters)
    partner = _view(hub.partner_user, "flags", filters)

    assert (_total(police, "raised"), _total(police, "reviewed")) == ("3", "3")
    assert police.complete
    assert (_total(partner, "raised"), _total(partner, "reviewed")) == (
        "fewer than 5",
        "fewer than 5",
    )
    assert not partner.complete
    # The partner's chart has nothing to plot where the table says "fewer than 5".
    plotted = [cell.shown.value for line in partner.lines for cell in line.cells]
    assert set(plotted) <= {None, 0}


def test_a_count_with_people_the_viewer_may_not_see_is_rounded() -> None:
    hub = w.world()
    for _ in range(6):
        w.flag(w.child(hub.police))
    for _ in range(2):
        w.flag(w.child(hub.trust))  # the trust shares nothing with the police
    police = _view(hub.analyst, "flags", _this_week())
    assert _total(police, "raised") == "about 10"
    assert _total(police, "reviewed") == "0"


def test_time_to_triage_outcome_is_a_median_of_days() -> None:
    hub = w.world()
    now = timezone.now()
    for days in (1, 2, 3, 4, 10):
        made = w.flag(w.child(hub.police), raised=now - timedelta(days=days))
        w.decide(made, hub.supervisor, "nfa", at=now)
        w.decide(made, hub.supervisor, "monitor", at=now)  # only the first outcome counts
    filters = Filters(Period(now.date() - timedelta(days=30), now.date()))
    assert _total(_view(hub.analyst, "triage-time", filters), "days") == "3 days"
    # Five flags behind it: shown to a partner too (a median of 5 points at no one).
    assert _total(_view(hub.partner_user, "triage-time", filters), "days") == "3 days"


def test_young_people_identified_and_safeguarded_at_their_first_such_outcome() -> None:
    hub = w.world()
    first, second, third = (w.flag(w.child(hub.police)) for _ in range(3))
    w.decide(first, hub.supervisor, "nfa")
    w.decide(second, hub.supervisor, "monitor")
    w.decide(second, hub.supervisor, "cst")
    w.decide(third, hub.supervisor, "strategy")
    view = _view(hub.analyst, "young-people", _this_week())
    assert (_total(view, "identified"), _total(view, "safeguarded")) == ("2", "1")


def test_return_home_interviews_within_72_hours() -> None:
    hub = w.world()
    back = timezone.now() - timedelta(hours=1)
    for offered, held in ((timedelta(hours=5), True), (timedelta(hours=70), False)):
        w.episode(w.child(hub.police), hub.analyst, back=back, offered_after=offered, held=held)
    w.episode(w.child(hub.police), hub.analyst, back=back, offered_after=timedelta(hours=80))
    w.episode(w.child(hub.police), hub.analyst, back=back)
    view = _view(hub.analyst, "rhi", _this_week())
    assert [_total(view, s) for s in ("returned", "offered", "held")] == ["4", "2", "1"]
    assert view.shares[-1] == "50%"


def test_concerns_by_the_kind_of_agency_that_passed_them_on() -> None:
    hub = w.world()
    w.concern(hub.partner_user)
    w.concern(hub.partner_user)
    w.concern(hub.analyst)
    police = _view(hub.analyst, "concerns", _this_week())
    # The police see their own concern, not the hotel's (its records are the hotel's).
    assert (_total(police, "police"), _total(police, "partner")) == ("1", "fewer than 5")
    # A partner's account sees its own submissions, and no one else's.
    assert _total(_view(hub.partner_user, "concerns", _this_week()), "partner") == "2"
    w.concern(f.user(hub.partner, Role.PARTNER))
    assert _total(_view(hub.partner_user, "concerns", _this_week()), "partner") == "fewer than 5"


def test_victims_and_suspects_by_the_first_day_they_reached_each_stage() -> None:
    hub = w.world()
    today = timezone.localdate()
    member = f.user(hub.police, Role.SUPERVISOR)
    op = w.operation(member, hub.north)
    victim, suspect = w.child(hub.police).person_id, w.child(hub.police).person_id
    w.nominal(op, victim, "victim", ("identified", today), ("traced", today))
    w.nominal(
        op,
        suspect,
        "suspect",
        ("identified", today),
        ("traced", today),
        ("arrested", today),
        ("interviewed", today),
        ("charged", today),
    )
    victims = _view(member, "victims", _this_week())
    assert [_total(victims, s) for s in ("identified", "traced", "engaged")] == ["1", "1", "0"]
    suspects = _view(member, "suspects", _this_week())
    assert [_total(suspects, s) for s in ("arrested", "charged")] == ["1", "1"]
    # Not on the operation's team: the analyst may open them, but the operation is not his.
    assert _total(_view(hub.analyst, "victims", _this_week()), "identified") == "fewer than 5"


def test_actions_overdue_by_the_agency_owning_them() -> None:
    hub = w.world()
    today = timezone.localdate()
    social_worker = f.user(hub.csc, Role.PRACTITIONER)
    for _ in range(2):
        w.action(hub.supervisor, social_worker, hub.north, due=today - timedelta(days=3))
    w.action(hub.supervisor, hub.supervisor, hub.north, due=today + timedelta(days=3))
    done = w.action(hub.supervisor, hub.supervisor, hub.north, due=today - timedelta(days=3))
    done.status = "done"
    done.save()
    view = _view(hub.supervisor, "actions", _this_week())
    assert view.columns == [(str(hub.csc.pk), hub.csc.name)]
    assert _total(view, "overdue") == "2"  # he chaired the meetings
    assert _total(_view(hub.analyst, "actions", _this_week()), "overdue") == "fewer than 5"


def test_the_hub_and_district_filters() -> None:
    hub = w.world()
    w.flag(w.child(hub.police, postcode="NV1 2AB"))
    w.flag(w.child(hub.police, postcode="NV7 1XY"))
    w.flag(w.child(hub.council))
    council_user = f.user(hub.council, Role.ANALYST)
    raised = [
        _total(_view(council_user, "flags", _this_week(hub=h, district=d)), "raised")
        for h, d in ((None, ""), (hub.south.pk, ""), (hub.north.pk, "NV7"), (None, "NV9"))
    ]
    assert raised == ["fewer than 5", "1", "fewer than 5", "0"]
    police = _view(hub.analyst, "flags", _this_week(hub=hub.north.pk, district="NV1"))
    assert _total(police, "raised") == "1"
