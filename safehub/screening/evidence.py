"""A young person's screening as one viewer may see it: the score, and for every rule
that counted, the events behind it with agency, date and the words that matched —
through the access policy. Evidence the viewer may not see is named only by the agency
holding it ("evidence held by <agency>"): never dropped, never a count, and the score
shown is the score all the evidence gave (a score without its reasons is shown nowhere).
Opening the page is audited before anything is returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from safehub.access import policy
from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.agencies.models import Agency
from safehub.records.models import Event
from safehub.records.queries.events import event_label
from safehub.records.queries.opening import person_opened, record_opening
from safehub.records.queries.sources import Source, SourceBook
from safehub.records.queries.visible import display_name, visible_records
from safehub.screening.core.rules import BY_CODE
from safehub.screening.models import Flag, FlagDecision, Screening
from safehub.screening.triage import DECIDABLE, flag_target

KIND_ORDER = {"harm": 0, "risk": 1, "vulnerability": 2}
GENERAL = "general"
# The card of indicators whose only evidence is sensitive and unseen: named by agency only.
WITHHELD = "withheld"
WITHHELD_WORDS = "Indicators whose evidence you may not see"


@dataclass(frozen=True)
class Fact:
    """One event a rule fired on, as the viewer may see it."""

    occurred_on: date
    label: str
    summary: str
    words: list[str]  # the rule's phrases found in the summary
    source: Source


@dataclass
class RuleView:
    code: str
    words: str
    kind: str
    weight: float
    window_days: int
    facts: list[Fact] = field(default_factory=list)
    held_by: list[str] = field(default_factory=list)  # agency names of unseen evidence


@dataclass(frozen=True)
class DecisionView:
    outcome: str
    reason: str
    review_on: date | None
    case_id: int | None
    decided_by: str
    decided_at: object


@dataclass
class ScreeningPage:
    person_id: UUID
    display_name: str
    screening: Screening | None
    flag: Flag | None
    first: list[RuleView] = field(default_factory=list)  # counting on the first-flag day
    latest: list[RuleView] = field(default_factory=list)  # counting on the newest day
    new: list[RuleView] = field(default_factory=list)  # matched since the last decision
    decisions: list[DecisionView] = field(default_factory=list)
    can_decide: bool = False


def screening_page(viewer: Viewer, person_id: UUID) -> ScreeningPage:
    """The screening of one person the viewer may open; audited before it is returned."""
    opened = person_opened(viewer, person_id, route="person_screening")
    record_opening(viewer, opened, route="person_screening")
    person = opened.person
    screening = Screening.objects.filter(person=person).first()
    flag = Flag.objects.filter(person=person).select_related("case").first()
    page = ScreeningPage(person.pk, display_name(visible_records(viewer, person)), screening, flag)
    if screening is not None:
        facts = _Facts(viewer, person.pk, [m["event"] for m in screening.matched])
        page.first = facts.rules(screening.evidence)
        page.latest = facts.rules(_counting_on(screening.matched, screening.latest_on))
        if flag is not None and flag.status == Flag.Status.ESCALATED:
            page.new = facts.rules(flag.new_evidence)
    if flag is not None:
        page.decisions = [
            DecisionView(
                d.get_outcome_display(),
                d.reason,
                d.review_on,
                d.case_id,
                d.decided_by.get_username(),
                d.decided_at,
            )
            for d in FlagDecision.objects.filter(flag=flag).select_related("decided_by")
        ]
        page.can_decide = flag.status in DECIDABLE and can(
            viewer, Action.FLAG_DECIDE, flag_target(viewer, person)
        )
    return page


def _counting_on(matched: list[dict[str, object]], day: date | None) -> list[dict[str, object]]:
    """The matches inside their rule's window on `day` (what its score counted)."""
    if day is None:
        return []
    counting = []
    for m in matched:
        rule = BY_CODE.get(str(m["rule"]))
        window = timedelta(days=rule.window_days if rule else 365)
        if day - window < date.fromisoformat(str(m["occurred_on"])) <= day:
            counting.append(m)
    return counting


