"""`safehub serve [--port N]`: serve the hub with waitress, and run the task worker."""

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from waitress import serve


class Command(BaseCommand):
    help = "Serve the hub on 127.0.0.1 with its background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background task worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Loaded only now: WhiteNoise lists the collected files when the application is
        # built, so building it before collectstatic would serve no static files at all.
        from safehub.wsgi import application

        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(  # the import jobs' worker, stopped with the server
                [sys.executable, "-m", "safehub.cli", "db_worker", "--no-reload"]
            )
        self.stdout.write(
            f"Serving Safehub at http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        )
        try:
            serve(application, host=options["host"], port=options["port"], threads=8, _quiet=True)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
