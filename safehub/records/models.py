"""POLE models with provenance: every row points at its extract and source line.

A row keyed by an agency's own id (a person record, location, object or event) is the
*current* version; when a later extract changes it, the version it replaces is kept as a
RowVersion, so nothing an agency sent is ever lost.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from safehub.agencies.models import Agency, Sensitivity
from safehub.records import vocabulary as v


class Extract(models.Model):
    """One imported batch from one agency, recorded whole or not at all."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="extracts")
    extract_id = models.CharField(max_length=200)
    source_system = models.CharField(max_length=200, blank=True)
    extracted_at = models.DateTimeField()
    replaces = models.CharField(max_length=200, blank=True)
    manifest = models.JSONField()
    checksum = models.CharField(max_length=64, help_text="SHA-256 over the extract's files")
    source_label = models.CharField(max_length=500, blank=True)
    mapping = models.CharField(max_length=500, blank=True)
    row_counts = models.JSONField(default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "extract_id"], name="unique_extract_id"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code}/{self.extract_id}"


class Person(models.Model):
    """The hub's view of one human being: the PersonRecords that linking put together."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # A survivor whose address and contact details must never reach the other side
    # (NHS "S-flag"-like); set by case work, never by an import.
    protected_details = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(self.id)


class SourcedRow(models.Model):
    """Where a row came from: the agency, the extract and the line of its source file."""

    # Not indexed on their own: every query by agency also names the agency's own id
    # (a composite index covers it), and each index costs time on every imported row.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)
    extract = models.ForeignKey(Extract, on_delete=models.PROTECT, related_name="+", db_index=False)
    source_line = models.PositiveIntegerField()

    class Meta:
        abstract = True


class VersionedRow(SourcedRow):
    """A row the agency keys by its own id; later extracts make new versions of it."""

    version = models.PositiveIntegerField(default=1)
    # The last extract that listed this row (a duplicate id inside one extract is
    # found by it without holding every id in memory).
    seen_in = models.ForeignKey(Extract, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        abstract = True


# A record's address and contact details: what a protected person's page withholds
# (`safehub.access.policy.sees_contact_details`).
CONTACT_FIELDS = ("address", "postcode", "phone", "email")


class PersonRecord(VersionedRow):
    """A person as one agency records them."""

    record_id = models.CharField(max_length=100)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    family_name = models.CharField(max_length=200, blank=True)
    given_names = models.CharField(max_length=200, blank=True)
    other_names = models.TextField(blank=True, help_text="aliases and previous names, ;-separated")
    date_of_birth = models.CharField(
        max_length=10, blank=True, help_text="YYYY-MM-DD, YYYY-MM or YYYY"
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=10, blank=True, choices=v.as_choices(v.SEXES))
    ethnicity = models.CharField(max_length=2, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    pnc_id = models.CharField(max_length=20, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    local_id = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.TextField(blank=True)
    email = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    # What the record itself reveals: its agency's record sensitivity, or that of the
    # service holding it (a sexual-health clinic's patient). Set by
    # safehub.records.sensitivity at import and when an agency's services change.
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.GENERAL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "record_id"], name="unique_person_record"),
        ]
        indexes = [
            models.Index(fields=["family_name", "birth_year"], name="record_name_year"),
            models.Index(fields=["birth_year"], name="record_birth_year"),
            models.Index(fields=["postcode"], name="record_postcode"),
            models.Index(fields=["nhs_number"], name="record_nhs_number"),
            models.Index(fields=["pnc_id"], name="record_pnc_id"),
            models.Index(fields=["upn"], name="record_upn"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.record_id}"


class Location(VersionedRow):
    location_id = models.CharField(max_length=100)
    name = models.CharField(max_length=300, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    premises_type = models.CharField(
        max_length=20, blank=True, choices=v.as_choices(v.PREMISES_TYPES)
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "location_id"], name="unique_location"),
        ]
        indexes = [models.Index(fields=["postcode"], name="location_postcode")]

    def __str__(self) -> str:
        return self.name or self.location_id


class Object(VersionedRow):
    """A vehicle, phone, social-media handle, e-mail address or bank account."""

    object_id = models.CharField(max_length=100)
    object_type = models.CharField(max_length=20, choices=v.as_choices(v.OBJECT_TYPES))
    value = models.CharField(max_length=300, blank=True)
    # The value in one canonical form (E.164 phone, VRM without spaces, lower-case
    # handle), so the same phone or car recorded by two agencies meets in the network.
    normalized_value = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "object_id"], name="unique_object"),
        ]
        indexes = [
            models.Index(fields=["object_type", "normalized_value"], name="object_value"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.value}"


class Event(VersionedRow):
    event_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=40, choices=v.as_choices(v.EVENT_TYPES))
    occurred_on = models.DateField()
    occurred_at = models.DateTimeField(null=True, blank=True, help_text="when a time was given")
    ended_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    summary = models.TextField(blank=True)
    sensitivity = models.CharField(
        max_length=20, choices=v.as_choices(v.SENSITIVITIES), default="general"
    )
    grading = models.CharField(max_length=5, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "event_id"], name="unique_event"),
        ]
        indexes = [
            models.Index(fields=["event_type", "occurred_on"], name="event_type_date"),
            models.Index(fields=["occurred_on"], name="event_date"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.occurred_on}"


class RowVersion(models.Model):
    """A version of a row that a later extract replaced: what the agency sent, unaltered."""

    class Kind(models.TextChoices):
        PERSON = "person"
        LOCATION = "location"
        OBJECT = "object"
        EVENT = "event"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    row_pk = models.BigIntegerField()
    version = models.PositiveIntegerField()
    data = models.JSONField()
    extract = models.ForeignKey(Extract, on_delete=models.PROTECT, related_name="+")
    source_line = models.PositiveIntegerField()
    superseded_by = models.ForeignKey(Extract, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "row_pk", "version"], name="unique_row_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.row_pk} v{self.version}"


class LinkRow(SourcedRow):
    """A dated relationship (valid_from/valid_to, as followthemoney's) between two rows.

    `link_key` is a digest of the link's identity (its two ends, relation and start), so a
    later extract that repeats a link updates it instead of adding a duplicate.
    """

    link_key = models.CharField(max_length=40, unique=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class EventPerson(LinkRow):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="people")
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="events")
    role = models.CharField(max_length=20, choices=v.as_choices(v.EVENT_ROLES))

    def __str__(self) -> str:
        return f"{self.record_id} {self.role} in {self.event_id}"


class EventObject(LinkRow):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="object_links")
    object = models.ForeignKey(Object, on_delete=models.PROTECT, related_name="events")
    relation = models.CharField(max_length=10, choices=v.as_choices(v.EVENT_OBJECT_RELATIONS))

    def __str__(self) -> str:
        return f"{self.object_id} {self.relation} {self.event_id}"


class PersonObject(LinkRow):
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="object_links")
    object = models.ForeignKey(Object, on_delete=models.PROTECT, related_name="people")
    relation = models.CharField(max_length=10, choices=v.as_choices(v.PERSON_OBJECT_RELATIONS))

    def __str__(self) -> str:
        return f"{self.record_id} {self.relation} {self.object_id}"


class PersonLocation(LinkRow):
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="people")
    relation = models.CharField(max_length=10, choices=v.as_choices(v.PERSON_LOCATION_RELATIONS))

    def __str__(self) -> str:
        return f"{self.record_id} {self.relation} {self.location_id}"


class PersonPerson(LinkRow):
    record = models.ForeignKey(PersonRecord, on_delete=models.PROTECT, related_name="relations")
    other_record = models.ForeignKey(
        PersonRecord, on_delete=models.PROTECT, related_name="relations_from"
    )
    relation = models.CharField(max_length=10, choices=v.as_choices(v.PERSON_PERSON_RELATIONS))

    def __str__(self) -> str:
        return f"{self.record_id} {self.relation} {self.other_record_id}"
