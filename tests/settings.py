"""Settings for the test suite: SQLite by default, PostgreSQL when CI asks for it."""

import os
import tempfile

os.environ.setdefault("SAFEHUB_TESTING", "1")
os.environ.setdefault("SAFEHUB_VAR_DIR", tempfile.mkdtemp(prefix="safehub-test-var-"))

from safehub.settings import *  # noqa: F403
from safehub.settings import VAR_DIR, _database

_test_url = os.environ.get("SAFEHUB_TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": _database(_test_url)}
else:
    DATABASES = {"default": _database(f"sqlite:///{VAR_DIR / 'test.sqlite3'}")}
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

# xdist's workers inherit the controller's var dir; each keeps its own cache, as each
# has its own database (a run's progress is keyed by its primary key).
CACHES = {
    "default": {
        **CACHES["default"],  # noqa: F405
        "LOCATION": str(VAR_DIR / f"cache-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"),
    }
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise looks for it

# Most tests sign in through self-service set-up; tests/web/test_set_up_code.py covers
# "issued", production's default.
SAFEHUB_SECOND_FACTOR_SET_UP = "self"
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A fast hasher for the suite; Argon2 is the production hasher and has its own test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
