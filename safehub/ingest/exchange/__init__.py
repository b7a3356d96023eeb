"""The hub exchange format, version 1: which files and columns exist and what is valid.

Pure Python (no Django), so the same rules serve the importer, native mappings, the fuzz
tests and anyone reading the contract (docs/exchange-format.md).
"""
