"""Sections that apps above screening add to the triage queue (quick concerns that touch
what the hub knows). Screening may not import them; they register here when Django
starts (their AppConfig.ready), and the queue's page shows what each returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from safehub.access.policy import Viewer


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, object]


Source = Callable[[Viewer, date], Section | None]
_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add a section to the queue (again under the same name: replaced, not repeated)."""
    _SOURCES[name] = source


def sections_for(viewer: Viewer, today: date) -> list[Section]:
    return [s for source in _SOURCES.values() if (s := source(viewer, today)) is not None]
