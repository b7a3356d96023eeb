"""Suggested thresholds, in match weight (log2 odds; 0 is even odds, 2 is 80%).

Tuned on a synthetic world (seed 21) and the link benchmark's records: F1 is flat from 0
to 4, and 2 keeps precision above 99.9% there. Kept apart from the model so the hub can
read them without loading Splink; the hub keeps its own copies in settings.
"""

LINK_WEIGHT = 2.0
REVIEW_BAND = (-2.0, 2.0)
MIN_WEIGHT = -5.0  # weaker pairs are dropped: clustering reads them as "not proposed"
