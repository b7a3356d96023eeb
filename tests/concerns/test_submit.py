"""A quick concern becomes records of its author's agency like any extract's — graded as
intelligence, with the person, place and things it names — and an account may send only
so many an hour; bad input is refused with a message naming the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safehub.access.actions import ActionRefused
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent, Verb
from safehub.concerns.forms import ConcernForm
from safehub.concerns.models import Concern
from safehub.concerns.services import concern_submit
from safehub.records.models import Event, EventObject, EventPerson, Object
from tests import factories as f

pytestmark = pytest.mark.django_db


def _form(**fields: str) -> dict[str, object]:
    form = ConcernForm(data=fields)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def test_a_concern_becomes_graded_records_of_the_authors_agency() -> None:
    hotel = f.agency("hotel", "partner")
    receptionist = f.user(hotel, Role.PARTNER)
    concern = concern_submit(
        actor=receptionist,
        data=_form(
            what_seen="A girl in school uniform went up to room 12 with two adult males",
            name_as_known="Jess",
            age_guess="14",
            place_name="Station Hotel",
            premises_type="hotel",
            postcode="nv1 2ab",
            vehicle_registration="ab12 cde",
            vehicle_colour="silver",
        ),
    )
    event = Event.objects.get(agency=hotel, event_id=concern.reference)
    assert (event.event_type, event.sensitivity, event.grading) == (
        "community_concern",
        "intelligence",
        "2/A/P",
    )
    assert event.extract == concern.extract
    assert event.extract.imported_by == receptionist
    assert event.location is not None
    assert (event.location.premises_type, event.location.postcode) == ("hotel", "NV1 2AB")
    subject = EventPerson.objects.get(event=event)
    assert (subject.role, subject.record.given_names, subject.record.birth_year) == (
        "subject",
        "Jess",
        timezone.localdate().year - 14,
    )
    car = Object.objects.get(pk=EventObject.objects.get(event=event).object_id)
    assert (car.normalized_value, car.description) == ("AB12CDE", "silver")
    audit = AuditEvent.objects.get(verb=Verb.CONCERN_SUBMITTED)
    assert audit.target_id == concern.reference
    assert "room 12" not in str(audit.detail)


def test_what_was_seen_is_all_that_is_asked() -> None:
    assert ConcernForm(data={"what_seen": "A man gave her a phone"}).is_valid()
    empty = ConcernForm(data={"nickname": "Red"})
    assert not empty.is_valid()
    assert empty.errors["what_seen"] == ["Enter what you saw or heard"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("postcode", "NOT A CODE", "full UK postcode"),
        ("vehicle_registration", "AB-12!", "letters and numbers only"),
        ("phone", "call me", "Enter a phone number"),
        ("seen_on", (date.today() + timedelta(days=2)).isoformat(), "today or in the past"),
        ("name_as_known", "Je\u202ess", "cannot be shown"),
        ("what_seen", "x" * 2001, "2000 characters"),
    ],
)
def test_bad_input_is_refused_naming_the_field(field: str, value: str, words: str) -> None:
    data = {"what_seen": "She was picked up", "nickname": "Red", field: value}
    form = ConcernForm(data=data)
    assert not form.is_valid()
    assert words in " ".join(str(error) for error in form.errors[field])


def test_an_account_sends_at_most_the_hourly_limit(settings: object) -> None:
    settings.SAFEHUB_CONCERNS_PER_HOUR = 2  # type: ignore[attr-defined]
    taxi = f.agency("taxis", "partner")
    officer = f.user(taxi, Role.PARTNER)
    data = _form(what_seen="Driver collects girls from the children's home", phone="07700 900123")
    concern_submit(actor=officer, data=data)
    concern_submit(actor=officer, data=data)
    with pytest.raises(ValidationError, match="2 concerns in the last hour"):
        concern_submit(actor=officer, data=data)
    assert Concern.objects.count() == 2
    assert Event.objects.count() == 2
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, target_type="concern").exists()


def test_auditors_and_accounts_of_no_agency_send_none() -> None:
    police = f.agency("police")
    for account in (f.user(police, Role.AUDITOR), f.user(None, Role.PARTNER)):
        with pytest.raises(ActionRefused):
            concern_submit(actor=account, data=_form(what_seen="Seen", nickname="Red"))
    assert not Concern.objects.exists()
