"""Reads behind the access app's pages: the agreements an agency signs, the accounts a
manager manages, and the case teams a user is a member of. Each read of personal data
(a case's people and notes) is audited before it is returned, and so is each refusal:
a refused page answers the 404 of a missing one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access import policy
from safehub.access.actions import ACCOUNT_MANAGERS, Action, can
from safehub.access.models import CaseNote, CaseTeam, SetUpCode, SharingBasis
from safehub.access.policy import Viewer
from safehub.access.refusals import refused_as_missing
from safehub.agencies.models import (
    HUB_WIDE_ROLES,
    Agency,
    AgreementStatus,
    Role,
    SharingAgreement,
    User,
    UserRole,
)
from safehub.audit import log as audit
from safehub.audit.models import Verb

# A person of the case whose name the viewer may not see: never a hint of which agency.
NAME_WITHHELD = "A person (details held by another agency)"
NAME_NOT_RECORDED = "Name not recorded"


def _refused(viewer: Viewer | User, target_type: str, target_id: object, route: str) -> Http404:
    return refused_as_missing(viewer, target_type, target_id, route)


# ---------------------------------------------------------------- sharing agreements


@dataclass(frozen=True)
class AgreementRow:
    agreement: SharingAgreement
    may: frozenset[Action] = field(default_factory=frozenset)  # what the viewer may do


@dataclass
class AgreementsPage:
    to_accept: list[AgreementRow]  # proposed to the viewer's agency
    to_confirm: list[AgreementRow]  # the viewer's agency's, recorded before both signed
    shares: list[AgreementRow]  # the viewer's agency shares
    receives: list[AgreementRow]  # the viewer's agency receives


_OFFERED = (
    Action.AGREEMENT_ACCEPT,
    Action.AGREEMENT_DECLINE,
    Action.AGREEMENT_REVOKE,
    Action.AGREEMENT_CONFIRM,
)
_MAY_NOW = {
    AgreementStatus.PROPOSED: {
        Action.AGREEMENT_ACCEPT,
        Action.AGREEMENT_DECLINE,
        Action.AGREEMENT_REVOKE,
    },
    AgreementStatus.IN_FORCE: {Action.AGREEMENT_REVOKE},
    AgreementStatus.UNCONFIRMED: {Action.AGREEMENT_CONFIRM, Action.AGREEMENT_REVOKE},
}


def _row(viewer: Viewer, agreement: SharingAgreement) -> AgreementRow:
    possible = _MAY_NOW.get(AgreementStatus(agreement.status), set())
    return AgreementRow(
        agreement,
        frozenset(
            action for action in _OFFERED if action in possible and can(viewer, action, agreement)
        ),
    )


def agreements_page(viewer: Viewer) -> AgreementsPage:
    """The agreements the viewer's agency is party to, each with what the viewer may do:
    first what waits for the viewer's agency, then what it shares and what it receives.
    Agreements hold no personal data, but an agency sees only those it is party to."""
    page = AgreementsPage([], [], [], [])
    agency = viewer.agency_id
    if agency is None:
        return page
    agreements = (
        SharingAgreement.objects.filter(Q(provider_id=agency) | Q(recipient_id=agency))
        .select_related("provider", "recipient", "proposed_by", "accepted_by", "ended_by")
        .order_by("-created_at", "-pk")
    )
    for agreement in agreements:
        row, status = _row(viewer, agreement), agreement.status
        if agreement.recipient_id == agency and status == AgreementStatus.PROPOSED:
            page.to_accept.append(row)
        elif agreement.provider_id == agency and status == AgreementStatus.UNCONFIRMED:
            page.to_confirm.append(row)
        elif agreement.provider_id == agency:
            page.shares.append(row)
        else:
            page.receives.append(row)
    return page


def agreement_for(viewer: Viewer, agreement_id: int, *, route: str) -> SharingAgreement:
    """The agreement a step is asked of, or 404 (audited) if there is none. Whether the
    viewer may take the step is the rule's to say (the service asks it)."""
    agreement = (
        SharingAgreement.objects.select_related("provider", "recipient")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise _refused(viewer, "sharing_agreement", agreement_id, route)
    return agreement


def agreement_recipients(provider: Agency | None) -> QuerySet[Agency]:
    """The agencies a provider may propose to share with: every other one."""
    if provider is None:
        return Agency.objects.none()
    return Agency.objects.exclude(pk=provider.pk).order_by("name")


# ---------------------------------------------------------------- accounts


def manageable_accounts(actor: User) -> QuerySet[User]:
    """The accounts `actor` may manage (`Action.ACCOUNT_MANAGE`, as a filter), each
    annotated with `app_set_up` (a confirmed authenticator) and `code_waiting` (a live
    set-up code)."""
    roles = set(actor.roles.values_list("role", flat=True)) if actor.is_active else set()
    hub_wide = UserRole.objects.filter(user=OuterRef("pk"), role__in=sorted(HUB_WIDE_ROLES))
    if Role.HUB_ADMIN in roles:
        users = User.objects.all()
    elif roles & (ACCOUNT_MANAGERS - {Role.HUB_ADMIN}) and actor.agency_id is not None:
        users = User.objects.filter(agency_id=actor.agency_id).exclude(Exists(hub_wide))
    else:
        return User.objects.none()
    live_code = SetUpCode.objects.filter(
        user=OuterRef("pk"), used_at=None, voided_at=None, expires_at__gt=timezone.now()
    )
    return (
        users.exclude(pk=actor.pk)
        .select_related("agency")
        .prefetch_related("roles")
        .annotate(
            app_set_up=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            code_waiting=Exists(live_code),
        )
        .order_by("agency__name", "username")
    )


def accounts_listed(manager: User) -> list[User]:
    """The accounts page's list: staff accounts, not the hub's people, audited all the same."""
    users = list(manageable_accounts(manager))
    audit.record(
        actor=manager,
        verb=Verb.VIEW,
        target_type="accounts",
        detail={"route": "accounts", "accounts": len(users)},
    )
    return users


def managed_account(manager: User, user_id: int, *, route: str) -> User:
    """One account the manager may act on, or 404 (audited) whether missing or not theirs."""
    account = manageable_accounts(manager).filter(pk=user_id).first()
    if account is None:
        raise _refused(manager, "user", user_id, route)
    return account


# ---------------------------------------------------------------- case teams


@dataclass(frozen=True)
class CaseRow:
    case: CaseTeam
    people: int


@dataclass(frozen=True)
class MemberRow:
    name: str
    agency: str
    roles: list[str]


@dataclass(frozen=True)
class PersonRow:
    person_id: UUID | None  # None: the viewer may not open them (no link)
    name: str  # as the viewer may see it, or NAME_WITHHELD
    role: str


@dataclass(frozen=True)
class BasisRow:
    person: str
    basis: str
    provider: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class NoteRow:
    author: str
    agency: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class CasePage:
    case: CaseTeam
    members: list[MemberRow]
    people: list[PersonRow]
    bases: list[BasisRow]
    notes: list[NoteRow]
    may_add_note: bool


def case_list(viewer: Viewer) -> list[CaseRow]:
    """The viewer's own case teams, open ones first (then the latest closed): references
    and counts, no one named."""
    cases = (
        CaseTeam.objects.filter(members=viewer.user_id)
        .annotate(people_count=Count("people", distinct=True))
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_at", "-pk")
    )
    return [CaseRow(case, case.people_count) for case in cases]


def case_of_member(viewer: Viewer, case_id: int, *, route: str) -> CaseTeam:
    """The case, to a member of it who may see personal data; to anyone else — another
    agency, a non-member, an auditor — the audited 404 of a case that does not exist."""
    case = None
    if viewer.sees_personal_data:
        case = CaseTeam.objects.filter(pk=case_id, members=viewer.user_id).first()
    if case is None:
        raise _refused(viewer, "case", case_id, route)
    return case


def case_page(viewer: Viewer, case_id: int) -> CasePage:
    """Everything the case page shows a member, audited before it is returned: its people
    named only as the access policy lets the viewer see them."""
    case = case_of_member(viewer, case_id, route="case_detail")
    entries = list(case.people.order_by("pk"))
    ids = [entry.person_id for entry in entries]
    names = person_names(viewer, ids)
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type="case",
        target_id=str(case.pk),
        detail={"route": "case_detail", "persons": [str(i) for i in ids]},
    )
    people = sorted(
        (
            PersonRow(
                entry.person_id if _openable(viewer, entry.person_id, names) else None,
                names.get(entry.person_id, NAME_WITHHELD),
                entry.get_role_display(),
            )
            for entry in entries
        ),
        key=lambda row: (row.name == NAME_WITHHELD, row.name.casefold()),
    )
    return CasePage(
        case=case,
        members=_members(case),
        people=people,
        bases=_bases(case, names),
        notes=_notes(case),
        may_add_note=can(viewer, Action.CASE_NOTE_ADD, case),
    )


