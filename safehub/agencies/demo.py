"""The demo partnership: two district hubs and their teams, and the information-sharing
agreements it signs, as data.

Modelled on how complex safeguarding hubs share: each agency shares its content on a case
(a referral into the hub opens one), police intelligence only with social care,
sexual health only with the young person's consent or a recorded safeguarding exception;
identity is shared more widely than content — every agency lets the others' link
reviewers see who its records are (`linkage`), so records of one child can be joined
without opening what any agency knows about them. safehub.web.demo_agreements has each
provider's hub manager propose them and each recipient's accept. Demo data only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from safehub.agencies.models import AgencyType, Hub, SharingCondition, Team

CASE, CONSENT = SharingCondition.CASE, SharingCondition.CONSENT


@dataclass(frozen=True)
class Rule:
    provider: AgencyType
    recipients: tuple[AgencyType, ...]
    sensitivities: tuple[str, ...]
    condition: SharingCondition
    linkage: bool = False


_EVERYONE = tuple(t for t in AgencyType if t != AgencyType.PARTNER)
RULES = (
    # Identity for link review goes with the general agreements (`linkage`).
    Rule(AgencyType.POLICE, _EVERYONE, ("general",), CASE, linkage=True),
    Rule(AgencyType.POLICE, (AgencyType.SOCIAL_CARE,), ("intelligence",), CASE),
    Rule(AgencyType.SOCIAL_CARE, _EVERYONE, ("general",), CASE, linkage=True),
    Rule(
        AgencyType.HEALTH,
        (AgencyType.SOCIAL_CARE, AgencyType.POLICE),
        ("general", "health"),
        CASE,
        linkage=True,
    ),
    Rule(AgencyType.HEALTH, (AgencyType.SOCIAL_CARE,), ("sexual_health",), CONSENT),
    Rule(AgencyType.EDUCATION, _EVERYONE, ("general",), CASE, linkage=True),
    Rule(AgencyType.VOLUNTARY, (AgencyType.SOCIAL_CARE,), ("general",), CASE, linkage=True),
    # Partners' quick concerns go to the police and social care whoever they name: the
    # hub exists to act on them. Partners receive nothing.
    Rule(
        AgencyType.PARTNER,
        (AgencyType.POLICE, AgencyType.SOCIAL_CARE),
        ("general", "intelligence"),
        SharingCondition.ALWAYS,
        linkage=True,
    ),
)
REFERENCE = "Northvale complex safeguarding ISA (demo)"
# The trust's sexual-health clinic numbers its patients "SH…": being one is itself
# sexual-health data, whoever sees the record (issue 8).
SENSITIVE_SERVICES = ((AgencyType.HEALTH, "Sexual health clinic", "sexual_health", "SH"),)

HUBS = (("north", "Northvale North hub"), ("south", "Northvale South hub"))


@transaction.atomic
def demo_partnership() -> dict[str, Team]:
    """Hubs and one complex-safeguarding team per hub; idempotent."""
    teams: dict[str, Team] = {}
    for code, name in HUBS:
        hub, _ = Hub.objects.get_or_create(code=code, defaults={"name": name})
        teams[code], _ = Team.objects.get_or_create(
            hub=hub, name=f"{name.removesuffix(' hub')} complex safeguarding team"
        )
    return teams
