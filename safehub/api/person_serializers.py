"""JSON shapes of the persons API. What the viewer may not see is absent, never null or blank.

(Fields named `source` and `label` shadow attributes of DRF's Field only for mypy: the
serializer metaclass takes declared fields off the class.)

The profile and the list come from safehub.records.queries, already cut down by the access
policy; these serializers only choose the names of the keys and leave out what the
profile marks as withheld (a record's contact details, an association's identity).
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from rest_framework import serializers

from safehub.records import search
from safehub.records.queries.associations import Association
from safehub.records.queries.events import EventView
from safehub.records.queries.people_list import PersonSummary
from safehub.records.queries.profile import LinkView, Profile, RecordView, Withheld
from safehub.records.queries.sources import Source

_T = TypeVar("_T")


class WithheldFlag(serializers.BooleanField):
    """True when the profile withheld the attribute named `of` (it is None there)."""

    def __init__(self, of: str, **kwargs: Any) -> None:
        super().__init__(source=of, read_only=True, **kwargs)

    def get_attribute(self, instance: Any) -> bool:
        return super().get_attribute(instance) is None


class AbsentWhenEmpty(serializers.Serializer[_T]):
    """Leaves out the keys named in `absent_when_empty` when they hold nothing."""

    absent_when_empty: ClassVar[tuple[str, ...]] = ()

    def to_representation(self, instance: _T) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in self.absent_when_empty:
            if data.get(name) in (None, ""):
                del data[name]
        return data


class SourceSerializer(serializers.Serializer[Source]):
    agency = serializers.CharField(help_text="code of the agency that contributed the fact")
    agency_name = serializers.CharField()
    extract_id = serializers.CharField()
    line = serializers.IntegerField(help_text="line of the extract the fact came from")


class ContactSerializer(serializers.Serializer[dict[str, str]]):
    address = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class RecordSerializer(AbsentWhenEmpty[RecordView]):
    """One agency's record of the person, with its source."""

    absent_when_empty = ("contact",)

    record_id = serializers.CharField()
    family_name = serializers.CharField(allow_blank=True)
    given_names = serializers.CharField(allow_blank=True)
    other_names = serializers.ListField(child=serializers.CharField())
    date_of_birth = serializers.CharField(allow_blank=True)
    sex = serializers.CharField(allow_blank=True)
    identifiers = serializers.DictField(child=serializers.CharField())
    contact = ContactSerializer(required=False, help_text="absent when withheld")
    contact_withheld = WithheldFlag(
        "contact", help_text="the person's contact details are protected from this viewer"
    )
    source = SourceSerializer()  # type: ignore[assignment]


class EventSerializer(AbsentWhenEmpty[EventView]):
    """An event the person took part in, as its agency recorded it."""

    absent_when_empty = ("location",)

    event_type = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    occurred_on = serializers.DateField()
    occurred_at = serializers.DateTimeField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    role = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    sensitivity = serializers.CharField()
    grading = serializers.CharField(allow_blank=True)
    location = serializers.CharField(
        required=False, help_text="absent when there is none or it is withheld"
    )
    source = SourceSerializer()  # type: ignore[assignment]


class LinkSerializer(serializers.Serializer[LinkView]):
    relation = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    source = SourceSerializer()  # type: ignore[assignment]


class AssociationSerializer(AbsentWhenEmpty[Association]):
    """Another person by reference only: their id and name, never their details."""

    absent_when_empty = ("person_id", "name")

    person_id = serializers.UUIDField(required=False, help_text="absent when withheld")
    name = serializers.CharField(required=False, help_text="absent when withheld")
    person_withheld = WithheldFlag(
        "person_id", help_text="the other person is one this viewer may not see"
    )
    relation = serializers.CharField()
    source = SourceSerializer()  # type: ignore[assignment]


class HeldBySerializer(serializers.Serializer[Withheld]):
    """Another agency holds something of the person's that the viewer may not see: only
    that it does (no counts: a count can tell that a clinic holds a record)."""

    agency = serializers.CharField()
    agency_name = serializers.CharField()


class PersonProfileSerializer(serializers.Serializer[Profile]):
    id = serializers.UUIDField(source="person_id")
    name = serializers.CharField(source="display_name")
    protected_details = serializers.BooleanField()
    outside_case = serializers.BooleanField(
        help_text="the viewer has no open case naming this person"
    )
    records = RecordSerializer(many=True)
    events = EventSerializer(many=True)
    locations = LinkSerializer(many=True)
    objects = LinkSerializer(many=True)
    associations = AssociationSerializer(many=True)
    held_by = HeldBySerializer(many=True, source="withheld")


class PersonSummarySerializer(serializers.Serializer[PersonSummary]):
    id = serializers.UUIDField(source="person_id")
    name = serializers.CharField()
    date_of_birth = serializers.CharField(allow_blank=True)
    agencies = serializers.ListField(
        child=serializers.CharField(), help_text="agencies whose records the viewer sees"
    )


class PersonSearchSerializer(serializers.Serializer[object]):
    """The person list's query parameters: a search, parsed as the People page parses it."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Names in any order (a nickname or short form will do) and dates of birth "
        "(2/4/2009, 2009-04-02, 04/2009, 2009-04 or 2009), e.g. `Smith Lucy 2009`: "
        "every term must match one record of the person the viewer may see. The "
        "search is audited (which kinds of terms, never the terms).",
    )

    def validate_q(self, value: str) -> search.PersonQuery:
        try:
            return search.parse(value)
        except search.QueryError as problem:
            raise serializers.ValidationError(str(problem)) from None
