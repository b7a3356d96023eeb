"""The `safehub` console script: Django management commands under one name."""

import os
import secrets
import sys
from pathlib import Path


def _ensure_demo_secret_key() -> None:
    """The demo keeps a random secret key under var/, made on its first run."""
    if os.environ.get("SAFEHUB_SECRET_KEY"):
        return
    var = Path(os.environ.get("SAFEHUB_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    key_file = var / "secret_key"
    if not key_file.exists():
        var.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehub.settings")
    if sys.argv[1:2] == ["demo"]:
        _ensure_demo_secret_key()
    # Django is imported after the settings module and secret key are in the environment.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    argv = sys.argv[:]
    argv[0] = "safehub"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
