"""Settings shared by every environment, read from the environment (twelve-factor).

Every variable read here is documented in `.env.example`; a test fails if one is not.
"""

from pathlib import Path
import datetime as dt
import os
import re

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CIVICPLAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, *, low: int = 0, high: int = 2**31 - 1) -> int:
    """A whole number from the environment, or ImproperlyConfigured naming the variable (read
    as the command line reads PORT)."""
    from civicplan.cli import ConfigError, whole_number

    try:
        return whole_number(name, os.environ.get(name), default=default, low=low, high=high)
    except ConfigError as exc:
        raise ImproperlyConfigured(f"{exc}.") from None


SECRET_KEY = os.environ.get(
    "SECRET_KEY", "local-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"
)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "civicplan.core.apps.CivicPlanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "civicplan.core",
    "civicplan.organisations",
    "civicplan.plans",
    "civicplan.delivery",
    "civicplan.search",
    "civicplan.lineage",
    "django_tasks",
    "django_tasks_db",
    "civicplan.governance",
    "civicplan.standing.apps.StandingConfig",
    "civicplan.reports",
    "civicplan.timeline",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "civicplan.exports",
    "civicplan.public",
    "civicplan.api",
    "civicplan.importer",
    "civicplan.indicators",
    "civicplan.inbox",
    "civicplan.audit",
    "civicplan.web",
    "axes",
    "civicplan.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "civicplan.web.views.errors.MethodNotAllowedPage",
    "civicplan.web.views.errors.DatabaseBusyPage",
    "civicplan.api.middleware.LongAddressRefused",
    "civicplan.accounts.middleware.SessionIdleTimeout",
    "civicplan.accounts.middleware.PermissionsPolicy",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]
CSRF_FAILURE_VIEW = "civicplan.web.views.errors.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "civicplan.web.context_processors.navigation",
                "civicplan.web.context_processors.as_at_query",
            ],
        },
    },
]


_DATABASE_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")
_DATABASE_URL_HINT = (
    "write it as postgresql://USER:PASSWORD@HOST:5432/NAME, or leave it empty for the SQLite file in var/"
)


def conn_max_age_parse(text: str) -> int:
    """How long a database connection is kept open between requests (CONN_MAX_AGE), in seconds."""
    try:
        return int(text)
    except ValueError:
        raise ImproperlyConfigured(f"CONN_MAX_AGE must be a whole number of seconds, not {text[:40]!r}.") from None


def database_url_parse(url: str, *, conn_max_age: str = "60") -> dict:
    """DATABASE_URL as Django's database settings, or ImproperlyConfigured naming the problem.

    The message never repeats the URL itself: it may hold a password.
    """
    max_age = conn_max_age_parse(conn_max_age)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", url)
    if match is None:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {_DATABASE_URL_HINT}.")
    scheme = match.group(1)
    try:
        config = dj_database_url.parse(url, conn_max_age=max_age)
    except dj_database_url.UnknownSchemeError:
        config = None
    except ValueError:
        raise ImproperlyConfigured(
            "DATABASE_URL cannot be read: check that the port is a number and that characters such as "
            f"@ : / # in the password are %-encoded; {_DATABASE_URL_HINT}."
        ) from None
    if config is None or config["ENGINE"] not in _DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL starts with {scheme}://, a database CivicPlan does not run on: {_DATABASE_URL_HINT}."
        )
    if config["ENGINE"] == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL names no database (the /NAME at its end): {_DATABASE_URL_HINT}.")
    return config


def database_from_env() -> dict:
    """SQLite under var/ by default (WAL mode); PostgreSQL when DATABASE_URL says so."""
    url = os.environ.get("DATABASE_URL", "").strip()
    conn_max_age = os.environ.get("CONN_MAX_AGE", "60").strip()
    if url:
        config = database_url_parse(url, conn_max_age=conn_max_age)
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        # Kept open between requests like PostgreSQL's: opening the file and running the
        # PRAGMAs below cost a page about 2 ms, as much as drawing it from what is kept.
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "civicplan.sqlite3"),
                  "CONN_MAX_AGE": conn_max_age_parse(conn_max_age)}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers carry on while one writer commits; IMMEDIATE transactions take the
        # write lock up front so two writers wait for each other instead of failing with
        # "database is locked" half way through.
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            }
        )
    return config


DATABASES = {"default": database_from_env()}

# Uploaded documents and spreadsheets are read in a child process under these ceilings
# (civicplan.core.bounded, docs/adr/0022): a 100-page PDF plan peaks near 60 MB
# (bench/bench_parse_memory.py).
PARSE_MEMORY_MB = env_int("CIVICPLAN_PARSE_MEMORY_MB", 300, low=150, high=16384)
PARSE_SECONDS = env_int("CIVICPLAN_PARSE_SECONDS", 60, low=5, high=3600)


