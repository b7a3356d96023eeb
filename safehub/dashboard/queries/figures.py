"""The partnership dashboard's figures, as one viewer may be told them.

Each figure counts the things behind it in each column (a week or month of the period,
or an agency) and over the period (each thing once, however many columns it is in): a
flag, a young person, an episode, a concern, an action. Every count and median is put
through the small-numbers rule (safehub.access.suppression) against what the viewer
may see of those things, and carries the query string of the list behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urlencode

from safehub.access import suppression
from safehub.access.actions import refuse_route
from safehub.access.policy import Viewer
from safehub.access.suppression import Shown
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.dashboard.periods import Column
from safehub.dashboard.queries.casework import SUSPECTS, VICTIMS, OverdueActions
from safehub.dashboard.queries.flags import FlagsRaisedReviewed, TriageTime, YoungPeople
from safehub.dashboard.queries.reports import Concerns, ReturnInterviews
from safehub.dashboard.queries.scope import Categorised, Filters, Item, Source


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    definition: str  # what it counts, in words (the page's and docs/dashboard.md's)
    source: Source
    measure: str = "count"  # count, or median (days)
    over_time: bool = True  # columns are the period's weeks or months, else categories
    share: tuple[str, str] | None = None  # (part, whole): the part's percentage of the whole
    share_label: str = ""

    def series_words(self) -> dict[str, str]:
        return dict(self.source.SERIES)


FIGURES: tuple[Figure, ...] = (
    Figure(
        "flags",
        "Flags raised and reviewed",
        "Flags screening raised for the hub's triage, by the week they reached it, and "
        "flags the triage meeting decided, by the week of the decision.",
        FlagsRaisedReviewed(),
    ),
    Figure(
        "triage-time",
        "Time from flag to triage outcome",
        "The median number of days from a flag reaching triage to its first outcome, by "
        "the week of the outcome.",
        TriageTime(),
        measure="median",
    ),
    Figure(
        "rhi",
        "Return home interviews within 72 hours",
        "Children back from a missing episode, by the week of their return, and those "
        "offered, and given, a return home interview within 72 hours of it.",
        ReturnInterviews(),
        share=("offered", "returned"),
        share_label="Offered within 72 hours, as a share of those back",
    ),
    Figure(
        "concerns",
        "Concerns received, by source",
        "Quick concerns passed on, by the week they arrived and the kind of agency or "
        "partner organisation of the person who passed them on.",
        Concerns(),
    ),
    Figure(
        "young-people",
        "Young people identified and safeguarded",
        "Flagged young people the triage meeting first found at risk (any outcome but no "
        "further action), and first opened to the complex safeguarding team.",
        YoungPeople(),
    ),
    Figure(
        "victims",
        "Victims identified, traced and engaged",
        "Survivors named in the hub's operations, by the day they were first identified, "
        "traced, and engaged (engaged, or support in place).",
        VICTIMS,
    ),
    Figure(
        "suspects",
        "Suspects arrested and charged",
        "Suspects named in the hub's operations, by the day they were first arrested, and charged.",
        SUSPECTS,
    ),
    Figure(
        "actions",
        "Actions overdue, by agency",
        "Meetings' actions still open today whose date has passed (due by the end of the "
        "period), by the agency that owns them.",
        OverdueActions(),
        over_time=False,
    ),
)
BY_SLUG = {figure.slug: figure for figure in FIGURES}


@dataclass(frozen=True)
class Cell:
    shown: Shown
    query: str  # the list behind it (urlencoded filters, series and column)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[tuple[str, Cell]]  # (the series' words, its cell), one per series
    share: str = ""


@dataclass(frozen=True)
class FigureView:
    figure: Figure
    columns: list[tuple[str, str]]  # (key, label)
    lines: list[Line]
    shares: list[str] = field(default_factory=list)  # per column, then the period's
    complete: bool = True  # the viewer may see everything behind the figure
    axis: str = "Week"  # what a column is: week, month, agency

    def table(self) -> list[TableRow]:
        """The table alternative: a row per column of the chart, then the whole period."""
        rows = [
            TableRow(label, [(line.label, line.cells[n]) for line in self.lines], self._share(n))
            for n, (_, label) in enumerate(self.columns)
        ]
        total = [(line.label, line.total) for line in self.lines]
        whole = "Every agency" if self.axis == "Agency" else "Whole period"
        return [*rows, TableRow(whole, total, self._share(len(self.columns)))]

    def _share(self, n: int) -> str:
        return self.shares[n] if self.shares else ""

    def chart(self) -> dict[str, object]:
        """What the page's script draws (no more than the table says)."""
        return {
            "slug": self.figure.slug,
            "title": self.figure.title,
            "type": "line" if self.figure.over_time else "bar",
            "measure": self.figure.measure,
            "labels": [label for _, label in self.columns],
            "series": [
                {
                    "label": line.label,
                    "values": [cell.shown.value for cell in line.cells],
                    "words": [cell.shown.words for cell in line.cells],
                    "queries": [cell.query for cell in line.cells],
                }
                for line in self.lines
            ],
        }


