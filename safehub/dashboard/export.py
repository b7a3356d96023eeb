"""The dashboard's figures as a CSV file: every cell of every figure, suppressed exactly
as the page shows it to the one who downloads it, for the roles the rule for actions
names (`dashboard_export`); audited as an export with its filters. Cells a spreadsheet
would run are written as text."""

from __future__ import annotations

import csv
import io

from safehub.access.actions import Action, require
from safehub.access.policy import Viewer
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.dashboard.queries.figures import FIGURES, FigureView, figure_view, filter_params
from safehub.dashboard.queries.scope import Filters
from safehub.records.chronology_csv import spreadsheet_safe

COLUMNS = ("figure", "series", "from", "to", "category", "value", "shown_as", "state")


def dashboard_csv(viewer: Viewer, filters: Filters, *, route: str) -> bytes:
    """The figures as CSV (UTF-8). `value` is the number shown (exact or rounded) and
    empty when suppressed; `state` says which."""
    require(viewer, Action.DASHBOARD_EXPORT, route=route)
    views = [figure_view(viewer, figure, filters) for figure in FIGURES]
    audit.record(
        actor=viewer.user,
        verb=Verb.EXPORT,
        target_type="dashboard",
        detail={"route": route, **filter_params(filters), "format": "csv"},
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for view in views:
        for row in _rows(view, filters):
            writer.writerow(spreadsheet_safe(cell) for cell in row)
    return out.getvalue().encode("utf-8")


def _rows(view: FigureView, filters: Filters) -> list[tuple[str, ...]]:
    period = (filters.period.start.isoformat(), filters.period.end.isoformat())
    spans = (
        [(c.start.isoformat(), c.end.isoformat()) for c in filters.period.columns()]
        if view.figure.over_time
        else [period] * len(view.columns)
    )
    rows: list[tuple[str, ...]] = []
    for line in view.lines:
        cells = [
            (*span, "" if view.figure.over_time else label, cell)
            for span, (_, label), cell in zip(spans, view.columns, line.cells, strict=True)
        ]
        cells.append((*period, "", line.total))
        for start, end, category, cell in cells:
            shown = cell.shown
            value = "" if shown.value is None else _number(shown.value)
            rows.append(
                (
                    view.figure.title,
                    line.label,
                    start,
                    end,
                    category,
                    value,
                    shown.words,
                    shown.state,
                )
            )
    return rows


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
