"""Pages for requests that cannot be served as sent: an expired form, a method a page does not take."""

from __future__ import annotations

from django.shortcuts import render


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
