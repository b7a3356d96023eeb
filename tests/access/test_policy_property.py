"""The policy against an independent statement of it, over random hubs (docs/security.md #2).

The oracle below is written from docs/architecture.md's words, not from policy.py: for random
agencies, agreements, cases, consents, grants and break-glass, every event and record
the policy lets through (as a database filter and as `sees`) is one the oracle allows,
and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehub.access.models import AccessRequest, BreakGlass, SharingBasis
from safehub.access.policy import (
    fact_q,
    identity_q,
    record_q,
    sees,
    sees_identity,
    viewer_for,
)
from safehub.agencies.models import Role
from safehub.records.models import Event, PersonRecord
from tests import factories as f

pytestmark = pytest.mark.django_db

SENSITIVITIES = ["general", "health", "sexual_health", "intelligence", "restricted"]
CONDITIONS = ["always", "case", "consent_or_exception"]
STATUSES = ["in_force", "proposed", "declined", "revoked", "unconfirmed"]
AGENCIES, PEOPLE, HUBS = 3, 3, 2


@dataclass(frozen=True)
class Plan:
    agency_hubs: list[int | None]
    record_sensitivity: list[str]
    user_agency: int
    user_hub: int | None
    roles: list[str]
    agreements: list[tuple[int, int, frozenset[str], str, str, str, bool]]
    case_people: dict[int, str]
    case_open: bool
    consents: set[tuple[int, int]]
    break_glass: dict[int, bool]  # person -> still live
    grants: dict[tuple[int, int], str]  # (person, owner) -> approved / declined / expired
    events: list[tuple[int, str, int]]  # (agency, sensitivity, person)


agency_ix = st.integers(0, AGENCIES - 1)
person_ix = st.integers(0, PEOPLE - 1)
hub_or_none = st.one_of(st.none(), st.integers(0, HUBS - 1))

plans = st.builds(
    Plan,
    agency_hubs=st.lists(hub_or_none, min_size=AGENCIES, max_size=AGENCIES),
    record_sensitivity=st.lists(
        st.sampled_from(["general", "health"]), min_size=AGENCIES, max_size=AGENCIES
    ),
    user_agency=agency_ix,
    user_hub=hub_or_none,
    roles=st.lists(st.sampled_from([r.value for r in Role]), min_size=1, max_size=2, unique=True),
    agreements=st.lists(
        st.tuples(
            agency_ix,
            agency_ix,
            st.frozensets(st.sampled_from(SENSITIVITIES), min_size=1),
            st.sampled_from(CONDITIONS),
            st.sampled_from(["same_hub", "any_hub"]),
            st.sampled_from(STATUSES),
            st.booleans(),
        ),
        max_size=4,
    ),
    case_people=st.dictionaries(
        person_ix, st.sampled_from(["victim", "suspect", "subject"]), max_size=PEOPLE
    ),
    case_open=st.booleans(),
    consents=st.sets(st.tuples(person_ix, agency_ix), max_size=3),
    break_glass=st.dictionaries(person_ix, st.booleans(), max_size=2),
    grants=st.dictionaries(
        st.tuples(person_ix, agency_ix),
        st.sampled_from(["approved", "declined", "expired"]),
        max_size=2,
    ),
    events=st.lists(
        st.tuples(agency_ix, st.sampled_from(SENSITIVITIES), person_ix), min_size=1, max_size=8
    ),
)


def oracle(plan: Plan, agency: int, sensitivity: str, person: int) -> bool:
    """docs/architecture.md, "Access", in plain words."""
    if not {"practitioner", "analyst", "supervisor", "hub_manager"} & set(plan.roles):
        return False  # auditors and administrators see no personal data
    if agency == plan.user_agency:
        return True  # your own agency's records
    if plan.break_glass.get(person):
        return True  # break-glass, not yet expired
    if plan.grants.get((person, agency)) == "approved":
        return True  # an approved access request, not yet expired
    return any(
        agreement_allows(plan, agreement, agency, sensitivity, person)
        for agreement in plan.agreements
    )


Agreement = tuple[int, int, frozenset[str], str, str, str, bool]


def covers(plan: Plan, agreement: Agreement, agency: int, sensitivity: str) -> bool:
    """The agreement is in force from `agency` to the viewer's, reaches the viewer's hub
    and covers the sensitivity (whatever its condition)."""
    provider, recipient, shared, _, scope, status, _ = agreement
    if status != "in_force":
        return False  # proposed and not yet accepted, declined, revoked, or unconfirmed
    if provider != agency or recipient != plan.user_agency:
        return False
    provider_hub = plan.agency_hubs[provider]
    if scope == "same_hub" and provider_hub is not None and provider_hub != plan.user_hub:
        return False  # a same-hub agreement reaches only teams of the provider's hub
    return sensitivity in shared


def identity_oracle(plan: Plan, agency: int, sensitivity: str, person: int) -> bool:
    """A record's identity fields, for link review: a data role's, what it sees anyway; a
    linkage officer's, their own agency's and what an agreement's `linkage` clause opens
    (no person here has protected details)."""
    if oracle(plan, agency, sensitivity, person):
        return True
    if "linkage" not in plan.roles:
        return False
    return agency == plan.user_agency or any(
        agreement[6] and covers(plan, agreement, agency, sensitivity)
        for agreement in plan.agreements
    )


def agreement_allows(
    plan: Plan, agreement: Agreement, agency: int, sensitivity: str, person: int
) -> bool:
    condition = agreement[3]
    if not covers(plan, agreement, agency, sensitivity):
        return False
    in_case = plan.case_open and person in plan.case_people
    return (
        condition == "always"
        or (condition == "case" and in_case)
        or (condition == "consent_or_exception" and in_case and (person, agency) in plan.consents)
    )


def build(plan: Plan):
    hubs = [f.hub(f"h{i}") for i in range(HUBS)]
    agencies = [
        f.agency(
            f"a{i}",
            record_sensitivity=plan.record_sensitivity[i],
            hub=hubs[h] if (h := plan.agency_hubs[i]) is not None else None,
        )
        for i in range(AGENCIES)
    ]
    team = f.team(hubs[plan.user_hub]) if plan.user_hub is not None else None
    user = f.user(agencies[plan.user_agency], *plan.roles, team=team)
    for provider, recipient, shared, condition, scope, status, linkage in plan.agreements:
        f.agreement(
            agencies[provider],
            agencies[recipient],
            *sorted(shared),
            condition=condition,
            scope=scope,
            status=status,
            linkage=linkage,
        )
    records = [[f.record(agencies[a]) for a in range(AGENCIES)]]
    people = [r.person for r in records[0]][:PEOPLE]
    holdings = {
        (p, a): f.record(agencies[a], person=people[p])
        for p in range(PEOPLE)
        for a in range(AGENCIES)
    }
    team_case = f.case(user, people={people[p].pk: role for p, role in plan.case_people.items()})
    if not plan.case_open:
        team_case.closed_at = timezone.now()
        team_case.save()
    for p, a in plan.consents:
        SharingBasis.objects.create(
            case=team_case,
            person_id=people[p].pk,
            provider=agencies[a],
            basis="consent",
            reason="consented",
            recorded_by=user,
        )
    now = timezone.now()
    for p, live in plan.break_glass.items():
        BreakGlass.objects.create(
            user=user,
            person_id=people[p].pk,
            reason="emergency",
            expires_at=now + timedelta(minutes=30 if live else -30),
        )
    for (p, a), state in plan.grants.items():
        AccessRequest.objects.create(
            requester=user,
            owner=agencies[a],
            person_id=people[p].pk,
            record_pk=0,
            reason="needed",
            status="declined" if state == "declined" else "approved",
            expires_at=now + timedelta(days=-1 if state == "expired" else 1),
        )
    events = [(f.event(holdings[(p, a)], sensitivity=s), a, s, p) for a, s, p in plan.events]
    return user, agencies, people, holdings, events


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans)
def test_no_response_the_policy_gives_is_one_the_oracle_denies(plan: Plan) -> None:
    with transaction.atomic():
        user, agencies, people, holdings, events = build(plan)
        viewer = viewer_for(user)
        for person in range(PEOPLE):
            allowed = set(
                Event.objects.filter(
                    fact_q(viewer, person_id=people[person].pk),
                    people__record__person=people[person],
                ).values_list("pk", flat=True)
            )
            for event, a, s, p in events:
                if p != person:
                    continue
                expected = oracle(plan, a, s, p)
                assert (event.pk in allowed) == expected, (a, s, p)
                assert (
                    sees(viewer, agency_id=agencies[a].pk, sensitivity=s, person_id=people[p].pk)
                    == expected
                )
        visible = set(PersonRecord.objects.filter(record_q(viewer)).values_list("pk", flat=True))
        identities = set(
            PersonRecord.objects.filter(identity_q(viewer)).values_list("pk", flat=True)
        )
        for (p, a), held in holdings.items():
            level = plan.record_sensitivity[a]
            assert (held.pk in visible) == oracle(plan, a, level, p), (p, a)
            expected = identity_oracle(plan, a, level, p)
            assert (held.pk in identities) == expected, ("identity", p, a)
            assert (
                sees_identity(
                    viewer,
                    agency_id=agencies[a].pk,
                    sensitivity=level,
                    person_id=people[p].pk,
                    protected=False,
                )
                == expected
            )
        transaction.set_rollback(True)
