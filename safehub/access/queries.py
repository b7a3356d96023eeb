"""Reads behind the hub manager's pages: the agreements their agency signs. Agreements
hold no personal data, but an agency sees only those it is party to."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.agencies.models import AgreementStatus, SharingAgreement


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
    first what waits for the viewer's agency, then what it shares and what it receives."""
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


def agreement_for(pk: int) -> SharingAgreement | None:
    return SharingAgreement.objects.select_related("provider", "recipient").filter(pk=pk).first()
