"""`safehub stats [--json]`: how many rows of each kind the hub holds."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safehub.records.queries.counts import hub_counts


class Command(BaseCommand):
    help = "Count the hub's rows of each kind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one flat JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = hub_counts()
        if options["json"]:
            self.stdout.write(json.dumps(counts, sort_keys=True))
            return
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"{name:<{width}}  {count:>12,}")
