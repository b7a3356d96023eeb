"""The reads of operations: the figures of one, for its team (ids and counts only)."""

from __future__ import annotations

from collections import Counter

from safehub.operations.models import Operation

SURVIVOR_REACHED = {
    "traced": (
        "traced",
        "pre_contact_review",
        "contacted",
        "engaged",
        "unsure",
        "not_now",
        "declined",
        "support_in_place",
    ),
    "contacted": ("contacted", "engaged", "unsure", "not_now", "declined", "support_in_place"),
    "engaged": ("engaged", "support_in_place"),
    "supported": ("support_in_place",),
}
SUSPECT_REACHED = {
    "arrested": (
        "arrested",
        "interviewed",
        "charged",
        "convicted",
        "acquitted",
        "cautioned",
        "nfa_cps",
    ),
    "charged": ("charged", "convicted", "acquitted"),
    "convicted": ("convicted",),
}


def operation_figures(operation: Operation) -> dict[str, int]:
    """How many survivors and suspects are identified, and how far each has come: each
    nominal counted once, where they are now."""
    now: dict[object, tuple[str, str]] = {}
    for person, role, status in operation.statuses.order_by("pk").values_list(
        "person_id", "role", "status"
    ):
        now[person] = (role, status)
    by_role = Counter(role for role, _ in now.values())
    figures = {
        "victims_identified": by_role["victim"],
        "suspects_identified": by_role["suspect"],
    }
    for name, statuses in SURVIVOR_REACHED.items():
        figures[f"victims_{name}"] = sum(
            1 for role, status in now.values() if role == "victim" and status in statuses
        )
    for name, statuses in SUSPECT_REACHED.items():
        figures[f"suspects_{name}"] = sum(
            1 for role, status in now.values() if role == "suspect" and status in statuses
        )
    return figures
