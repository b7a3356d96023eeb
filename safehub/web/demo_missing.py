"""Missing children for the demo: three young people of the synthetic world whom children's
social care holds, each with a Philomena profile — one missing now (reported by the
police, who are shown her profile), one back with her return home interview held in
time, one back four days ago whose interview is overdue on the social worker's home page.

Demo only. Every step is taken by a demo user whom the rule for actions allows, through
the services a user's page calls (so each episode and interview is also a record of its
agency, for screening and the network). All of it, or none: a re-run finds the episodes
its users recorded and makes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safehub.agencies.models import User
from safehub.missing import services
from safehub.missing.models import MissingEpisode
from safehub.records.models import PersonRecord

SOCIAL_WORKER = "csc-practitioner"  # keeps the profiles, reports from placement, interviews
OFFICER = "police-practitioner"  # takes the report of the child missing now
PROFILES = (
    {
        "description": "Slim, about 5ft 3in; long dark hair, often tied up; a grey puffer jacket.",
        "associates": "Older friends she calls 'the lads'; a girl from her previous placement.",
        "places_frequented": "The takeaways on Mill Street; the retail park car park at night.",
        "phones": "Changes phones often; a second phone was found in her room in May.",
        "social_media": "Snapchat, under a nickname.",
        "transport": "Buses into town; picked up by cars from the end of the road.",
    },
    {
        "description": "Tall, short fair hair, glasses; usually in a black tracksuit.",
        "places_frequented": "The park behind the leisure centre; a friend's flat in town.",
        "previous_episodes": "Three this year, each found in town the next morning.",
    },
    {
        "description": "Small for her age; dyed red hair; a pink rucksack.",
        "associates": "A 'boyfriend' she says is 19.",
        "transport": "Taxis she cannot explain paying for.",
    },
)


@dataclass(frozen=True)
class DemoMissing:
    episodes: int
    made: bool  # False when a run before this one made them

    def summary(self) -> str:
        what = "Made" if self.made else "Found"
        return (
            f"{what} the demo's missing children ({self.episodes} episodes): one missing now, "
            f"one interviewed within 72 hours of her return, one whose interview is overdue "
            f"(on {SOCIAL_WORKER}'s home page)."
        )


def demo_missing(accounts: dict[str, User]) -> DemoMissing:
    """Make (once) the demo's profiles, episodes and interviews; `accounts` are the demo's
    users by username (safehub.web.demo names them)."""
    social_worker, officer = accounts[SOCIAL_WORKER], accounts[OFFICER]
    done = MissingEpisode.objects.filter(recorded_by__in=[social_worker, officer]).count()
    if done:
        return DemoMissing(done, made=False)
    missing_now, interviewed, overdue = _children(social_worker, officer)
    now = timezone.now()
    # All or nothing, so a re-run never finds half of it. A refusal here would be the
    # demo's bug, not a user's: its audit row may go with it.
    with transaction.atomic():
        for child, profile in zip((missing_now, interviewed, overdue), PROFILES, strict=True):
            services.profile_write(actor=social_worker, person_id=child, **profile)
        _interviewed(social_worker, interviewed, now)
        _back(social_worker, overdue, now - timedelta(days=6), now - timedelta(days=4))
        services.episode_report(
            actor=officer,
            person_id=missing_now,
            reported_at=now - timedelta(hours=6),
            missing_from="Her children's home, after school",
            from_placement=True,
        )
    return DemoMissing(3, made=True)


def _children(social_worker: User, officer: User) -> tuple[UUID, UUID, UUID]:
    """Three young people (16 or under, with a full date of birth) children's social care
    holds; the first held by the police too, who take her missing report."""
    young = Q(birth_year__gte=timezone.localdate().year - 16) & Q(date_of_birth__regex=r"^\d{4}-")
    if social_worker.agency_id is None or officer.agency_id is None:
        raise ValueError("The demo's social worker and officer belong to no agency.")
    held = PersonRecord.objects.filter(young, agency_id=social_worker.agency_id).order_by(
        "record_id"
    )
    people = list(dict.fromkeys(held.values_list("person_id", flat=True)))
    by_police = set(
        PersonRecord.objects.filter(agency_id=officer.agency_id, person_id__in=people).values_list(
            "person_id", flat=True
        )
    )
    first = next((p for p in people if p in by_police), None)
    rest = [p for p in people if p != first]
    if first is None or len(rest) < 2:
        raise ValueError("The synthetic world has too few young people held by social care.")
    return first, rest[0], rest[1]


def _back(actor: User, child: UUID, reported_at: datetime, returned_at: datetime) -> MissingEpisode:
    episode = services.episode_report(
        actor=actor,
        person_id=child,
        reported_at=reported_at,
        missing_from="Her foster placement",
        from_placement=True,
    )
    return services.episode_return(
        actor=actor,
        episode=episode,
        returned_at=returned_at,
        found_where="Star Kebabs, Mill Street",
        found_postcode="NV2 9XX",
        found_premises_type="takeaway",
        found_with="Two adult males in a silver car",
        how_returned="Brought home by police",
    )


def _interviewed(actor: User, child: UUID, now: datetime) -> None:
    returned_at = now - timedelta(days=11)
    episode = _back(actor, child, now - timedelta(days=12), returned_at)
    services.rhi_record(
        actor=actor,
        episode=episode,
        outcome="held",
        offered_at=returned_at + timedelta(hours=20),
        held_at=returned_at + timedelta(hours=44),
        where_been="A flat above the takeaway",
        where_postcode="NV2 9XX",
        where_premises_type="takeaway",
        with_whom="Older men she knows only by nicknames",
        how_travelled="Picked up in a silver car",
        vehicle_registration="NV19 KLM",
        harm="Given alcohol; frightened to say more",
        account="They had parties there. I was given alcohol and they said I owed them.",
    )
