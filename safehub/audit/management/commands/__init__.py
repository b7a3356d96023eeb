"""The `safehub audit` command."""
