"""Settings for the test suite: SQLite by default, PostgreSQL when CI asks for it."""

import os
import tempfile

os.environ.setdefault("SAFEHUB_TESTING", "1")
os.environ.setdefault("SAFEHUB_VAR_DIR", tempfile.mkdtemp(prefix="safehub-test-var-"))

from safehub.settings import *  # noqa: E402, F403
from safehub.settings import _database  # noqa: E402

_test_url = os.environ.get("SAFEHUB_TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": _database(_test_url)}
else:
    DATABASES = {"default": _database("sqlite:///" + os.path.join(VAR_DIR, "test.sqlite3"))}  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(VAR_DIR, "test-db.sqlite3")}  # noqa: F405

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; Argon2 is tested on its own
