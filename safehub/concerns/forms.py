"""The quick concern form: what was seen is the only thing asked for; who, where, when, a
vehicle, phone or handle are each optional (any of them lets the concern meet what the
hub holds). Every problem names its field in words a receptionist understands."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from safehub.concerns.models import Concern
from safehub.records.forms import ServiceErrors

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$", re.IGNORECASE)
# A UK registration, current or older style, or a foreign plate: letters and digits only.
REGISTRATION = re.compile(r"^[A-Z0-9]{2,8}$")
HANDLE = re.compile(r"^@?[\w.\-]{2,60}$")
# Further back than this is not a quick concern but a statement: tell the police.
OLDEST = timedelta(days=366)
LONGEST_TEXT = 2000

PREMISES = [
    ("", "Not known or not a business"),
    ("hotel", "Hotel or guest house"),
    ("takeaway", "Takeaway or restaurant"),
    ("taxi_rank", "Taxi rank or taxi office"),
    ("shop", "Shop"),
    ("park", "Park or open space"),
    ("vehicle_stop", "Car park, bus or rail station"),
    ("other", "Somewhere else"),
]


def _clean_text(value: str, label: str) -> str:
    """Text as written, without control characters that would hide or garble it."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\n\r\t":
            raise ValidationError(f"{label} holds a character that cannot be shown; retype it")
    return value.strip()


class ConcernForm(ServiceErrors):
    what_seen = forms.CharField(
        label="What did you see or hear?",
        help_text="In your own words: what happened, who was there, anything that worried you.",
        max_length=LONGEST_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what you saw or heard",
            "max_length": f"Keep what you saw to {LONGEST_TEXT} characters or fewer",
        },
    )
    seen_on = forms.DateField(
        label="When did you see it? (optional)",
        help_text="Today if you leave it blank.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the date you saw it, like 27 3 2026"},
    )
    seen_at = forms.TimeField(
        label="At what time? (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Enter a time, like 21:30"},
    )
    name_as_known = forms.CharField(
        label="Name, as you know it (optional)", max_length=200, required=False
    )
    nickname = forms.CharField(label="Nickname (optional)", max_length=100, required=False)
    age_guess = forms.IntegerField(
        label="Age, roughly (optional)",
        required=False,
        min_value=1,
        max_value=99,
        error_messages={
            "invalid": "Enter an age in years, like 14",
            "min_value": "Enter an age in years, like 14",
            "max_value": "Enter an age in years, like 14",
        },
    )
    description = forms.CharField(
        label="What they looked like (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    place_name = forms.CharField(
        label="Where (optional)",
        help_text=(
            "A place's name or address. Start typing to pick a hotel, takeaway or taxi "
            "rank from the list."
        ),
        max_length=300,
        required=False,
    )
    premises_type = forms.ChoiceField(
        label="What kind of place (optional)", choices=PREMISES, required=False
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    vehicle_registration = forms.CharField(
        label="Vehicle registration (optional)", max_length=12, required=False
    )
    vehicle_make = forms.CharField(label="Make (optional)", max_length=60, required=False)
    vehicle_colour = forms.CharField(label="Colour (optional)", max_length=30, required=False)
    phone = forms.CharField(label="Phone number (optional)", max_length=30, required=False)
    handle = forms.CharField(
        label="Social media name or handle (optional)", max_length=100, required=False
    )
    source = forms.ChoiceField(
        label="How do you know?",
        choices=Concern.Source.choices,
        initial=Concern.Source.SEEN,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, field in self.fields.items():
            if isinstance(data.get(name), str):
                try:
                    data[name] = _clean_text(data[name], str(field.label).split(" (")[0])
                except ValidationError as problem:
                    self.add_error(name, problem)
        if not data.get("source"):
            data["source"] = Concern.Source.SEEN
        return data

    def clean_seen_on(self) -> date:
        seen_on: date | None = self.cleaned_data.get("seen_on")
        today = timezone.localdate()
        if seen_on is None:
            return today
        if seen_on > today:
            raise ValidationError("The date you saw it must be today or in the past")
        if seen_on < today - OLDEST:
            raise ValidationError(
                "That is over a year ago: please tell the police directly (101), not here"
            )
        return seen_on

    def clean_postcode(self) -> str:
        postcode = str(self.cleaned_data.get("postcode", "")).strip().upper()
        if postcode and not POSTCODE.match(postcode):
            raise ValidationError("Enter a full UK postcode, like NV1 2AB, or leave it blank")
        return " ".join([postcode[:-3].strip(), postcode[-3:]]) if postcode else ""

    def clean_vehicle_registration(self) -> str:
        registration = "".join(str(self.cleaned_data.get("vehicle_registration", "")).split())
        registration = registration.upper()
        if registration and not REGISTRATION.match(registration):
            raise ValidationError(
                "Enter the registration in letters and numbers only, like AB12 CDE"
            )
        return registration

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone", "")).strip()
        if not phone:
            return ""
        try:
            number = phonenumbers.parse(phone, "GB")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise ValidationError("Enter a phone number, like 07700 900123")
        return phone

    def clean_handle(self) -> str:
        handle = str(self.cleaned_data.get("handle", "")).strip()
        if handle and not HANDLE.match(handle):
            raise ValidationError(
                "Enter the handle as it appears, like @name_123 (letters, numbers, . _ -)"
            )
        return handle
