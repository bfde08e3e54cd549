"""Tests: the same database engine as configured (SQLite file or DATABASE_URL), plain static storage."""

from .base import *  # noqa: F401,F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the apps' folders (runserver_nostatic + finders); whitenoise
# still wants its root to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True

# Each test run gets its own PostgreSQL test database, so two runs on one server (two
# checkouts, or a run while another is still going) never drop each other's data.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    import os as _os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{_os.getpid()}"  # noqa: F405
    }

# SQLite tests use a file in WAL mode, as installs do (an in-memory database shares one cache
# between threads and answers "table is locked" where a real file would wait its turn).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os as _os

    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_os.getpid()}.sqlite3")}  # noqa: F405
