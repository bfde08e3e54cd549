"""Production: behind HTTPS, with a real secret and PostgreSQL through DATABASE_URL."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, cache_from_env, env_bool, env_int

if SECRET_KEY.startswith("local-only-insecure-key"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")


def secret_key_weakness(key: str) -> str:
    """Why a SECRET_KEY is too weak for production ("" if it is not): Django's own rule (50
    characters, 5 different ones) plus the placeholders people paste from examples."""
    lowered = key.lower()
    for placeholder in ("django-insecure", "change-me", "changeme", "change_me", "replace-me", "example"):
        if placeholder in lowered:
            return f"it contains the placeholder {placeholder!r}"
    if len(key) < 50:
        return f"it is {len(key)} characters long, fewer than 50"
    if len(set(key)) < 5:
        return f"it uses only {len(set(key))} different characters"
    return ""


if _weakness := secret_key_weakness(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: {_weakness}. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

DEBUG = False
# Every gunicorn worker reads what another cached (ADR 0018).
CACHES = cache_from_env("file")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
