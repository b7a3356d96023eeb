"""`safehub user set-up-code|reset-second-factor|disable|grant-role|revoke-role USERNAME`:
an operator's account changes from the command line (each audited as the operator's)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.access.services import accounts, registration
from safehub.agencies.models import HUB_WIDE_ROLES, Role, User


class Command(BaseCommand):
    help = (
        "Account changes: issue a set-up code, reset the second factor, disable; grant "
        "or take back a role (the hub-wide ones only here)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            (
                "set-up-code",
                "print a one-time code the user needs to set up an "
                "authenticator app (valid 72 hours; any earlier one is void)",
            ),
            (
                "reset-second-factor",
                "remove the user's authenticator app (a lost phone) and end their sessions",
            ),
            ("disable", "stop the user signing in; end their sessions and API tokens"),
        ):
            sub.add_parser(name, help=text).add_argument("username")
        for name, text in (
            (
                "grant-role",
                "give the user a role: hub_auditor (reads every agency's "
                "audit trail) and hub_admin (manages every agency's "
                "accounts) are granted only this way",
            ),
            ("revoke-role", "take a role back"),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument("username")
            command.add_argument("role", choices=Role.values)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        action = options["action"]
        try:
            self._act(action, user, options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _act(self, action: str, user: User, options: dict[str, Any]) -> None:
        if action == "set-up-code":
            code = accounts.set_up_code_issue(actor=None, user=user)
            self.stdout.write(
                f"Set-up code for {user.username}: {code}\n"
                f"Give it to them in person or by phone; it works once, for "
                f"{accounts.SET_UP_CODE_HOURS} hours."
            )
        elif action == "reset-second-factor":
            accounts.user_second_factor_reset(actor=None, user=user)
            self.stdout.write(
                f"{user.username} sets up an authenticator app at their next "
                "sign-in (with a new set-up code, if codes are issued)."
            )
        elif action == "disable":
            accounts.user_disable(actor=None, user=user)
            self.stdout.write(f"{user.username} is disabled.")
        elif action == "grant-role":
            role = Role(options["role"])
            registration.role_grant(user=user, role=role)
            scope = "every agency" if role in HUB_WIDE_ROLES else "their agency"
            self.stdout.write(f"{user.username} is now {role.label.lower()} ({scope}).")
        else:
            registration.role_revoke(user=user, role=Role(options["role"]))
            self.stdout.write(f"{user.username} no longer holds {options['role']}.")
