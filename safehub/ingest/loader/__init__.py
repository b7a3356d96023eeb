"""Writing one extract into the hub: whole or nothing, streamed in batches.

`extract.import_extract` runs the load in one transaction; each kind of row has its own
module (persons, locations, objects, events as keyed rows; the link files), so what a
row of one kind becomes in the hub is read in one place.
"""
