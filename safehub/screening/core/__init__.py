"""Screening: small facts from every agency, added up into a flag a person reviews.

`rules` names each indicator (its words, source, what it reads, its window and weight);
`scoring` scores every young person as of any date, set-based in DuckDB; `facts` is the
frame both read. Pure Python: the hub's services feed it from Events and PersonRecords.
"""
