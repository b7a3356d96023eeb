"""Production settings pass `check --deploy`; the demo's plain-http settings still work.

Settings are read from the environment when the module is imported, so each case runs
in a fresh interpreter with exactly the environment it describes.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from safehub.agencies.models import User
from tests.web.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]

SHOW_SETTINGS = """
import json
from django.conf import settings
names = ["DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_HTTPONLY",
         "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "SESSION_COOKIE_NAME",
         "SAFEHUB_SESSION_IDLE_SECONDS", "SAFEHUB_SESSION_ABSOLUTE_SECONDS"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: nothing of the test run's own SAFEHUB_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAFEHUB_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safehub.settings",
            "SAFEHUB_VAR_DIR": str(tmp_path / "var"),
            "SAFEHUB_DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            **extra,
        }
    )
    return env


def _production(tmp_path: Path) -> dict[str, str]:
    return _environment(
        tmp_path,
        SAFEHUB_HTTPS="1",
        SAFEHUB_DEBUG="0",
        SAFEHUB_SECRET_KEY=secrets.token_urlsafe(64),
        SAFEHUB_ALLOWED_HOSTS="safehub.example.org",
    )


def _settings_under(env: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{SHOW_SETTINGS}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(result.stdout))


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _check_deploy(_production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https(tmp_path: Path) -> None:
    env = _production(tmp_path)
    del env["SAFEHUB_HTTPS"]
    result = _check_deploy(env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


def test_production_cookies_are_secure_and_hsts_is_a_year(tmp_path: Path) -> None:
    production = _settings_under(_production(tmp_path))
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["SAFEHUB_SESSION_IDLE_SECONDS"] == 30 * 60
    assert production["SAFEHUB_SESSION_ABSOLUTE_SECONDS"] == 10 * 3600


def test_demo_settings_serve_plain_http_and_timeouts_are_configurable(tmp_path: Path) -> None:
    demo = _settings_under(
        _environment(
            tmp_path,
            SAFEHUB_SECRET_KEY=secrets.token_urlsafe(64),
            SAFEHUB_SESSION_IDLE_SECONDS="600",
            SAFEHUB_SESSION_ABSOLUTE_SECONDS="7200",
        )
    )
    assert demo["SESSION_COOKIE_SECURE"] is False
    assert demo["SECURE_SSL_REDIRECT"] is False
    assert demo["SECURE_HSTS_SECONDS"] == 0
    assert demo["SESSION_COOKIE_HTTPONLY"] is True
    assert demo["SAFEHUB_SESSION_IDLE_SECONDS"] == 600
    assert demo["SAFEHUB_SESSION_ABSOLUTE_SECONDS"] == 7200


def test_session_cookie_is_httponly_and_samesite_lax(client: Client, police_manager: User) -> None:
    client.post(reverse("login"), {"username": police_manager.username, "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser, as well as on the server


def _postgres_url() -> str:
    url = os.environ.get("SAFEHUB_TEST_DATABASE_URL", "")
    if not url:
        pytest.skip("needs PostgreSQL (CI sets SAFEHUB_TEST_DATABASE_URL)")
    return url


def test_check_deploy_refuses_a_superuser_database_role(tmp_path: Path) -> None:
    """docs/security.md #8: CI's server is reached as `postgres`, a superuser."""
    env = _production(tmp_path)
    env["SAFEHUB_DATABASE_URL"] = _postgres_url()
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "safehub.E001" in result.stderr
    assert "a superuser" in result.stderr


def test_check_deploy_accepts_a_role_that_is_not_a_superuser(tmp_path: Path) -> None:
    url = _postgres_url()
    role = f"safehub_app_{secrets.token_hex(4)}"
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS')
        try:
            env = _production(tmp_path)
            parts = urlsplit(url)
            env["SAFEHUB_DATABASE_URL"] = urlunsplit(
                parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}")
            )
            result = _check_deploy(env)
        finally:
            admin.execute(f'DROP ROLE "{role}"')
    assert result.returncode == 0, result.stdout + result.stderr
    assert "safehub.E001" not in result.stdout + result.stderr


def test_check_deploy_warns_of_self_service_second_factor_set_up(tmp_path: Path) -> None:
    env = _production(tmp_path)
    env["SAFEHUB_SECOND_FACTOR_SET_UP"] = "self"
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "safehub.W001" in result.stderr + result.stdout
