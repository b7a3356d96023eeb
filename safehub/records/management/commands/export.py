"""`safehub export links --out FILE`: which person each agency record belongs to."""

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.queries.counts import record_person_links


class Command(BaseCommand):
    help = "Export from the hub."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        links = sub.add_parser("links", help="CSV of agency,record_id,person_id")
        links.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed, so a failed export leaves no half file.
        fd, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        count = 0
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["agency", "record_id", "person_id"])
                for row in record_person_links():
                    writer.writerow(row)
                    count += 1
            Path(temp).replace(out)
            audit.record(
                actor=None,
                username=audit.operator_name(),
                verb=Verb.EXPORT,
                target_type="record_links",
                detail={"rows": count},
            )
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {count:,} record links to {out}.")
