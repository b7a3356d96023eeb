"""The network: who connects to whom — young people, suspects, places, vehicles, phones,
handles — from every agency's POLE links (issue 12). `core/` is the graph itself, pure
Python over frames."""
