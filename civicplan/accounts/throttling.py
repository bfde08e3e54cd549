"""Sign-in throttling (django-axes), shared by the sign-in page, the admin and API tokens.

Failed attempts are counted in the database (so every worker process sees them) per account
and, separately, per address: SIGN_IN_FAILURE_LIMIT failures for one username, or from one
address, refuse further attempts, even with the right password, until SIGN_IN_COOLOFF_MINUTES
have passed since the last failure. A failed API token counts against its address like a wrong
password, so one guesser cannot try tokens and passwords in turn.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import JsonResponse
from django.shortcuts import render


def lockout_parameters(request, credentials) -> list:
    """Per account and per address; an attempt with no username (an API token) per address."""
    if credentials and credentials.get("username"):
        return ["username", "ip_address"]
    return ["ip_address"]


def client_address(request) -> str:
    """The caller's address: REMOTE_ADDR, or, behind SIGN_IN_TRUSTED_PROXIES proxies, the
    address the outermost trusted proxy saw (X-Forwarded-For read from the right, so a caller
    cannot choose their own address by sending the header)."""
    proxies = getattr(settings, "SIGN_IN_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return forwarded[0] if forwarded else remote


def cool_off_words(request=None) -> str:
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def locked_out(request, original_response=None, credentials=None):
    """Axes' answer once a limit is reached: the sign-in page with a GOV.UK error (429), or
    JSON for the API."""
    message = (
        "You have tried to sign in too many times. For your security, signing in to this account "
        f"or from this address is paused. Try again in {cool_off_words(request)}, or reset your password."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": f"Too many failed sign-in attempts from this address. Try again in {cool_off_words(request)}."},
            status=429,
        )
    else:
        from django.contrib.auth.forms import AuthenticationForm

        form = AuthenticationForm(request, data=None, initial={"username": (credentials or {}).get("username", "")})
        from .oidc import sso_enabled

        response = render(request, "web/sign_in.html",
                          {"form": form, "locked_out": message, "next": "", "sso_enabled": sso_enabled()}, status=429)
    response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    return response


def address_is_locked(request) -> bool:
    return not AxesProxyHandler.is_allowed(request, {})


def record_token_failure(request) -> None:
    """Count a failed API token against the caller's address (the axes record, like a password)."""
    user_login_failed.send(sender=__name__, credentials={"username": None}, request=request)
