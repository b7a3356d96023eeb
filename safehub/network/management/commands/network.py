"""`safehub network build`: the association graph of every agency's links, its networks
around suspects and the suspects' ranks."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from safehub.network.services import STAGES, network_build


class Command(BaseCommand):
    help = "Build the network: who connects to whom, the networks around suspects, their ranks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        build = sub.add_parser("build", help="build the graph and analyse it now")
        build.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        show = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(total=len(STAGES), disable=not show, file=sys.stderr, leave=False) as bar:

            def progress(stage: str, done: int, total: int) -> None:
                bar.set_description(stage)
                bar.update(done - bar.n)

            try:
                run = network_build(trigger="cli", progress=progress)
            except Exception as error:
                raise CommandError(f"Network build failed: {error}") from error
        self.stdout.write(f"Network run {run.pk}: {run.message}")
