"""The access policy: who may see which fact about which person, in one place.

A *fact* is anything an agency contributed: a person record, an event, a link. It has an
owning agency, a sensitivity and the person it is about. A viewer sees it when

- it is their own agency's (any sensitivity), or
- a sharing agreement in force (proposed by the owner, accepted by the viewer's agency)
  covers its sensitivity, applies to the viewer's hub, and its condition holds: `always`;
  `case` — the person is in one of the viewer's open case teams; `consent_or_exception` —
  and that case recorded consent or a safeguarding exception for this provider; or
- an approved access request opened the owner's facts about that person, or
- the viewer broke the glass for that person (reason given, not yet expired).

Only the data roles see personal data at all; auditors and administrators see none.
`sees()` states the rule for one fact; `record_q()` and `fact_q()` state the same rule as
database filters, so a list can never show what a detail page would refuse.

A person record's sensitivity is its own (`PersonRecord.sensitivity`: its agency's, or
that of the service holding it). For link review (`sees_identity`, `identity_q`): a data
role sees the identity fields of the records it sees anyway; a linkage officer sees
those of their own agency's records and those an agreement's `linkage` clause opens (the
provider's records of its sensitivities) — and nothing else. A reviewer decides a pair
only when they may see every field the model compares on both records. Who may *do*
what is `safehub.access.actions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from safehub.access.models import AccessRequest, BreakGlass, CasePerson, CaseRole, SharingBasis
from safehub.agencies.models import (
    AgreementStatus,
    HubScope,
    Role,
    SharingAgreement,
    SharingCondition,
    User,
)

DATA_ROLES = frozenset({Role.PRACTITIONER, Role.ANALYST, Role.SUPERVISOR, Role.HUB_MANAGER})
# Explicit filters for "every row" and "no row": an empty Q() is dropped from an OR.
EVERY = Q(pk__isnull=False)
NONE = Q(pk__in=[])


@dataclass(frozen=True)
class Share:
    """One live agreement as it applies to this viewer."""

    provider_id: int
    sensitivities: frozenset[str]
    condition: str
    linkage: bool = False  # identity fields of these sensitivities, for link review


@dataclass(frozen=True)
class Viewer:
    """Everything the policy needs to know about one user, read once per request."""

    user: User = field(compare=False, repr=False)
    user_id: int
    username: str
    agency_id: int | None
    hub_id: int | None
    roles: frozenset[str]
    shares: tuple[Share, ...] = ()
    case_people: frozenset[UUID] = frozenset()
    survivor_side: frozenset[UUID] = frozenset()  # victims/survivors in the viewer's cases
    consented: frozenset[tuple[UUID, int]] = frozenset()  # (person, provider agency)
    granted: frozenset[tuple[UUID, int]] = frozenset()  # (person, owner agency)
    break_glass: frozenset[UUID] = frozenset()
    at: datetime = field(default_factory=timezone.now)

    @property
    def sees_personal_data(self) -> bool:
        return self.agency_id is not None and bool(self.roles & DATA_ROLES)

    def has_role(self, role: str) -> bool:
        return role in self.roles


def _applies_to_hub(agreement: SharingAgreement, hub_id: int | None) -> bool:
    if agreement.scope == HubScope.ANY_HUB or agreement.provider.hub_id is None:
        return True
    return hub_id is not None and agreement.provider.hub_id == hub_id


def _live_shares(user: User, hub_id: int | None, now: datetime) -> tuple[Share, ...]:
    today = timezone.localdate(now)
    agreements = (
        SharingAgreement.objects.select_related("provider")
        .filter(
            recipient_id=user.agency_id,
            status=AgreementStatus.IN_FORCE,
            valid_from__lte=today,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("pk")
    )
    return tuple(
        Share(a.provider_id, frozenset(a.sensitivities), a.condition, a.linkage)
        for a in agreements
        if _applies_to_hub(a, hub_id)
    )


def _consented(bases: QuerySet[SharingBasis]) -> frozenset[tuple[UUID, int]]:
    """(person, provider) pairs a case of the viewer may see by consent or exception: in
    each case the newest entry for a pair holds, so a refusal withdraws what came before."""
    newest: dict[tuple[int, UUID, int], str] = {}
    for case, person, provider, basis in bases.order_by("pk").values_list(
        "case_id", "person_id", "provider_id", "basis"
    ):
        newest[(case, person, provider)] = basis
    return frozenset(
        (person, provider)
        for (_, person, provider), basis in newest.items()
        if basis != SharingBasis.Basis.REFUSED
    )


def viewer_for(user: User) -> Viewer:
    """The policy's view of `user`, as of now (revocations apply on the next request)."""
    now = timezone.now()
    roles = frozenset(user.roles.values_list("role", flat=True)) if user.pk else frozenset()
    hub_id = user.hub_id
    if not user.is_active or user.agency_id is None:
        return Viewer(user, user.pk or 0, user.get_username(), None, hub_id, roles, at=now)
    people = CasePerson.objects.filter(case__members=user, case__closed_at__isnull=True)
    bases = SharingBasis.objects.filter(case__members=user, case__closed_at__isnull=True)
    grants = AccessRequest.objects.filter(
        requester=user, status=AccessRequest.Status.APPROVED, expires_at__gt=now
    )
    return Viewer(
        user=user,
        user_id=user.pk,
        username=user.get_username(),
        agency_id=user.agency_id,
        hub_id=hub_id,
        roles=roles,
        shares=_live_shares(user, hub_id, now),
        case_people=frozenset(people.values_list("person_id", flat=True)),
        survivor_side=frozenset(
            people.filter(role=CaseRole.VICTIM).values_list("person_id", flat=True)
        ),
        consented=_consented(bases),
        granted=frozenset(grants.values_list("person_id", "owner_id")),
        break_glass=frozenset(
            BreakGlass.objects.filter(user=user, expires_at__gt=now).values_list(
                "person_id", flat=True
            )
        ),
        at=now,
    )


