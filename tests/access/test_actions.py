"""The rule for actions itself: every action has a rule stated in words, and the rules no
route reaches yet (case teams, consent, protection) hold (docs/security.md #29)."""

from __future__ import annotations

import itertools

import pytest

from safehub.access.actions import Action, ActionRefused, can, rule_of
from safehub.access.models import CaseKind, CaseRole, SharingBasis
from safehub.access.queries import manageable_accounts
from safehub.access.services import cases
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent, Verb
from safehub.records import services as records
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_rule_in_words(action: Action) -> None:
    rule = rule_of(action)  # a KeyError (a 500 at run time) if an action had none
    assert len(rule.words.split()) >= 6, f"{action}: say the rule in words"


def test_a_case_opened_by_a_supervisor_names_only_people_their_agency_holds() -> None:
    police, trust = f.agency("police"), f.agency("trust", "health")
    boss = f.user(police, Role.SUPERVISOR)
    worker = f.user(police, Role.PRACTITIONER)
    with pytest.raises(ActionRefused):
        cases.case_open(actor=worker, kind=CaseKind.REVIEW, reference="R-1")
    case = cases.case_open(actor=boss, kind=CaseKind.REVIEW, reference="R-1", members=[worker])
    ours = records.person_target(f.record(police).person)
    stranger = records.person_target(f.record(trust).person)
    cases.case_add_person(actor=boss, case=case, person=ours, role=CaseRole.VICTIM)
    # A person only the trust holds, named by id: adding them would open the trust's
    # case-shared data about them to the team.
    with pytest.raises(ActionRefused):
        cases.case_add_person(actor=boss, case=case, person=stranger, role=CaseRole.VICTIM)
    with pytest.raises(ActionRefused):  # a practitioner member adds no one
        cases.case_add_person(actor=worker, case=case, person=ours, role=CaseRole.SUSPECT)
    assert list(case.people.values_list("person_id", flat=True)) == [ours.person_id]
    refused = AuditEvent.objects.filter(verb=Verb.REFUSED, detail__action="case_add_person")
    assert {e.subject_person for e in refused} == {str(stranger.person_id), str(ours.person_id)}
    cases.case_close(actor=boss, case=case)
    with pytest.raises(ActionRefused):  # a closed case takes no one
        cases.case_add_person(actor=boss, case=case, person=ours, role=CaseRole.VICTIM)
    assert [
        e.verb
        for e in AuditEvent.objects.filter(target_type="case")
        .exclude(verb=Verb.REFUSED)
        .order_by("seq")
    ] == [Verb.CASE_OPENED, Verb.CASE_PERSON_ADDED, Verb.CASE_CLOSED]


def test_consent_is_recorded_by_a_supervisor_of_the_case() -> None:
    police, trust = f.agency("police"), f.agency("trust", "health")
    boss, outsider = f.user(police, Role.SUPERVISOR), f.user(police, Role.SUPERVISOR)
    worker = f.user(police)
    person = f.record(police).person
    case = f.case(boss, worker, people={person.pk: "victim"})
    for not_theirs in (outsider, worker):
        with pytest.raises(ActionRefused):
            cases.sharing_basis_record(
                actor=not_theirs,
                case=case,
                person_id=person.pk,
                provider=trust,
                basis=SharingBasis.Basis.CONSENT,
                reason="She agreed at the visit today.",
            )
    cases.sharing_basis_record(
        actor=boss,
        case=case,
        person_id=person.pk,
        provider=trust,
        basis=SharingBasis.Basis.CONSENT,
        reason="She agreed at the visit today.",
    )
    assert AuditEvent.objects.filter(verb=Verb.SHARING_BASIS_RECORDED).count() == 1


def test_details_are_protected_by_a_supervisor_of_an_agency_that_holds_the_person() -> None:
    police, trust = f.agency("police"), f.agency("trust", "health")
    person = f.record(police).person
    for not_theirs in (f.user(trust, Role.SUPERVISOR), f.user(police, Role.PRACTITIONER)):
        with pytest.raises(ActionRefused):
            records.person_protect(actor=not_theirs, person=person, reason="A survivor")
    records.person_protect(
        actor=f.user(police, Role.SUPERVISOR), person=person, reason="A survivor"
    )
    person.refresh_from_db()
    assert person.protected_details
    assert AuditEvent.objects.filter(verb=Verb.PERSON_PROTECTED).count() == 1


def test_the_accounts_page_lists_exactly_the_accounts_the_rule_lets_one_manage() -> None:
    """`manageable_accounts` states ACCOUNT_MANAGE as a filter: the two never disagree."""
    police, trust = f.agency("police"), f.agency("trust", "health")
    people = [
        f.user(agency, role)
        for agency, role in itertools.product(
            (police, trust),
            (Role.PRACTITIONER, Role.HUB_MANAGER, Role.ADMIN, Role.HUB_ADMIN, Role.AUDITOR),
        )
    ]
    for actor in people:
        listed = set(manageable_accounts(actor).values_list("pk", flat=True))
        allowed = {user.pk for user in people if can(actor, Action.ACCOUNT_MANAGE, user)}
        assert listed == allowed, actor.role_names


def test_an_operator_acts_only_where_a_rule_says_so() -> None:
    operator = {action for action in Action if can(None, action)}
    assert operator == {
        Action.RECORD_SERVICE_SET,
        Action.NETWORK_BUILD,
        Action.ACCOUNT_MANAGE,
        Action.AGENCY_REGISTER,
        Action.USER_REGISTER,
        Action.ROLE_GRANT,
    }
