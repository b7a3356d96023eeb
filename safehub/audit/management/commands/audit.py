"""`safehub audit verify`: check the audit log's hash chain and its append-only triggers."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.audit.verify import OTHER_LOGS, triggers_installed, verify_chain


class Command(BaseCommand):
    help = "Check the audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute the hash chain; exit 1 at the first bad event")

    def handle(self, *args: Any, **options: Any) -> None:
        # One action for now; the subcommand leaves room for others (e.g. export).
        result = verify_chain()
        if not result.ok:
            where = f"event {result.first_bad_seq}" if result.first_bad_seq else "the head"
            raise CommandError(
                f"Audit chain broken at {where}: {result.reason} "
                f"({result.checked} events checked before it).",
                returncode=1,
            )
        if not triggers_installed():
            raise CommandError(
                f"Audit chain holds: {result.checked} events, but the triggers that refuse "
                "UPDATE and DELETE are missing (re-run migration audit 0002).",
                returncode=1,
            )
        self.stdout.write(f"Audit chain holds: {result.checked} events.")
        for check in OTHER_LOGS:
            name, other = check()
            if not other.ok:
                raise CommandError(f"{name}: {other.reason}", returncode=1)
            self.stdout.write(f"{name} hold: {other.checked} entries, each in the audit chain.")
