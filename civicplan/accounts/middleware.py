"""Session idle timeout and the Permissions-Policy header."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

LAST_SEEN = "civicplan_last_seen"
# Rewrite the session's timestamp at most this often, so reading pages is not a write each time.
LAST_SEEN_GRANULARITY = 60

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
)


class SessionIdleTimeout:
    """Sign out a session unused for SESSION_IDLE_TIMEOUT seconds (0: never).

    A timestamp in the session, rather than SESSION_SAVE_EVERY_REQUEST, so a page view writes
    to the database at most once a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "SESSION_IDLE_TIMEOUT", 0)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > timeout:
                logout(request)
                minutes = max(1, timeout // 60)
                if request.path.startswith("/api/"):
                    pass  # the API answers as for anyone not signed in
                else:
                    messages.info(
                        request,
                        f"You were signed out because you had not used CivicPlan for {minutes} minutes. Sign in again.",
                    )
                    return redirect_to_login(request.get_full_path())
            elif last is None or now - last >= LAST_SEEN_GRANULARITY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class PermissionsPolicy:
    """Turn off browser features CivicPlan never uses (camera, microphone, location...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
