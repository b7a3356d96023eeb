"""`safehub trace --name … [--born YEAR --years N --district NV1 --school …] [--json]`:
ranked candidate Persons from partial details (an operator's tool, audited)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.agencies.models import Agency
from safehub.linking.trace import trace_operator
from safehub.linking.trace_query import TraceQuery, TraceQueryError
from safehub.records.models import PersonRecord


class Command(BaseCommand):
    help = "Trace a person from what is remembered: a name, a year of birth, a district, a school."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", default="", help="as remembered; any order, nicknames")
        parser.add_argument("--born", type=int, help="year of birth, roughly")
        parser.add_argument("--years", type=int, default=2, help="give or take (default 2)")
        parser.add_argument("--district", default="", help="postcode, district or area")
        parser.add_argument("--school", default="")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        query = TraceQuery(
            name=options["name"],
            birth_year=options["born"],
            years=options["years"],
            district=options["district"],
            school=options["school"],
        )
        try:
            candidates = trace_operator(query, limit=options["limit"])
        except TraceQueryError as error:
            raise CommandError(str(error)) from None
        codes = dict(Agency.objects.values_list("pk", "code"))
        pks = [m.record_pk for c in candidates for m in c.records]
        records = {r.pk: r for r in PersonRecord.objects.filter(pk__in=pks)}
        out: list[dict[str, Any]] = [
            {
                "person_id": str(c.person_id),
                "score": c.score,
                "known_to": [codes[a] for a in c.agency_ids],
                "reasons": [
                    {
                        "detail": r.detail,
                        "how": r.how,
                        "points": round(r.points, 2),
                        "value": r.shown,
                    }
                    for r in c.best.reasons
                ],
                "records": [
                    {
                        "agency": codes[m.agency_id],
                        "record_id": records[m.record_pk].record_id,
                        "name": f"{records[m.record_pk].given_names} "
                        f"{records[m.record_pk].family_name}".strip(),
                        "date_of_birth": records[m.record_pk].date_of_birth,
                        "score": round(m.score, 2),
                    }
                    for m in c.records
                ],
            }
            for c in candidates
        ]
        if options["json"]:
            self.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
            return
        for rank, c in enumerate(out, start=1):
            names = "; ".join(f"{r['name']} ({r['agency']})" for r in c["records"])
            self.stdout.write(f"{rank:2}. {c['score']:5.1f}%  {c['person_id']}  {names}")