def filter_params(filters: Filters) -> dict[str, str]:
    """The filters as the page's query string gives them (an empty hub: every hub)."""
    return {
        "hub": "" if filters.hub is None else str(filters.hub),
        "district": filters.district,
        "from": filters.period.start.isoformat(),
        "to": filters.period.end.isoformat(),
    }


def figure_view(viewer: Viewer, figure: Figure, filters: Filters) -> FigureView:
    items = figure.source.items(filters)
    seen = figure.source.seen(viewer, filters) if items else set()
    slots = _slots(figure, filters, items)
    place = _placer(figure, filters)
    params = filter_params(filters)
    lines = []
    for series, label in figure.series_words().items():
        mine = [i for i in items if i.series == series]
        by_slot: dict[str, list[Item]] = defaultdict(list)
        for item in mine:
            by_slot[place(item)].append(item)
        cells = [
            Cell(_shown(figure, by_slot.get(slot.key, []), seen), slot.query(params, series))
            for slot in slots
        ]
        total = Cell(_shown(figure, mine, seen), urlencode({**params, "series": series}))
        lines.append(Line(series, label, cells, total))
    return FigureView(
        figure,
        [(slot.key, slot.label) for slot in slots],
        lines,
        _shares(figure, lines),
        all(i.witness in seen for i in items),
        _axis(figure, filters),
    )


def dashboard(viewer: Viewer, filters: Filters, *, route: str) -> list[FigureView]:
    """Every figure, for any user of an agency or partner organisation (others: the
    audited 404); audited as a view of the dashboard with its filters."""
    if viewer.agency_id is None:
        raise refuse_route(viewer, route)
    views = [figure_view(viewer, figure, filters) for figure in FIGURES]
    audit.record(
        actor=viewer.user,
        verb=Verb.VIEW,
        target_type="dashboard",
        detail={"route": route, **filter_params(filters)},
    )
    return views


@dataclass(frozen=True)
class _Slot:
    """A column of one figure: a week or month (`span`), or a category."""

    key: str
    label: str
    span: Column | None = None

    def query(self, params: dict[str, str], series: str) -> str:
        if self.span is None:
            return urlencode({**params, "series": series, "category": self.key})
        span = {"from": self.span.start.isoformat(), "to": self.span.end.isoformat()}
        return urlencode({**params, **span, "series": series})


def _slots(figure: Figure, filters: Filters, items: list[Item]) -> list[_Slot]:
    if figure.over_time:
        return [_Slot(c.key, c.label, c) for c in filters.period.columns()]
    labels = cast(Categorised, figure.source).labels({i.category for i in items})
    return [_Slot(k, v) for k, v in sorted(labels.items(), key=lambda kv: kv[1])]


def _axis(figure: Figure, filters: Filters) -> str:
    if not figure.over_time:
        return "Agency"
    return "Week" if filters.period.weekly else "Month"


def _placer(figure: Figure, filters: Filters) -> Callable[[Item], str]:
    if figure.over_time:
        return lambda item: filters.period.column_of(item.on)
    return lambda item: item.category


def _shown(figure: Figure, items: list[Item], seen: set[str]) -> Shown:
    complete = all(i.witness in seen for i in items)
    if figure.measure == "median":
        return suppression.median_shown(
            [i.value for i in items if i.value is not None], complete=complete
        )
    return suppression.count_shown(len({i.key for i in items}), complete=complete)


def _shares(figure: Figure, lines: list[Line]) -> list[str]:
    if figure.share is None:
        return []
    by_key = {line.key: line for line in lines}
    part, whole = by_key[figure.share[0]], by_key[figure.share[1]]
    return [
        suppression.share_words(p.shown, w.shown)
        for p, w in zip([*part.cells, part.total], [*whole.cells, whole.total], strict=True)
    ]
