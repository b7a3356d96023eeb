"""persons.csv → PersonRecord: the fields an agency's record keeps, and the Person each new
record starts as (until linking runs, every record is its own Person)."""

from __future__ import annotations

import uuid
from typing import Any

from safehub.ingest.exchange import files
from safehub.ingest.exchange.files import Clean
from safehub.ingest.loader.keyed import KeyedKind, text
from safehub.ingest.loader.state import LoadState
from safehub.records import bulk
from safehub.records.models import Person, PersonRecord, RowVersion


def person_fields(clean: Clean) -> dict[str, Any]:
    dob = clean["date_of_birth"]
    fields: dict[str, Any] = {
        name: text(clean[name])
        for name in (
            "family_name",
            "given_names",
            "other_names",
            "sex",
            "ethnicity",
            "nhs_number",
            "pnc_id",
            "upn",
            "local_id",
            "address",
            "postcode",
            "phone",
            "email",
        )
    }
    fields["date_of_birth"], fields["birth_year"] = dob if isinstance(dob, tuple) else ("", None)
    fields["recorded_at"] = clean["recorded_at"]
    return fields


def own_persons(state: LoadState, count: int) -> tuple[list[str], list[tuple[object, ...]]]:
    """A new Person for each of `count` new records, and the columns that point to them."""
    people = [uuid.uuid4() for _ in range(count)]
    bulk.insert_rows(
        Person,
        ["id", "created_at", "protected_details"],
        [(pk, state.now, False) for pk in people],
    )
    # The agency's own sensitivity; its services raise it after the load.
    return ["person_id", "sensitivity"], [(pk, state.agency.record_sensitivity) for pk in people]


KIND = KeyedKind(
    files.PERSONS,
    PersonRecord,
    "record_id",
    RowVersion.Kind.PERSON,
    person_fields,
    alongside_new=own_persons,
)
