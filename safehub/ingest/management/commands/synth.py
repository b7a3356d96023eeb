"""`safehub synth --out DIR --seed N --young-people N`: write a synthetic world."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from safehub.synth.world import generate


class Command(BaseCommand):
    help = "Write a synthetic world: one extract per agency, native layouts, ground truth."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--young-people", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(
            total=options["young_people"],
            unit=" young people",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            leave=False,
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            summary = generate(
                out_dir=options["out"],
                seed=options["seed"],
                young_people=options["young_people"],
                progress=progress,
            )
        rows = sum(summary.rows.values())
        self.stdout.write(
            f"Wrote a synthetic world to {summary.out_dir}: {summary.young_people:,} young "
            f"people, {summary.adults:,} adults, {summary.victims:,} victims, "
            f"{summary.offenders:,} offenders; {len(summary.agencies)} agencies, "
            f"{rows:,} rows."
        )
