"""The network's alerts as one viewer may see them: a young person newly tied to a known
suspect, a known phone, vehicle or account seen again (core/alerts.py). An alert is shown
only when the viewer may open every person it names and see a fact of every leg of the
tie behind it — otherwise it would tell of a tie they may not see — and shown first when
the network holds someone in one of the viewer's case teams. Audited with the people it
names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.agencies.models import Agency
from safehub.network.models import NetworkAlert
from safehub.network.queries.chart import THING_WORDS
from safehub.network.queries.people import Named, audit_people, names_of
from safehub.records.models import Event

CANDIDATES = 500  # the newest alerts read, of which the visible ones are shown
SHOWN = 30


@dataclass(frozen=True)
class AlertLine:
    kind: str
    words: str
    on: date | None
    network: str
    person: Named | None
    suspect: Named | None
    thing: str  # the thing's node key ('' for a young person's alert)
    thing_label: str
    your_case: bool  # the network holds someone in one of the viewer's case teams


class _Facts:
    """The agency and sensitivity of the events behind the candidates, read once."""

    def __init__(self, alerts: list[NetworkAlert]) -> None:
        pks = {
            int(what)
            for a in alerts
            for leg in a.legs
            for record in leg
            if (what := str(record).partition(":")[2]).isdigit()
        }
        self.events = {
            str(pk): (agency, sensitivity)
            for pk, agency, sensitivity in Event.objects.filter(pk__in=sorted(pks)).values_list(
                "pk", "agency_id", "sensitivity"
            )
        }

    def seen(self, viewer: Viewer, own: str, record: str, person: UUID | None) -> bool:
        code, _, what = str(record).partition(":")
        if what in self.events:
            agency, sensitivity = self.events[what]
            return policy.sees(viewer, agency_id=agency, sensitivity=sensitivity, person_id=person)
        return code == own  # a relation or a thing on a record: the viewer's agency's own


def visible_alerts(viewer: Viewer, *, route: str, young_only: bool = False) -> list[AlertLine]:
    """The newest alerts the viewer may see, those touching their case teams first."""
    if not viewer.sees_personal_data:
        return []
    found = NetworkAlert.objects.all()
    if young_only:
        found = found.filter(kind=NetworkAlert.Kind.YOUNG_PERSON)
    candidates = list(found[:CANDIDATES])
    ids = {p for a in candidates for p in (a.person_id, a.suspect_id) if p}
    ids |= {UUID(p) for a in candidates for p in a.people}
    names = names_of(viewer, ids)
    own = (
        Agency.objects.filter(pk=viewer.agency_id or 0).values_list("code", flat=True).first() or ""
    )
    facts = _Facts(candidates)
    shown = [_line(a, names, viewer) for a in candidates if _visible(a, names, viewer, own, facts)]
    shown.sort(key=lambda line: not line.your_case)
    shown = shown[:SHOWN]
    if shown:
        audit_people(
            viewer,
            target_type="network_alerts",
            target_id="",
            route=route,
            people=sorted(
                {str(n.person_id) for line in shown for n in (line.person, line.suspect) if n}
            ),
        )
    return shown


def _visible(
    alert: NetworkAlert, names: dict[UUID, str], viewer: Viewer, own: str, facts: _Facts
) -> bool:
    named = [p for p in (alert.person_id, alert.suspect_id) if p]
    if any(p not in names for p in named):
        return False
    if not named and not any(UUID(p) in names for p in alert.people):
        return False
    return bool(alert.legs) and all(
        any(facts.seen(viewer, own, record, alert.person_id) for record in leg)
        for leg in alert.legs
    )


def _line(alert: NetworkAlert, names: dict[UUID, str], viewer: Viewer) -> AlertLine:
    def named(pk: UUID | None) -> Named | None:
        return Named(pk, names[pk]) if pk else None

    kind, _, value = alert.thing.partition(":")
    return AlertLine(
        kind=alert.kind,
        words=alert.get_kind_display(),
        on=alert.on,
        network=alert.network,
        person=named(alert.person_id),
        suspect=named(alert.suspect_id),
        thing=alert.thing,
        thing_label=f"{THING_WORDS.get(kind, kind.title())} {value}" if alert.thing else "",
        your_case=any(UUID(p) in viewer.case_people for p in alert.people),
    )
