"""`safehub user set-up-code|reset-second-factor|disable USERNAME`: an administrator's
account changes from the command line (each audited as the system's)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.access import accounts
from safehub.agencies.models import User


class Command(BaseCommand):
    help = "Account changes: issue a set-up code, reset the second factor, disable."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
                ("set-up-code", "print a one-time code the user needs to set up an "
                                "authenticator app (valid 72 hours; any earlier one is void)"),
                ("reset-second-factor", "remove the user's authenticator app (a lost phone) "
                                        "and end their sessions"),
                ("disable", "stop the user signing in; end their sessions and API tokens")):
            sub.add_parser(name, help=text).add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        action = options["action"]
        if action == "set-up-code":
            code = accounts.set_up_code_issue(actor=None, user=user)
            self.stdout.write(f"Set-up code for {user.username}: {code}\n"
                              f"Give it to them in person or by phone; it works once, for "
                              f"{accounts.SET_UP_CODE_HOURS} hours.")
        elif action == "reset-second-factor":
            accounts.user_second_factor_reset(actor=None, user=user)
            self.stdout.write(f"{user.username} sets up an authenticator app at their next "
                              "sign-in (with a new set-up code, if codes are issued).")
        else:
            accounts.user_disable(actor=None, user=user)
            self.stdout.write(f"{user.username} is disabled.")
