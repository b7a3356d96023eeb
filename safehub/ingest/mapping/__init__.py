"""Agencies' own CSV and Excel layouts, read through a YAML mapping as exchange-format rows.

Pure Python (no Django). A `safehub-mapping/1` file (docs/native-mappings.md) says how the
native files make the exchange files, so the importer sees an ordinary extract while every
error names the native file, line and column that a person at the agency can find and fix.
"""
