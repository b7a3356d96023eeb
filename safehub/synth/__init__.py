"""The synthetic world generator: demo data for the hub, with ground truth to score against."""

from safehub.synth.world import WorldSummary, generate

__all__ = ["WorldSummary", "generate"]
