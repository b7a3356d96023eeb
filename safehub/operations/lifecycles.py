"""Where a nominal may go next, by their role: a survivor from identified to support in
place at their own pace (a decision of theirs — engage, not now, declined — can change
at any time: "we're ready when they are"), a suspect from identified to an outcome.
Pure Python: the services check every change against it."""

from __future__ import annotations

from typing import Final

IDENTIFIED: Final = "identified"

SURVIVOR: Final[dict[str, frozenset[str]]] = {
    "identified": frozenset({"traced"}),
    "traced": frozenset({"pre_contact_review"}),
    "pre_contact_review": frozenset({"contacted"}),
    "contacted": frozenset({"engaged", "unsure", "not_now", "declined"}),
    "engaged": frozenset({"support_in_place", "unsure", "not_now", "declined"}),
    "unsure": frozenset({"engaged", "not_now", "declined"}),
    "not_now": frozenset({"engaged", "unsure", "declined"}),
    "declined": frozenset({"engaged", "unsure", "not_now"}),
    "support_in_place": frozenset({"not_now", "declined"}),
}
SUSPECT: Final[dict[str, frozenset[str]]] = {
    "identified": frozenset({"traced", "nfa_police"}),
    "traced": frozenset({"arrested", "nfa_police"}),
    "arrested": frozenset({"interviewed", "nfa_police"}),
    "interviewed": frozenset({"charged", "cautioned", "nfa_police", "nfa_cps"}),
    "charged": frozenset({"convicted", "acquitted", "nfa_cps"}),
    "convicted": frozenset(),
    "acquitted": frozenset(),
    "cautioned": frozenset(),
    "nfa_police": frozenset(),
    "nfa_cps": frozenset(),
}
WITNESS: Final[dict[str, frozenset[str]]] = {
    "identified": frozenset({"traced"}),
    "traced": frozenset({"contacted"}),
    "contacted": frozenset(),
}
BY_ROLE: Final = {"victim": SURVIVOR, "suspect": SUSPECT, "witness": WITNESS}
WORDS: Final = {
    "identified": "Identified",
    "traced": "Traced",
    "pre_contact_review": "Pre-contact review",
    "contacted": "Contacted",
    "engaged": "Engaged",
    "unsure": "Unsure",
    "not_now": "Not now",
    "declined": "Declined",
    "support_in_place": "Support in place",
    "arrested": "Arrested",
    "interviewed": "Interviewed",
    "charged": "Charged",
    "convicted": "Convicted",
    "acquitted": "Acquitted",
    "cautioned": "Cautioned",
    "nfa_police": "No further action (police)",
    "nfa_cps": "No further action (CPS)",
}
# The survivor's own decisions: recorded as theirs, never as a task to chase.
SURVIVOR_DECISIONS: Final = frozenset({"engaged", "unsure", "not_now", "declined"})


def allowed(role: str, now: str, then: str) -> bool:
    """May a nominal of `role` go from status `now` to `then`?"""
    return then in BY_ROLE.get(role, {}).get(now, frozenset())
