"""locations.csv → Location: the fields a place keeps."""

from __future__ import annotations

from typing import Any

from safehub.ingest.exchange import files
from safehub.ingest.exchange.files import Clean
from safehub.ingest.loader.keyed import KeyedKind, text
from safehub.records.models import Location, RowVersion


def location_fields(clean: Clean) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: text(clean[name]) for name in ("name", "address", "postcode", "premises_type")
    }
    fields["latitude"], fields["longitude"] = clean["latitude"], clean["longitude"]
    return fields


KIND = KeyedKind(
    files.LOCATIONS, Location, "location_id", RowVersion.Kind.LOCATION, location_fields
)
