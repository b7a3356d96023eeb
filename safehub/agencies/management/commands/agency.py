"""`safehub agency add CODE --name NAME --type TYPE`: register an agency of the hub."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.agencies import services
from safehub.agencies.models import Agency, AgencyType


class Command(BaseCommand):
    help = "Manage the hub's agencies."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add an agency")
        add.add_argument("code", help="short code used in extract manifests, e.g. police")
        add.add_argument("--name", required=True)
        add.add_argument("--type", required=True, choices=AgencyType.values)
        sub.add_parser("list", help="list the agencies")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for agency in Agency.objects.order_by("code"):
                self.stdout.write(f"{agency.code}\t{agency.type}\t{agency.name}")
            return
        if Agency.objects.filter(code=options["code"]).exists():
            raise CommandError(f"agency {options['code']!r} already exists")
        try:
            agency = services.agency_add(
                code=options["code"], name=options["name"], type=options["type"])
        except ValidationError as error:
            raise CommandError("; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in error.message_dict.items())) from None
        self.stdout.write(f"Added agency {agency.code} ({agency.name}).")
