"""`safehub link [--full] [--retrain] [--show-model]`: link the hub's records into Persons."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from safehub.linking import queries, tasks
from safehub.linking.services import runs
from safehub.linking.services.run_state import LinkRunBusy

FAILED = 1


class Command(BaseCommand):
    help = (
        "Link person records into Persons: new and changed records against the rest "
        "(default), every pair again (--full), or with a newly trained model (--retrain)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="score every pair again")
        parser.add_argument(
            "--retrain", action="store_true", help="train a new model first (implies --full)"
        )
        parser.add_argument(
            "--show-model",
            action="store_true",
            help="print the active model's summary as JSON and stop",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["show_model"]:
            self._show_model()
            return
        show = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(total=0, disable=not show, file=sys.stderr, leave=False, unit=" records") as bar:
            shown = {"stage": ""}

            def progress(stage: str, done: int, total: int) -> None:
                if shown["stage"] != stage:
                    shown["stage"] = stage
                    bar.set_description(stage)
                    bar.reset(total=total or None)
                if total:
                    bar.total = total
                    bar.update(done - bar.n)

            try:
                run = runs.link_run(
                    full=options["full"],
                    retrain=options["retrain"],
                    progress=progress,
                    trigger="cli",
                )
            except LinkRunBusy as busy:
                raise CommandError(f"Not started: {busy}.") from None
        tasks.follow_up(run)
        seconds = sum(run.timings.values())
        self.stdout.write(f"Link run {run.pk} ({run.kind}): {run.message} [{seconds:.1f} s]")

    def _show_model(self) -> None:
        model = queries.active_model()
        if model is None:
            raise CommandError("No model has been trained yet: run `safehub link`.")
        self.stdout.write(
            json.dumps(
                {
                    "version": model.version,
                    "created_at": model.created_at.isoformat(),
                    "trained_on_records": model.trained_on_records,
                    "trained_on_labels": model.trained_on_labels,
                    "summary": model.summary,
                },
                indent=2,
                sort_keys=True,
            )
        )
