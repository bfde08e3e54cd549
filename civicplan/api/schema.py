"""The OpenAPI schema: every operation documents its error answers as well as its success."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer

ERROR_RESPONSES = {
    "400": "The request cannot be used: `detail` says why and `errors` names each field.",
    "401": "A token was given but is not valid, or signing in is needed for this.",
    "403": "Signed in, but this needs a role or ownership you do not have.",
    "404": "No such plan, element or record, or one you may not see (drafts are not public).",
    "414": "The address, with its query, is longer than 4,096 characters: send fewer or shorter parameters.",
    "429": "Too many failed sign-in attempts from this address: wait the number of seconds in Retry-After.",
}


class CivicPlanSchema(AutoSchema):
    def get_auth(self):
        """Token or session sign-in, optional where the view's permissions let anyone call it.

        drf-spectacular marks sign-in optional only for DRF's own AllowAny and
        IsAuthenticatedOrReadOnly; the API's permissions (anyone may read, officers write...)
        are asked directly whether an anonymous caller may make this request.
        """
        auths = super().get_auth()
        if auths and {} not in auths and self._anonymous_allowed():
            auths.append({})
        return auths

    def _anonymous_allowed(self) -> bool:
        request = SimpleNamespace(method=self.method, user=AnonymousUser(), auth=None)
        try:
            return all(p.has_permission(request, self.view) for p in self.view.get_permissions())
        except Exception:  # a permission that needs more of a real request: keep sign-in required
            return False

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, description in ERROR_RESPONSES.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(
                        OpenApiResponse(response=ErrorSerializer, description=description), code, direction=direction
                    )
        return responses
