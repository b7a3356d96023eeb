"""The list behind a dashboard figure: the flags, people, episodes, concerns or actions
it counts, only those the viewer may see (by the same rules as their own pages), and a
line saying how many more they may not see — by the small-numbers rule, naming no agency
or service. Audited as a view naming the people listed, before it is returned."""

from __future__ import annotations

from dataclasses import dataclass

from safehub.access import suppression
from safehub.access.actions import refuse_route
from safehub.access.policy import Viewer
from safehub.dashboard.queries.figures import Figure, filter_params
from safehub.dashboard.queries.scope import Filters, Item, Row
from safehub.network.queries.people import audit_people

PER_PAGE = 50


@dataclass(frozen=True)
class FigureList:
    figure: Figure
    filters: Filters
    series: str  # the series' words, or "" for every series
    category: str  # the column's words for a figure by category, or ""
    rows: list[Row]
    page: int
    pages: int
    listed: int  # how many the viewer may see, over every page
    more: str  # how many more are behind the figure, in words; "" when none


def figure_list(
    viewer: Viewer,
    figure: Figure,
    filters: Filters,
    *,
    series: str = "",
    category: str = "",
    page: int = 1,
    route: str,
) -> FigureList:
    """The page `page` of the things behind `figure` (one series, one category, or all),
    for any user of an agency or partner organisation (others: the audited 404)."""
    if viewer.agency_id is None:
        raise refuse_route(viewer, route)
    items = [
        i
        for i in figure.source.items(filters)
        if (not series or i.series == series) and (not category or i.category == category)
    ]
    seen = figure.source.seen(viewer, filters) if items else set()
    first: dict[tuple[str, str], Item] = {}
    for item in sorted(items, key=lambda i: (i.on, i.key)):
        first.setdefault((item.key, item.series), item)
    listed = [i for i in first.values() if i.witness in seen]
    hidden = {i.key for i in first.values()} - {i.key for i in listed}
    pages = max(1, -(-len(listed) // PER_PAGE))
    page = min(max(1, page), pages)
    shown = listed[(page - 1) * PER_PAGE : page * PER_PAGE]
    rows = figure.source.rows(viewer, shown) if shown else []
    audit_people(
        viewer,
        target_type="dashboard_figure",
        target_id=figure.slug,
        route=route,
        people=sorted({str(r.person_id) for r in rows if r.person_id}),
        detail={
            **filter_params(filters),
            "series": series,
            "category": category,
            "page": page,
            # What is listed that names no one (a concern, an action for no one).
            "things": [i.key for i in shown if i.person_id is None],
        },
    )
    labels = _category_labels(figure, category)
    return FigureList(
        figure,
        filters,
        figure.series_words().get(series, ""),
        labels.get(category, ""),
        rows,
        page,
        pages,
        len(listed),
        suppression.more_words(len(hidden)) if hidden else "",
    )


def _category_labels(figure: Figure, category: str) -> dict[str, str]:
    labels = getattr(figure.source, "labels", None)
    if not category or labels is None:
        return {}
    return dict(labels({category}))
