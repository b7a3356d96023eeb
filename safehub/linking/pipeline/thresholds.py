"""Suggested thresholds, in match weight (log2 odds; 0 is even odds, 2 is 80%).

Tuned on a synthetic world (seed 21) and the link benchmark's records: F1 is flat from 0
to 4, and 2 keeps precision above 99.9% there. Kept apart from the model so the hub can
read them without loading Splink; the hub keeps its own copies in settings.
"""

LINK_WEIGHT = 2.0
# From one chance in three (weight -1) up to the link weight. Below it, the tuning world's
# pairs were nine in ten different people resting on a name alone (no date of birth on
# one side, other addresses), which a reviewer cannot decide either (issue 10: at most
# 25 pairs to review per 1,000 records; -2 sent 35).
REVIEW_BAND = (-1.0, 2.0)
MIN_WEIGHT = -5.0  # weaker pairs are dropped: clustering reads them as "not proposed"
