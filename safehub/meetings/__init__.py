"""The hub's meetings (issue 13): daily triage, strategy and MACE meetings, the person
discussed and what was decided, and the actions agreed, each with an owner and a date."""
