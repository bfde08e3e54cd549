"""Small helpers for views in every app."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The page a form asked to return to (its `next` field), if it is on this site; else `default`.

    A form shown on two pages (an update's approve/return on the review queue and in the inbox)
    sends people back where they were, never to another site.
    """
    target = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def redirect_next(request, default: str):
    return redirect(safe_next(request, default))
