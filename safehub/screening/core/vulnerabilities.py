"""The vulnerabilities among the indicator rules (rules.py holds the catalogue): context
that raises risk — being looked after, placement moves, a child protection plan,
domestic abuse at home — and never flags a child on its own (scoring.py caps them at
the risk itself)."""

from __future__ import annotations

from safehub.screening.core.rule import VULNERABILITY, Rule


class LookedAfter(Rule):
    code = "looked-after"
    words = "Looked after"
    kind = VULNERABILITY
    weight = 1.0
    window_days = 730
    sources = ("seraf",)
    event_types = ("looked_after",)
    roles = ()


class PlacementMoves(Rule):
    code = "placement-moves"
    words = "Placement moves"
    kind = VULNERABILITY
    weight = 0.5
    window_days = 730
    cap = 4
    sources = ("seraf",)
    event_types = ("placement_move",)
    roles = ()


class ProtectionPlan(Rule):
    code = "protection-plan"
    words = "A child protection plan or child in need"
    kind = VULNERABILITY
    weight = 0.5
    window_days = 730
    sources = ("seraf",)
    event_types = ("child_protection_plan", "child_in_need")
    roles = ()


class DomesticAbuse(Rule):
    code = "domestic-abuse"
    words = "Domestic abuse at home"
    kind = VULNERABILITY
    weight = 0.5
    window_days = 730
    sources = ("seraf",)
    event_types = ("police_incident", "safeguarding_referral")
    roles = ()
    phrases = ("domestic",)
