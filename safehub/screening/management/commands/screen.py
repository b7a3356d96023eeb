"""`safehub screen`: screen every young person's facts with the current rules."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from safehub.screening.services import STAGES, screen_run


class Command(BaseCommand):
    help = (
        "Screen every young person: each agency's events through the indicator rules, "
        "and the first day each would have been flagged for review (docs/indicators.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        show = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(total=len(STAGES), disable=not show, file=sys.stderr, leave=False) as bar:

            def progress(stage: str, done: int, total: int) -> None:
                bar.set_description(stage)
                bar.update(done - bar.n)

            try:
                run = screen_run(trigger="cli", progress=progress)
            except Exception as error:
                raise CommandError(f"Screening failed: {error}") from error
        self.stdout.write(f"Screening run {run.pk} (rules {run.rules_version}): {run.message}")