def _openable(viewer: Viewer, person_id: UUID, names: dict[UUID, str]) -> bool:
    """May the viewer open the person's profile? The records app's rule: a record they
    see, or their open case or break-glass names them."""
    return person_id in names or person_id in viewer.case_people | viewer.break_glass


def _members(case: CaseTeam) -> list[MemberRow]:
    members = case.members.select_related("agency").prefetch_related("roles")
    return [
        MemberRow(
            user.display_name,
            user.agency.name if user.agency else "",
            sorted(role.get_role_display() for role in user.roles.all()),
        )
        for user in members.order_by("agency__name", "last_name", "first_name", "username")
    ]


def _bases(case: CaseTeam, names: dict[UUID, str]) -> list[BasisRow]:
    bases = SharingBasis.objects.filter(case=case).select_related("provider", "recorded_by")
    return [
        BasisRow(
            names.get(basis.person_id, NAME_WITHHELD),
            basis.get_basis_display(),
            basis.provider.name,
            basis.recorded_by.display_name,
            basis.recorded_at,
        )
        for basis in bases.order_by("recorded_at", "pk")
    ]


def _notes(case: CaseTeam) -> list[NoteRow]:
    notes = CaseNote.objects.filter(case=case).select_related("author", "author__agency")
    return [
        NoteRow(
            note.author.display_name,
            note.author.agency.name if note.author.agency else "",
            note.created_at,
            note.text,
        )
        for note in notes.order_by("created_at", "pk")
    ]


