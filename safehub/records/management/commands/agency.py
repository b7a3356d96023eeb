"""`safehub agency add|list|service|sensitivity`: register the hub's agencies and say
which of their services hold records that are sensitive in themselves (each audited)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.access.services import registration
from safehub.agencies.models import Agency, AgencyType, Sensitivity
from safehub.records import sensitivity


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Manage the hub's agencies and their sensitive services."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add an agency")
        add.add_argument("code", help="short code used in extract manifests, e.g. police")
        add.add_argument("--name", required=True)
        add.add_argument("--type", required=True, choices=AgencyType.values)
        sub.add_parser("list", help="list the agencies and their services")
        service = sub.add_parser(
            "service",
            help="a service whose records reveal something by existing (a "
            "sexual-health clinic): its records take its sensitivity",
        )
        service.add_argument("code", help="the agency's code")
        service.add_argument("--name", required=True, help='e.g. "Sexual health clinic"')
        service.add_argument("--sensitivity", required=True, choices=Sensitivity.values)
        service.add_argument(
            "--record-prefix", default="", help="the service's record ids begin with this (e.g. SH)"
        )
        service.add_argument(
            "--source-system", default="", help="extracts from this source system are the service's"
        )
        level = sub.add_parser("sensitivity", help="what every record of the agency reveals")
        level.add_argument("code")
        level.add_argument("level", choices=Sensitivity.values)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
            return
        try:
            if action == "add":
                self._add(options)
            else:
                self._agency_change(action, options)
        except ValidationError as error:
            raise CommandError(_message(error)) from None

    def _list(self) -> None:
        for agency in Agency.objects.order_by("code").prefetch_related("services"):
            self.stdout.write(
                f"{agency.code}\t{agency.type}\t{agency.record_sensitivity}\t{agency.name}"
            )
            for service in agency.services.all():
                recognised = " ".join(
                    filter(
                        None,
                        (
                            service.record_id_prefix and f"ids {service.record_id_prefix}…",
                            service.source_system and f"source {service.source_system}",
                        ),
                    )
                )
                self.stdout.write(f"  service\t{service.sensitivity}\t{service.name}\t{recognised}")

    def _add(self, options: dict[str, Any]) -> None:
        if Agency.objects.filter(code=options["code"]).exists():
            raise CommandError(f"agency {options['code']!r} already exists")
        agency = registration.agency_add(
            code=options["code"], name=options["name"], type=options["type"]
        )
        self.stdout.write(f"Added agency {agency.code} ({agency.name}).")

    def _agency_change(self, action: str, options: dict[str, Any]) -> None:
        agency = Agency.objects.filter(code=options["code"]).first()
        if agency is None:
            raise CommandError(f"no agency {options['code']!r}")
        if action == "sensitivity":
            sensitivity.agency_sensitivity_set(
                actor=None, agency=agency, sensitivity=options["level"]
            )
            self.stdout.write(f"Every record of {agency.code} is {options['level']} at least.")
            return
        service = sensitivity.record_service_set(
            actor=None,
            agency=agency,
            name=options["name"],
            sensitivity=options["sensitivity"],
            record_id_prefix=options["record_prefix"],
            source_system=options["source_system"],
        )
        self.stdout.write(f"{agency.code}: records of {service.name} are {service.sensitivity}.")
