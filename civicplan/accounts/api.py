"""API token sign-in, throttled: a wrong token counts against the caller's address like a
wrong password, and once the address is locked every token attempt from it gets a JSON 429
(even a right one) until the cool-off has passed."""

from __future__ import annotations

from axes.helpers import get_cool_off
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from .throttling import address_is_locked, cool_off_words, record_token_failure


class SignInThrottled(exceptions.Throttled):
    default_detail = "Too many failed sign-in attempts from this address."


def _throttled(request) -> SignInThrottled:
    exc = SignInThrottled(
        detail=f"Too many failed sign-in attempts from this address. Try again in {cool_off_words(request)}."
    )
    exc.wait = get_cool_off(request).total_seconds()  # after, so DRF adds no second sentence; sets Retry-After
    return exc


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        django_request = request._request
        if address_is_locked(django_request):
            raise _throttled(django_request)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            record_token_failure(django_request)
            if address_is_locked(django_request):
                raise _throttled(django_request) from None
            raise
