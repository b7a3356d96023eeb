"""Forms of the missing pages: the Philomena profile, a missing report, the return, and the
return home interview. They check the shape of what is typed; the services check the rest
(times in order, the postcode, the kind of place) and name the field at fault."""

from __future__ import annotations

from django import forms

from safehub.missing.models import ReturnInterview
from safehub.records import vocabulary
from safehub.records.forms import ServiceErrors

LONGEST = 4000
WHEN_HINT = "Date and time, like 2026-03-01 21:30"
PREMISES = [("", "Not known"), *vocabulary.as_choices(vocabulary.PREMISES_TYPES)]


def _when(label: str, *, required: bool = True, what: str = "the date and time") -> forms.Field:
    return forms.DateTimeField(
        label=label,
        help_text=WHEN_HINT,
        required=required,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} like 2026-03-01 21:30",
        },
    )


def _text(label: str, *, rows: int = 3, hint: str = "", longest: int = LONGEST) -> forms.Field:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=longest,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
    )


class ProfileForm(ServiceErrors):
    description = _text("Description", hint="Height, build, hair, clothing, distinguishing marks")
    photo_reference = _text(
        "Photograph", rows=0, hint="Where the current photograph is kept", longest=200
    )
    associates = _text("Friends and associates", hint="Names, nicknames, ages, where they live")
    places_frequented = _text("Places they go")
    previous_episodes = _text(
        "Previous missing episodes", hint="Where they were found, and with whom"
    )
    phones = _text("Phones", rows=2)
    social_media = _text("Social media", rows=2)
    transport = _text("Transport they use", rows=2)
    other_information = _text("Anything else")


class ReportForm(ServiceErrors):
    reported_at = _when("When they were reported missing", what="when they were reported missing")
    missing_from = _text("Missing from", rows=0, hint="Where they were last seen", longest=300)
    from_placement = forms.BooleanField(
        label="Missing from their placement (a children's home, foster carer or supported "
        "accommodation)",
        required=False,
    )


class ReturnForm(ServiceErrors):
    returned_at = _when("When they came back", what="when they came back")
    found_where = _text("Where they were found", rows=0, longest=300)
    found_postcode = _text("Postcode of that place", rows=0, longest=10)
    found_premises_type = forms.ChoiceField(label="Kind of place", choices=PREMISES, required=False)
    found_with = _text("Who they were with", rows=2)
    how_returned = _text(
        "How they came back", rows=0, hint="Who brought them back, and how", longest=300
    )


class InterviewForm(ServiceErrors):
    outcome = forms.ChoiceField(
        label="The interview",
        choices=ReturnInterview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the interview was held or declined"},
    )
    offered_at = _when("When it was offered", what="when the interview was offered")
    held_at = _when("When it was held", required=False, what="when the interview was held")
    where_been = _text("Where they had been", rows=0, longest=300)
    where_postcode = _text("Postcode of that place", rows=0, longest=10)
    where_premises_type = forms.ChoiceField(label="Kind of place", choices=PREMISES, required=False)
    with_whom = _text("Who they were with", rows=2)
    how_travelled = _text("How they travelled", rows=0, longest=300)
    vehicle_registration = _text("Vehicle registration", rows=0, longest=10)
    phone = _text("A phone they used or were called on", rows=0, longest=30)
    harm = _text("Harm they suffered or were exposed to")
    account = _text("In their own words", rows=4)
