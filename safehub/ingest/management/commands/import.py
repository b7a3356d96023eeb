"""`safehub import PATH [PATH…]`: import exchange-format extracts (folders or .zip files)."""

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from safehub.ingest import services
from safehub.ingest.exchange.issues import ExtractRejected

REJECTED = 2


class Command(BaseCommand):
    help = "Import agency extracts, each whole or not at all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--mapping", type=Path, help="YAML mapping from the agency's native layout"
        )
        parser.add_argument("--extract-id", help="with --mapping: the extract id to use")
        parser.add_argument(
            "--extracted-at",
            type=datetime.fromisoformat,
            help="with --mapping: when the agency extracted it (ISO)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for path in options["paths"]:
            failed |= not self._import_one(path, options)
        if failed:
            sys.exit(REJECTED)

    def _import_one(self, path: Path, options: dict[str, Any]) -> bool:
        show = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(
            total=0,
            unit="B",
            unit_scale=True,
            desc=path.name,
            disable=not show,
            file=sys.stderr,
            leave=False,
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                outcome = services.extract_import(
                    path=path,
                    mapping=options["mapping"],
                    extract_id=options["extract_id"],
                    extracted_at=options["extracted_at"],
                    progress=progress,
                )
            except ExtractRejected as rejected:
                bar.close()
                self.stderr.write(f"{path}: rejected, nothing imported:")
                for issue in rejected.issues:
                    self.stderr.write(f"  {issue}")
                if rejected.truncated:
                    self.stderr.write("  … more problems not shown (the error limit was reached)")
                return False
        extract = outcome.extract
        if not outcome.created:
            self.stdout.write(
                f"{path}: extract {extract.agency.code}/{extract.extract_id} was already "
                "imported; nothing changed."
            )
            return True
        counts = ", ".join(f"{n:,} {name}" for name, n in outcome.row_counts.items())
        self.stdout.write(
            f"{path}: imported {extract.agency.code}/{extract.extract_id} ({counts})."
        )
        return True
