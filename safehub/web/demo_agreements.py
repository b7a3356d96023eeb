"""The demo's agreements made as a real partnership makes them: each provider's hub
manager proposes sharing its own data, each recipient's hub manager accepts (the rule
for actions checks both), and its sensitive services are set by an operator."""

from __future__ import annotations

from safehub.access.services import agreements as access
from safehub.agencies.demo import REFERENCE, RULES, SENSITIVE_SERVICES
from safehub.agencies.models import (
    Agency,
    AgencyType,
    AgreementStatus,
    HubScope,
    Role,
    SharingAgreement,
    User,
)
from safehub.records import sensitivity


def _hub_manager(agency: Agency) -> User:
    manager = (
        User.objects.filter(agency=agency, roles__role=Role.HUB_MANAGER, is_active=True)
        .order_by("pk")
        .first()
    )
    if manager is None:
        raise LookupError(f"the demo has no hub manager for {agency.code}")
    return manager


def demo_agreements(agencies: list[Agency]) -> int:
    """Every agreement of agencies.demo.RULES between the hub's agencies, proposed and
    accepted by their hub managers; returns how many were made (none on a re-run)."""
    made = 0
    # A demo hub built before agreements were signed by both: its old agreements, left
    # unconfirmed by the upgrade, are withdrawn by their providers and made afresh.
    for stale in SharingAgreement.objects.filter(
        status=AgreementStatus.UNCONFIRMED, reference=REFERENCE
    ):
        access.agreement_revoke(actor=_hub_manager(stale.provider), agreement=stale)
    for rule in RULES:
        for provider in (a for a in agencies if a.type == rule.provider):
            for recipient in (
                a for a in agencies if a.type in rule.recipients and a.pk != provider.pk
            ):
                if SharingAgreement.objects.filter(
                    provider=provider,
                    recipient=recipient,
                    condition=rule.condition,
                    sensitivities=sorted(rule.sensitivities),
                    status__in=(AgreementStatus.PROPOSED, AgreementStatus.IN_FORCE),
                ).exists():
                    continue
                proposal = access.agreement_propose(
                    actor=_hub_manager(provider),
                    provider=provider,
                    recipient=recipient,
                    sensitivities=list(rule.sensitivities),
                    condition=rule.condition,
                    scope=HubScope.ANY_HUB,
                    reference=REFERENCE,
                    linkage=rule.linkage,
                )
                access.agreement_accept(actor=_hub_manager(recipient), agreement=proposal)
                made += 1
    return made


def demo_sensitive_services(agencies: list[Agency]) -> None:
    """A health trust's patient list is health data; its sexual-health clinic's, sexual
    health (set by an operator, as `safehub agency` does)."""
    for agency in agencies:
        if agency.type == AgencyType.HEALTH and agency.record_sensitivity != "health":
            sensitivity.agency_sensitivity_set(actor=None, agency=agency, sensitivity="health")
        for kind, name, level, prefix in SENSITIVE_SERVICES:
            if (
                agency.type == kind
                and not agency.services.filter(
                    name=name, sensitivity=level, record_id_prefix=prefix
                ).exists()
            ):
                sensitivity.record_service_set(
                    actor=None, agency=agency, name=name, sensitivity=level, record_id_prefix=prefix
                )
