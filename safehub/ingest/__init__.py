"""Importing agency extracts: the exchange-format reader, native mappings, import jobs."""
