"""`safehub demo [--no-serve]`: build a demo hub from the synthetic world and serve it."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from safehub.agencies.demo import demo_partnership
from safehub.agencies.models import User
from safehub.ingest.loader.extract import ImportOutcome
from safehub.linking.services.runs import link_run
from safehub.network.services import network_build
from safehub.screening.services import screen_run
from safehub.web import demo
from safehub.web.demo_agreements import demo_agreements, demo_sensitive_services
from safehub.web.demo_cases import demo_case
from safehub.web.demo_missing import demo_missing
from safehub.web.demo_operations import demo_operation
from safehub.web.demo_partners import demo_concern, demo_partner_agencies


class Command(BaseCommand):
    help = "Make a demo hub on synthetic data, print its sign-ins and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="build it, do not serve")
        parser.add_argument("--young-people", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=demo.DEMO_SEED)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--users-json", type=Path, help="also write the sign-ins as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("init", stdout=self.stdout)
        self.stdout.write(
            f"Synthetic world: {options['young_people']:,} young people, seed {options['seed']} …"
        )
        world = demo.demo_world(young_people=options["young_people"], seed=options["seed"])
        hub_agencies = demo.demo_agencies(world) + demo_partner_agencies()
        demo.demo_imports(world, report=self._report)
        users = demo.demo_users(hub_agencies)
        teams = demo_partnership()
        demo_sensitive_services(hub_agencies)
        made = demo_agreements(hub_agencies)
        if made:
            self.stdout.write(
                f"Sharing agreements: {made} proposed by the sharing agency's "
                "hub manager and accepted by the receiving agency's."
            )
        accounts = {
            u.username: u for u in User.objects.filter(username__in=[u.username for u in users])
        }
        concern = demo_concern(accounts["station-hotel-partner"])
        if concern is not None:
            self.stdout.write(f"A quick concern from the hotel: {concern.reference}")
        run = link_run(full=True, trigger="demo")
        self.stdout.write(f"Linked the records into people: {run.message}")
        case = demo_case(
            world,
            manager=accounts["csc-hub-manager"],
            team=teams["north"],
            reviewers=[
                u
                for name, u in sorted(accounts.items())
                if name.endswith(("-supervisor", "-linkage"))
            ],
            members=[
                u
                for name, u in sorted(accounts.items())
                if name.endswith(("-practitioner", "-supervisor"))
            ],
        )
        self.stdout.write(
            f"Demo case {case.reference}: {case.people.count()} young people "
            f"under review, {case.members.count()} team members."
        )
        missing = demo_missing(accounts)
        self.stdout.write(missing.summary())
        screened = screen_run(trigger="demo")
        self.stdout.write(f"Screened every young person: {screened.message}")
        built = network_build(trigger="demo")
        self.stdout.write(f"Built the network: {built.message}")
        operation = demo_operation(world, accounts, teams["north"])
        self.stdout.write(operation.summary())
        if options["users_json"]:
            demo.write_users_json(options["users_json"], users)
        self.stdout.write(
            "\nDemo sign-ins (synthetic data only; demo passwords). Each user has an "
            "authenticator app set up:\nadd the key to yours (a time-based, 6-digit "
            "account) and enter its code after the password."
        )
        self.stdout.write(f"  {'username':<28} {'password':<18} authenticator key (base32)")
        for user in users:
            self.stdout.write(f"  {user.username:<28} {user.password:<18} {user.totp_secret}")
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def _report(self, outcome: ImportOutcome) -> None:
        extract = outcome.extract
        state = "imported" if outcome.created else "already imported"
        rows = sum(outcome.row_counts.values())
        self.stdout.write(f"  {extract.agency.code}/{extract.extract_id}: {state} ({rows:,} rows)")