# ---------------------------------------------------------------- one fact


def _share_holds(viewer: Viewer, share: Share, person_id: UUID | None) -> bool:
    if share.condition == SharingCondition.ALWAYS:
        return True
    if person_id is None or person_id not in viewer.case_people:
        return False
    if share.condition == SharingCondition.CASE:
        return True
    return (person_id, share.provider_id) in viewer.consented


def sees(viewer: Viewer, *, agency_id: int, sensitivity: str, person_id: UUID | None) -> bool:
    """May `viewer` see one fact owned by `agency_id`, of `sensitivity`, about `person_id`?"""
    if not viewer.sees_personal_data:
        return False
    if agency_id == viewer.agency_id:
        return True
    if person_id is not None and (
        person_id in viewer.break_glass or (person_id, agency_id) in viewer.granted
    ):
        return True
    return any(
        share.provider_id == agency_id
        and sensitivity in share.sensitivities
        and _share_holds(viewer, share, person_id)
        for share in viewer.shares
    )


def sees_contact_details(
    viewer: Viewer, *, agency_id: int, person_id: UUID, protected: bool
) -> bool:
    """Protected details (address, postcode, phone, e-mail, placements, school) of a
    protected person: only their own agency's, or a survivor-side case team's."""
    if not protected:
        return True
    return agency_id == viewer.agency_id or person_id in viewer.survivor_side


def sees_identity(
    viewer: Viewer, *, agency_id: int, sensitivity: str, person_id: UUID, protected: bool
) -> bool:
    """May `viewer` see every identity field of one person record — names, date of birth,
    sex, identifiers and, of a protected person, address and contact — to decide whether
    it and another are one person? A data role: when they see the record itself. A
    linkage officer: their own agency's, or one an agreement's `linkage` clause covers.
    Protected details only as above."""
    readable = viewer.sees_personal_data and sees(
        viewer, agency_id=agency_id, sensitivity=sensitivity, person_id=person_id
    )
    if _links(viewer):
        readable = (
            readable
            or agency_id == viewer.agency_id
            or any(
                share.linkage
                and share.provider_id == agency_id
                and sensitivity in share.sensitivities
                for share in viewer.shares
            )
        )
    return readable and sees_contact_details(
        viewer, agency_id=agency_id, person_id=person_id, protected=protected
    )


