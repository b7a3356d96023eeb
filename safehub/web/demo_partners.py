"""The demo's partner organisations: a hotel and the taxi licensing office, which pass on
quick concerns through limited accounts and share them with the police and social care
under the partnership's agreement. And a first concern from the hotel's front desk, about
a car the police know (so the triage queue shows one). Demo data only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safehub.access.services import registration as agencies
from safehub.agencies.models import Agency, AgencyType, User
from safehub.concerns.forms import ConcernForm
from safehub.concerns.models import Concern
from safehub.concerns.services import concern_submit
from safehub.records.models import EventPerson, PersonObject

PARTNERS = (
    ("station-hotel", "Station Hotel, Northvale"),
    ("taxi-licensing", "Northvale taxi and private hire licensing"),
)


def demo_partner_agencies() -> list[Agency]:
    return [
        agencies.agency_upsert(code=code, name=name, type=AgencyType.PARTNER)
        for code, name in PARTNERS
    ]


def _a_suspects_car() -> str | None:
    """A vehicle the police record a suspect owning or using, if the world has one."""
    suspects = EventPerson.objects.filter(role="suspect").values("record__person_id")
    owned = PersonObject.objects.filter(
        object__object_type="vehicle", record__person_id__in=suspects
    ).exclude(object__normalized_value="")
    return owned.values_list("object__normalized_value", flat=True).order_by("pk").first()


def demo_concern(desk: User) -> Concern | None:
    """The hotel's first concern (once): a car seen dropping girls off at night."""
    if Concern.objects.filter(author=desk).exists():
        return None
    car = _a_suspects_car()
    if car is None:
        return None
    form = ConcernForm(
        data={
            "what_seen": (
                "Two girls in school uniform dropped off after 11pm by the driver of this "
                "car, who booked a room for cash and waited in the car park."
            ),
            "vehicle_registration": car,
            "vehicle_colour": "grey",
            "place_name": "Station Hotel",
            "premises_type": "hotel",
            "seen_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        }
    )
    if not form.is_valid():
        raise ValueError(f"the demo's concern is refused: {form.errors.as_text()}")
    return concern_submit(actor=desk, data=form.cleaned_data)
