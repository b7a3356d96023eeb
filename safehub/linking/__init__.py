"""Knowing who is who: probabilistic identity linking, review queue and trace search."""
