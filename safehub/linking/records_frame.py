"""The hub's person records as the pipeline takes them: one data frame, read in chunks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from uuid import UUID

import pandas as pd
from django.db.models import Count, Max, Sum

from safehub.agencies.models import Agency
from safehub.linking.pipeline.facade import HANDLES, RECORD_COLUMNS
from safehub.records.models import PersonObject, PersonRecord

CHUNK = 5000
SOCIAL_MEDIA = "social_media"
# RECORD_COLUMNS after unique_id and agency, as PersonRecord fields of the same name.
_TEXT_FIELDS = RECORD_COLUMNS[2:]
Progress = Callable[[str, int, int], None]


@dataclass
class HubRecords:
    """Every record as the pipeline's frame, with the hub's side of each: its Person and
    its version (a changed record is linked again)."""

    frame: pd.DataFrame
    person_of: dict[int, UUID] = field(default_factory=dict)
    version_of: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)


def records_fingerprint() -> str:
    """Changes whenever a record is added or changed (its version goes up)."""
    stats = PersonRecord.objects.aggregate(n=Count("pk"), top=Max("pk"), versions=Sum("version"))
    text = f"{stats['n']}:{stats['top']}:{stats['versions']}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def hub_records(
    *, progress: Progress | None = None, pks: Iterable[int] | None = None
) -> HubRecords:
    """All person records (or those named by `pks`), read `CHUNK` rows at a time."""
    codes = dict(Agency.objects.values_list("pk", "code"))
    query = PersonRecord.objects.order_by("pk")
    if pks is not None:
        pks = list(pks)  # read twice: the records, then their handles
        query = query.filter(pk__in=pks)
    total = query.count()
    columns: dict[str, list[object]] = {name: [] for name in RECORD_COLUMNS}
    person_of: dict[int, UUID] = {}
    version_of: dict[int, int] = {}
    rows = query.values_list("pk", "agency_id", *_TEXT_FIELDS, "person_id", "version")
    for done, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        pk, agency_id, *texts, person_id, version = row
        columns["unique_id"].append(pk)
        columns["agency"].append(codes[agency_id])
        for name, value in zip(_TEXT_FIELDS, texts, strict=True):
            columns[name].append(value or "")
        person_of[pk] = person_id
        version_of[pk] = version
        if progress is not None and (done % CHUNK == 0 or done == total):
            progress("read", done, total)
    frame = pd.DataFrame(columns, columns=list(RECORD_COLUMNS))
    frame["unique_id"] = frame["unique_id"].astype("int64")
    handles = handles_of(pks)
    frame[HANDLES] = [handles.get(pk, "") for pk in frame["unique_id"].tolist()]
    return HubRecords(frame, person_of, version_of)


def handles_of(pks: Iterable[int] | None = None) -> dict[int, str]:
    """Record pk -> the social-media handles its agency links to it (`;`-separated, in
    the objects' canonical lower case): evidence that two records are one person."""
    links = PersonObject.objects.filter(object__object_type=SOCIAL_MEDIA)
    if pks is not None:
        links = links.filter(record_id__in=list(pks))
    found: dict[int, list[str]] = {}
    rows = links.order_by("pk").values_list("record_id", "object__normalized_value")
    for record_id, handle in rows.iterator(chunk_size=CHUNK):
        if handle:
            found.setdefault(record_id, []).append(handle)
    return {pk: ";".join(handles) for pk, handles in found.items()}


def record_mapping(record: PersonRecord, agency_code: str) -> Mapping[str, str]:
    """One record as the pipeline's `explain` takes it (every column as text)."""
    values = {name: str(getattr(record, name) or "") for name in _TEXT_FIELDS}
    handles = handles_of([record.pk]).get(record.pk, "")
    return {"unique_id": str(record.pk), "agency": agency_code, **values, HANDLES: handles}