class _Facts:
    """The person's matched events, read once: those the viewer sees, and the agency and
    sensitivity of each they do not."""

    def __init__(self, viewer: Viewer, person_id: UUID, event_pks: Iterable[object]) -> None:
        pks = sorted({int(str(pk)) for pk in event_pks})
        seen_q = policy.fact_q(viewer, person_id=person_id)
        events = Event.objects.filter(pk__in=pks)
        self.seen = {e.pk: e for e in events.filter(seen_q)}
        self.book = SourceBook()
        self.book.learn(self.seen.values())
        self.hidden = {
            pk: (self.book.agencies[agency].name, sensitivity)
            for pk, agency, sensitivity in events.exclude(pk__in=list(self.seen)).values_list(
                "pk", "agency_id", "sensitivity"
            )
        }

    def rules(self, matches: list[dict[str, object]]) -> list[RuleView]:
        """One view per rule, its facts in date order. Unseen evidence of general
        sensitivity is named under its rule by its agency; unseen evidence of a sensitive
        kind (health, sexual health, intelligence, restricted) is not put under its rule
        at all — the rule would tell the service behind it (docs/security.md #30) — but
        under one card of withheld indicators, by agency only."""
        views: dict[str, RuleView] = {}
        withheld = RuleView(WITHHELD, WITHHELD_WORDS, WITHHELD, 0.0, 0)
        for m in sorted(matches, key=lambda m: str(m["occurred_on"])):
            code, event = str(m["rule"]), int(str(m["event"]))
            if event in self.seen:
                view = views.get(code) or views.setdefault(code, _rule_view(code))
                view.facts.append(self._fact(code, self.seen[event]))
            elif event in self.hidden:
                name, sensitivity = self.hidden[event]
                general = sensitivity == GENERAL
                view = (
                    (views.get(code) or views.setdefault(code, _rule_view(code)))
                    if general
                    else withheld
                )
                if name not in view.held_by:
                    view.held_by.append(name)
        shown = sorted(views.values(), key=lambda v: (KIND_ORDER.get(v.kind, 3), v.code))
        return [*shown, withheld] if withheld.held_by else shown

    def _fact(self, code: str, event: Event) -> Fact:
        rule = BY_CODE.get(code)
        return Fact(
            event.occurred_on,
            event_label(event.event_type),
            event.summary,
            rule.matched_words(event.summary) if rule else [],
            self.book.source(event),
        )


def _rule_view(code: str) -> RuleView:
    rule = BY_CODE.get(code)
    if rule is None:  # a rule of an earlier version, since retired
        return RuleView(code, code.replace("-", " "), "risk", 0.0, 365)
    return RuleView(code, rule.words, rule.kind, rule.weight, rule.window_days)


def reasons(viewer: Viewer, screenings: Iterable[Screening]) -> dict[UUID, list[str]]:
    """For a list (the triage queue): each person's reasons for their newest score, as
    the viewer may be told them — the rule's words where the viewer sees its evidence or
    its holder may be named, "evidence held by <agency>" for the rest (see
    `_Facts.rules`)."""
    counting = {s.person_id: _counting_on(s.matched, s.latest_on) for s in screenings}
    told: dict[UUID, list[str]] = {}
    pks = {int(str(m["event"])) for ms in counting.values() for m in ms}
    facts = {
        pk: (agency, sensitivity)
        for pk, agency, sensitivity in Event.objects.filter(pk__in=sorted(pks)).values_list(
            "pk", "agency_id", "sensitivity"
        )
    }
    names = dict(Agency.objects.values_list("pk", "name"))
    for person, matches in counting.items():
        words: list[str] = []
        held: list[str] = []
        for m in matches:
            agency, sensitivity = facts.get(int(str(m["event"])), (None, GENERAL))
            if agency is None:
                continue
            seen = policy.sees(viewer, agency_id=agency, sensitivity=sensitivity, person_id=person)
            if seen or sensitivity == GENERAL:
                text = _rule_view(str(m["rule"])).words
                if text not in words:
                    words.append(text)
            elif names[agency] not in held:
                held.append(names[agency])
        told[person] = words + [f"{WITHHELD_WORDS}: held by {', '.join(held)}"] * bool(held)
    return told