def person_names(viewer: Viewer, person_ids: list[UUID]) -> dict[UUID, str]:
    """The name each person goes by for `viewer`, from the person records the policy lets
    them see (`policy.record_q`, as the people pages name them): their own agency's
    record first, then by family and given names. A person of whom the viewer sees no
    record is left out (the caller shows NAME_WITHHELD); one seen but unnamed is
    NAME_NOT_RECORDED.

    The records live in a layer above this one, which this module must not import: they
    are reached by the app registry's name, and only the fields the policy's filter
    already names are read.
    """
    if not person_ids or not viewer.sees_personal_data:
        return {}
    person_record = apps.get_model("records", "PersonRecord")
    rows = person_record._default_manager.filter(
        policy.record_q(viewer), person_id__in=sorted(set(person_ids), key=str)
    ).values_list("person_id", "agency_id", "family_name", "given_names", "pk")
    shown_first = sorted(
        rows,
        key=lambda r: (r[1] != viewer.agency_id, not r[2], r[2].lower(), r[3].lower(), r[4]),
    )
    names: dict[UUID, str] = {}
    for person_id, _agency, family, given, _pk in shown_first:
        name = f"{given} {family}".strip()
        if name and names.get(person_id, NAME_NOT_RECORDED) == NAME_NOT_RECORDED:
            names[person_id] = name
        names.setdefault(person_id, NAME_NOT_RECORDED)
    return names
