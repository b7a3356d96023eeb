"""The demo partnership: two district hubs, their teams and a realistic set of agreements.

Modelled on how complex safeguarding hubs share: police intelligence stays with police
unless shared for a case; sexual health stays with health unless the young person
consents or a safeguarding exception is recorded; schools share attendance with social
care routinely. Demo data only; a real partnership records its signed agreements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from safehub.agencies.models import (
    Agency,
    AgencyType,
    Hub,
    HubScope,
    SharingAgreement,
    SharingCondition,
    Team,
)

ALWAYS, CASE, CONSENT = (SharingCondition.ALWAYS, SharingCondition.CASE,
                         SharingCondition.CONSENT)


@dataclass(frozen=True)
class Rule:
    provider: AgencyType
    recipients: tuple[AgencyType, ...]
    sensitivities: tuple[str, ...]
    condition: SharingCondition


_EVERYONE = tuple(AgencyType)
RULES = (
    Rule(AgencyType.POLICE, _EVERYONE, ("general",), CASE),
    Rule(AgencyType.POLICE, (AgencyType.SOCIAL_CARE,), ("intelligence",), CASE),
    Rule(AgencyType.SOCIAL_CARE, _EVERYONE, ("general",), CASE),
    Rule(AgencyType.HEALTH, (AgencyType.SOCIAL_CARE, AgencyType.POLICE), ("general", "health"),
         CASE),
    Rule(AgencyType.HEALTH, (AgencyType.SOCIAL_CARE,), ("sexual_health",), CONSENT),
    Rule(AgencyType.EDUCATION, _EVERYONE, ("general",), CASE),
    Rule(AgencyType.EDUCATION, (AgencyType.SOCIAL_CARE,), ("general",), ALWAYS),
    Rule(AgencyType.VOLUNTARY, (AgencyType.SOCIAL_CARE,), ("general",), CASE),
)

HUBS = (("north", "Northvale North hub"), ("south", "Northvale South hub"))


@transaction.atomic
def demo_partnership(agencies: list[Agency]) -> dict[str, Team]:
    """Hubs, one complex-safeguarding team per hub, and the agreements; idempotent."""
    teams: dict[str, Team] = {}
    for code, name in HUBS:
        hub, _ = Hub.objects.get_or_create(code=code, defaults={"name": name})
        teams[code], _ = Team.objects.get_or_create(
            hub=hub, name=f"{name.removesuffix(' hub')} complex safeguarding team")
    for agency in agencies:
        if agency.type == AgencyType.HEALTH and agency.record_sensitivity != "health":
            agency.record_sensitivity = "health"  # a patient list is health data
            agency.save(update_fields=["record_sensitivity"])
    for rule in RULES:
        for provider in (a for a in agencies if a.type == rule.provider):
            for recipient in (a for a in agencies
                              if a.type in rule.recipients and a.pk != provider.pk):
                SharingAgreement.objects.get_or_create(
                    provider=provider, recipient=recipient, condition=rule.condition,
                    sensitivities=list(rule.sensitivities),
                    defaults={"scope": HubScope.ANY_HUB, "valid_from": date(2024, 4, 1),
                              "reference": "Northvale complex safeguarding ISA (demo)"})
    return teams
