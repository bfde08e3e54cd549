"""Pages for requests that cannot be served as sent: an expired form, a method a page does not
take, a database too busy to take a write."""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def csrf_failure(request, reason: str = ""):
    """A form sent from a page open too long (or with cookies blocked): say so, in the service's
    own page, and that nothing was saved."""
    return render(request, "web/form_expired.html", status=403)


class MethodNotAllowedPage:
    """A page asked for with a method it does not take (a bookmarked sign-out link, say) gets a
    page saying what to do, not an empty answer. The API keeps its own JSON answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            page = render(request, "web/method_not_allowed.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


# SQLSTATEs PostgreSQL gives a write that waited too long or lost a race: lock_not_available,
# serialization_failure, deadlock_detected. SQLite says "database is locked" (or "busy").
_BUSY_SQLSTATES = {"55P03", "40001", "40P01"}
_BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
BUSY_RETRY_SECONDS = 60


def database_busy(exc: BaseException) -> bool:
    """Whether an error is the database being busy (another write holds the lock), not a fault."""
    from django.db import DatabaseError

    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code in _BUSY_SQLSTATES:
        return True
    return any(words in str(exc).lower() for words in _BUSY_WORDS)


class DatabaseBusyPage:
    """A write that still finds the database locked after the busy timeout answers 503 "busy,
    try again" (a GOV.UK page, or JSON under /api/) with Retry-After, not a 500: nothing was
    saved, because the transaction that met the lock was rolled back whole."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_busy(exception):
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, exception)
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": "The service is busy. Try again in a minute. Nothing was saved."}, status=503
            )
        else:
            try:
                response = render(request, "web/busy.html", status=503)
            except Exception:  # noqa: BLE001 - the page's own reads may meet the same lock
                response = HttpResponse(BUSY_PLAIN_PAGE, status=503)
        response["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response


BUSY_PLAIN_PAGE = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>The service is busy – CivicPlan</title>'
    '</head><body style="font-family: arial, sans-serif; margin: 2em;"><h1>The service is busy</h1>'
    "<p>Try again in a minute. Nothing you sent has been saved.</p></body></html>"
)
