"""The linking pipeline: plain Python over data frames (no Django), so it runs and tests
without a database and moves to Spark unchanged. `facade.py` is its public face: the rest of
the hub imports nothing else of it."""
