"""Reads of records, through the access policy, one module per subject (nothing is
re-exported here: import the module that does the reading).

- `visible`: which persons a viewer may open, their records, and the 404 for the rest
- `opening`: opening one person (the daily limit outside one's cases, the audit row)
- `sources`: the agency, extract and line each fact came from
- `profile`: the person page; its parts are `events`, `associations`, `addresses`, `cases`
- `timeline`: a person's events filtered by agency, kind and period, with counts
- `chronology`: the printable multi-agency chronology (and its CSV)
- `people_list`: the people list, its search and its summaries
- `access_requests`: asking another agency for what it holds; the asks to decide
- `counts`: reads that are about no one person (hub counts, record-person links)
"""
