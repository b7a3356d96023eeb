"""POLE records (people, objects, locations, events) with their provenance."""