def _links(viewer: Viewer) -> bool:
    return viewer.agency_id is not None and Role.LINKAGE in viewer.roles


# ---------------------------------------------------------------- as database filters


def _person_in(path: str, people: Iterable[UUID]) -> Q:
    return Q(**{f"{path}__in": sorted(people, key=str)})


def fact_q(
    viewer: Viewer,
    *,
    agency: str = "agency_id",
    sensitivity: str = "sensitivity",
    person: str | None = None,
    person_id: UUID | None = None,
) -> Q:
    """The rule of `sees()` as a filter over facts.

    Give `person` (the path to the fact's person id) for facts about many people, or
    `person_id` when every fact is about one known person (a profile).
    """
    if not viewer.sees_personal_data:
        return NONE
    allowed = Q(**{agency: viewer.agency_id})
    for share in viewer.shares:
        holds = Q(**{agency: share.provider_id, f"{sensitivity}__in": sorted(share.sensitivities)})
        allowed |= holds & _condition_q(viewer, share, person, person_id)
    allowed |= _opened_q(viewer, agency=agency, person=person, person_id=person_id)
    return allowed


def _condition_q(viewer: Viewer, share: Share, person: str | None, person_id: UUID | None) -> Q:
    if share.condition == SharingCondition.ALWAYS:
        return EVERY
    if share.condition == SharingCondition.CASE:
        people = viewer.case_people
    else:
        people = frozenset(
            p
            for p, provider in viewer.consented
            if provider == share.provider_id and p in viewer.case_people
        )
    if person_id is not None:
        return EVERY if person_id in people else NONE
    assert person is not None, "fact_q needs `person` or `person_id`"
    return _person_in(person, people)


def _opened_q(viewer: Viewer, *, agency: str, person: str | None, person_id: UUID | None) -> Q:
    """Break-glass and approved access requests."""
    if person_id is not None:
        if person_id in viewer.break_glass:
            return EVERY
        owners = [a for p, a in viewer.granted if p == person_id]
        return Q(**{f"{agency}__in": owners})
    assert person is not None
    opened = _person_in(person, viewer.break_glass)
    for granted_person, owner in viewer.granted:
        opened |= Q(**{person: granted_person, agency: owner})
    return opened


def record_q(viewer: Viewer, *, prefix: str = "", person_id: UUID | None = None) -> Q:
    """`fact_q` for person records, each of its own sensitivity."""
    return fact_q(
        viewer,
        agency=f"{prefix}agency_id",
        sensitivity=f"{prefix}sensitivity",
        person=None if person_id else f"{prefix}person_id",
        person_id=person_id,
    )


def identity_q(viewer: Viewer, *, prefix: str = "") -> Q:
    """The rule of `sees_identity()` as a filter over person records (`prefix` leads to
    the record, e.g. "left__")."""
    readable = record_q(viewer, prefix=prefix)  # NONE for all but the data roles
    if _links(viewer):
        readable |= Q(**{f"{prefix}agency_id": viewer.agency_id})
        for share in viewer.shares:
            if share.linkage:
                readable |= Q(
                    **{
                        f"{prefix}agency_id": share.provider_id,
                        f"{prefix}sensitivity__in": sorted(share.sensitivities),
                    }
                )
    contact = (
        Q(**{f"{prefix}person__protected_details": False})
        | Q(**{f"{prefix}agency_id": viewer.agency_id})
        | _person_in(f"{prefix}person_id", viewer.survivor_side)
    )
    return readable & contact
