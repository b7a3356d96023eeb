"""`safehub serve [--port N]`: serve the hub with waitress, and run the task worker."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from waitress import serve

from safehub.web.static_files import static_collect
from safehub.web.worker_process import stop_on_signals, worker_start, worker_stop


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
            static_collect()
        # Loaded only now: WhiteNoise lists the collected files when the application is
        # built, so building it before collectstatic would serve no static files at all.
        from safehub.wsgi import application  # noqa: PLC0415

        stop_on_signals()
        worker = None if options["no_worker"] else worker_start()
        self.stdout.write(
            f"Serving Safehub at http://{options['host']}:{options['port']}/ (Ctrl+C to stop)"
        )
        try:
            serve(application, host=options["host"], port=options["port"], threads=8, _quiet=True)
        finally:
            if worker is not None:
                worker_stop(worker)
