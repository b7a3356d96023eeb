"""The linking pipeline: plain Python over data frames (no Django), so it runs and tests
without a database and moves to Spark unchanged. `api.py` is its public face."""
