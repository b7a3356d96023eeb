"""Django settings, read from SAFEHUB_* environment variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFEHUB_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded hub keeps its files here


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SAFEHUB_SECRET_KEY")
    if key:
        return key
    # The demo writes a key under var/ (safehub demo); a missing key is an error
    # outside debug so production never runs on a guessable one.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if _flag("SAFEHUB_DEBUG") or os.environ.get("SAFEHUB_TESTING"):
        return "insecure-development-key-" + "x" * 40
    raise RuntimeError(
        "SAFEHUB_SECRET_KEY is not set and var/secret_key does not exist "
        "(run `safehub demo` for a demo hub, or set SAFEHUB_SECRET_KEY)."
    )


def _database(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets the web read while an import writes; IMMEDIATE avoids
            # deadlocks when two writers upgrade a read transaction at once.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    return config


SECRET_KEY = _secret_key()
DEBUG = _flag("SAFEHUB_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SAFEHUB_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "safehub.agencies",
    "safehub.audit",
    "safehub.access",
    "safehub.records",
    "safehub.ingest",
    "safehub.linking",
    "safehub.screening",
    "safehub.network",
    "safehub.operations",
    "safehub.meetings",
    "safehub.concerns",
    "safehub.missing",
    "safehub.dashboard",
    "safehub.web",
    "safehub.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Signed out: every route but sign-in sends to sign-in. Signed in with a password
    # only: SecondFactorRequiredMiddleware sends to the code page (or to set up the app).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safehub.web.sessions.SessionTimeoutMiddleware",
    "safehub.web.second_factor.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "safehub.web.sessions.NoStoreMiddleware",
    # No audit row, no data: AuditUnavailable anywhere becomes a 503 page.
    "safehub.audit.middleware.AuditUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "safehub.urls"
WSGI_APPLICATION = "safehub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "safehub.web.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": _database(
        os.environ.get("SAFEHUB_DATABASE_URL", f"sqlite:///{VAR_DIR / 'safehub.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out username-and-address before the password
# is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or os.environ.get("SAFEHUB_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "uploads"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Progress of long jobs is written outside the job's own transaction, so it lives in
# a cache that other processes can read (a file cache for the embedded hub; a shared
# cache such as Redis when web processes are scaled out).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        # Django's default (300 entries, then a third culled at random) would drop a
        # trace's held-elsewhere token or a running job's heartbeat under ordinary use,
        # and the supervisor would be told "not found".
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Import limits: a file over the limit is refused before it is read.
SAFEHUB_MAX_FILE_BYTES = int(os.environ.get("SAFEHUB_MAX_FILE_BYTES", str(2 * 1024**3)))
SAFEHUB_MAX_UPLOAD_BYTES = int(os.environ.get("SAFEHUB_MAX_UPLOAD_BYTES", str(512 * 1024**2)))
# How many people a user may open outside their cases in a day before the hub refuses
# and alerts the auditor (docs/security.md #14).
SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT = int(os.environ.get("SAFEHUB_OUTSIDE_CASE_DAILY_LIMIT", "50"))
# "issued": setting up an authenticator app needs a one-time code from a hub manager or an
# administrator (`safehub user set-up-code`), so a password alone cannot enrol a phone.
# "self": the password is enough (a closed demo or a test hub).
SAFEHUB_SECOND_FACTOR_SET_UP = os.environ.get("SAFEHUB_SECOND_FACTOR_SET_UP", "issued")
if SAFEHUB_SECOND_FACTOR_SET_UP not in ("issued", "self"):
    raise RuntimeError(
        "SAFEHUB_SECOND_FACTOR_SET_UP must be 'issued' or 'self', not "
        f"{SAFEHUB_SECOND_FACTOR_SET_UP!r}"
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024**2
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024**2

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Sign-in, sessions and transport security (ASVS 6, 7, 3.4) ---
# SAFEHUB_HTTPS=1 wherever the hub is reached over HTTPS (production): secure cookies
# with the __Host- prefix, HSTS and the redirect to HTTPS. The demo serves plain http on
# 127.0.0.1 and leaves it off; `check --deploy` fails without it.
HTTPS = _flag("SAFEHUB_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SECURE_SSL_REDIRECT = _flag("SAFEHUB_SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = _flag("SAFEHUB_HSTS_PRELOAD", default=HTTPS)
if _flag("SAFEHUB_BEHIND_PROXY"):
    # Only behind a proxy that sets (and strips from clients) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of the hub, each appending to X-Forwarded-For: the client's
# address for the sign-in lockout is read from there (safehub/web/client_ip.py).
SAFEHUB_PROXY_COUNT = int(
    os.environ.get("SAFEHUB_PROXY_COUNT", "1" if _flag("SAFEHUB_BEHIND_PROXY") else "0")
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Server-side limits, enforced by safehub.web.sessions.SessionTimeoutMiddleware: signed
# out after 30 minutes without a request, and 10 hours after signing in whatever happens.
SAFEHUB_SESSION_IDLE_SECONDS = int(os.environ.get("SAFEHUB_SESSION_IDLE_SECONDS", "1800"))
SAFEHUB_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("SAFEHUB_SESSION_ABSOLUTE_SECONDS", str(10 * 3600))
)
SESSION_COOKIE_AGE = SAFEHUB_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Second factor: TOTP (django-otp) for every user; see safehub.web.second_factor.
OTP_TOTP_ISSUER = "Safehub"

# Lockout (django-axes): five failures for one username from one address lock that pair
# only, so nobody can lock a colleague out from elsewhere; it lifts after the cool-off.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "safehub.web.client_ip.client_ip"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SAFEHUB_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_ENABLE_ADMIN = False
# No inline script or style anywhere: every script is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- The REST API (safehub.api) ---
# Bearer tokens or a session past the second factor; JSON only (no browsable API, whose
# pages would need inline script); errors as JSON without traces; no OPTIONS metadata.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safehub.api.authentication.BearerTokenAuthentication",
        "safehub.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["safehub.api.permissions.IsVerifiedUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "safehub.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safehub API",
    "DESCRIPTION": "People as the access policy lets the caller see them; every read is "
    "audited. Fields the caller may not see are absent.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["safehub.api.permissions.IsVerifiedUser"],
    "SERVE_AUTHENTICATION": [
        "safehub.api.authentication.BearerTokenAuthentication",
        "safehub.api.authentication.VerifiedSessionAuthentication",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
