"""`safehub export links|flags|networks --out FILE`: which person each agency record
belongs to; each screened young person's first flag, score and where the hub's triage
has it; which network each person is in."""

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.queries.counts import record_person_links

FLAG_HEADER = ("person_id", "first_flagged_on", "score", "status")
UNDECIDED = "new"  # a Screening whose Flag the run has not raised yet


def flag_rows() -> Iterator[tuple[str, str, float, str]]:
    """(person id, first flagged on, score, flag status) for every screened Person, person
    ids written as `export links` writes them.

    Screening lives in a layer above records, which this module must not import: its
    models are reached by the app registry's name (as access/queries.py reaches records).
    """
    screening = apps.get_model("screening", "Screening")
    rows = screening._default_manager.order_by("first_flagged_on", "person_id").values_list(
        "person_id", "first_flagged_on", "score", "person__flag__status"
    )
    for person_id, first_flagged_on, score, status in rows.iterator(chunk_size=5000):
        yield str(person_id), first_flagged_on.isoformat(), score, status or UNDECIDED


NETWORK_HEADER = ("network_id", "person_id")


def network_rows() -> Iterator[tuple[str, str]]:
    """(network id, person id) for every person of every network of the last build (the
    network's app, like screening's, is reached by the registry's name)."""
    member = apps.get_model("network", "NetworkMember")
    rows = (
        member._default_manager.filter(person__isnull=False, run__status="done")
        .order_by("network", "person_id")
        .values_list("network", "person_id")
    )
    for network, person_id in rows.iterator(chunk_size=5000):
        yield network, str(person_id)


def _why(out: Path, error: OSError) -> str:
    """What is wrong with `out`, in words: mkdir says only "File exists" of a file in the way."""
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{parent} is a file, not a folder"
            break
    return error.strerror or str(error)


class Command(BaseCommand):
    help = "Export from the hub."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        links = sub.add_parser("links", help="CSV of agency,record_id,person_id")
        links.add_argument("--out", type=Path, required=True)
        flags = sub.add_parser("flags", help="CSV of " + ",".join(FLAG_HEADER))
        flags.add_argument("--out", type=Path, required=True)
        networks = sub.add_parser("networks", help="CSV of " + ",".join(NETWORK_HEADER))
        networks.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if options["what"] == "networks":
            count = self._write(out, NETWORK_HEADER, network_rows(), "networks")
            self.stdout.write(f"Wrote {count:,} people of networks to {out}.")
            return
        if options["what"] == "flags":
            count = self._write(out, FLAG_HEADER, flag_rows(), "screening_flags")
            self.stdout.write(f"Wrote {count:,} screened young people to {out}.")
            return
        count = self._write(
            out, ("agency", "record_id", "person_id"), record_person_links(), "record_links"
        )
        self.stdout.write(f"Wrote {count:,} record links to {out}.")

    def _write(
        self, out: Path, header: Iterable[str], rows: Iterable[Iterable[object]], target: str
    ) -> int:
        """Write beside the target and rename, so a failed export leaves no half file; the
        audit row is written before the rename, so no file appears unaudited."""
        if out.is_dir():
            raise CommandError(f"Cannot write {out}: it is a folder; give a file name.")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {_why(out, error)}") from None
        count = 0
        try:
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                for row in rows:
                    writer.writerow(row)
                    count += 1
            audit.record(
                actor=None,
                username=audit.operator_name(),
                verb=Verb.EXPORT,
                target_type=target,
                detail={"rows": count},
            )
            Path(temp).replace(out)
        except OSError as error:
            Path(temp).unlink(missing_ok=True)
            raise CommandError(f"Cannot write {out}: {_why(out, error)}") from None
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return count