def cache_from_env(default: str = "memory") -> dict:
    """Where a plan's figures and drawings are cached (ADR 0018): CIVICPLAN_CACHE=memory (each
    process its own), file (shared by every worker on the machine, under CIVICPLAN_CACHE_DIR or
    var/cache) or none. Entries name the plan's version, so none of them is ever stale."""
    kind = os.environ.get("CIVICPLAN_CACHE", default).strip().lower()
    if kind == "none":
        return {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    if kind == "file":
        location = os.environ.get("CIVICPLAN_CACHE_DIR") or str(VAR_DIR / "cache")
        return {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                            "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": 2000}}}
    if kind == "memory":
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                            "LOCATION": "civicplan", "OPTIONS": {"MAX_ENTRIES": 500}}}
    raise ImproperlyConfigured(f"CIVICPLAN_CACHE is {kind!r}: use memory, file or none.")


CACHES = cache_from_env()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (evidence for progress updates) live here; they are served only through views
# that check who may see them, never as public URLs.
MEDIA_ROOT = Path(os.environ.get("CIVICPLAN_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
EVIDENCE_MAX_MB = env_int("CIVICPLAN_EVIDENCE_MAX_MB", 20, low=1, high=500)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Background work (reminders, report files) runs from a queue kept in the database;
# `civicplan worker` runs it. No threads in the web process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Reminder e-mails go through Django's mail backends: printed to the console by default.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, low=1, high=65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CivicPlan <civicplan@localhost>")
# Where people reach this installation: links in e-mails are written from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The REST API (/api/v1/): JSON only, token or session sign-in, permissions decided per view
# by civicplan.api.permissions (the web's rules). `format` is left free for export parameters.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "civicplan.accounts.api.ThrottledTokenAuthentication",  # counts wrong tokens per address
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "civicplan.api.errors.JSONParser",  # DRF's, with JSON nested too deeply a 400, not a 500
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "civicplan.api.schema.CivicPlanSchema",
    "EXCEPTION_HANDLER": "civicplan.api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CivicPlan API",
    "DESCRIPTION": "Plans, elements, progress updates, meetings, decisions, reports and exports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ElementKindEnum": "civicplan.plans.models.ElementKind",
        "PlanKindEnum": "civicplan.plans.models.Plan.Kind",
        "PlanStatusEnum": "civicplan.plans.models.Plan.Status",
        "UpdateStatusEnum": "civicplan.delivery.models.ProgressUpdate.Status",
        "DecisionOutcomeEnum": "civicplan.governance.models.Decision.Outcome",
        "ReportKindEnum": "civicplan.reports.models.ReportKind",
        "ReportFormatEnum": "civicplan.reports.models.ReportFormat",
        "ReportFileStatusEnum": "civicplan.reports.models.GeneratedReport.Status",
        "RagEnum": "civicplan.delivery.models.Rag",
    },
}

# Signing in (civicplan.accounts; docs/adr/0015-sign-in-security-and-sso.md).
# Throttling: SIGN_IN_FAILURE_LIMIT failed attempts for one account, or from one address,
# refuse the next attempts (even with the right password) for SIGN_IN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "civicplan.accounts.oidc.CivicPlanOIDCBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, low=1, high=1000)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env_int("SIGN_IN_COOLOFF_MINUTES", 15, low=1, high=7 * 24 * 60)
)
AXES_LOCKOUT_PARAMETERS = "civicplan.accounts.throttling.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "civicplan.accounts.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "civicplan.accounts.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
# Failed sign-ins are kept for the audit trail (AccessAttempt rows are cleared on success).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# How many reverse proxies that set X-Forwarded-For stand in front of CivicPlan (0: none).
SIGN_IN_TRUSTED_PROXIES = env_int("SIGN_IN_TRUSTED_PROXIES", 0, low=0, high=10)
# A signed-in session unused for this many seconds is signed out (0: never).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 3600, low=0)
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Content-Security-Policy (django-csp): scripts, fonts and images only from CivicPlan itself;
# inline style attributes are allowed (report and timeline pages size bars with them), inline
# scripts are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Single sign-on with an OpenID Connect provider: off unless OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256").strip()
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile").strip()
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "roles").strip()
OIDC_ROLE_MAP = os.environ.get("OIDC_ROLE_MAP", "")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
if OIDC_RP_CLIENT_ID:
    _missing = [
        name for name in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                          "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"Single sign-on is on (OIDC_RP_CLIENT_ID is set) but {', '.join(_missing)} "
            "is not: set each to the provider's endpoint (see .env.example)."
        )
    # OIDC_ROLE_MAP is checked at start-up by a system check (civicplan.accounts.apps).
