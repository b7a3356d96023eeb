"""objects.csv → Object: phones, vehicles, accounts, each with one canonical value so that
agencies' records of the same thing meet."""

from __future__ import annotations

from typing import Any

from safehub.ingest.exchange import files
from safehub.ingest.exchange.files import Clean
from safehub.ingest.loader.keyed import KeyedKind, text
from safehub.records.models import Object, RowVersion
from safehub.things import normalized_object_value


def object_fields(clean: Clean) -> dict[str, Any]:
    object_type, value = text(clean["object_type"]), text(clean["value"])
    return {
        "object_type": object_type,
        "value": value,
        "normalized_value": normalized_object_value(object_type, value) if value else "",
        "description": text(clean["description"]),
    }


KIND = KeyedKind(files.OBJECTS, Object, "object_id", RowVersion.Kind.OBJECT, object_fields)
