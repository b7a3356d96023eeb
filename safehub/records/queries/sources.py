"""Where each fact shown came from: its agency, its extract and the line of its file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from safehub.agencies.models import Agency
from safehub.records.models import Extract, SourcedRow


@dataclass(frozen=True)
class Source:
    agency: str
    agency_name: str
    extract_id: str
    line: int


class SourceBook:
    """The agencies and the extract ids a page names, each read once per page."""

    def __init__(self) -> None:
        self.agencies = {a.pk: a for a in Agency.objects.all()}
        self.extracts: dict[int, str] = {}

    def learn(self, rows: Iterable[SourcedRow]) -> None:
        """Read the extract ids of `rows` not yet known (one query for them all)."""
        missing = {r.extract_id for r in rows} - set(self.extracts)
        if missing:
            self.extracts.update(
                Extract.objects.filter(pk__in=missing).values_list("pk", "extract_id")
            )

    def source(self, row: SourcedRow) -> Source:
        agency = self.agencies[row.agency_id]
        return Source(agency.code, agency.name, self.extracts[row.extract_id], row.source_line)
