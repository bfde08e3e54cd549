"""The OpenAPI schema: every operation documents its error answers as well as its success."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer

ERROR_RESPONSES = {
    "400": "The request cannot be used: `detail` says why and `errors` names each field.",
    "401": "A token was given but is not valid, or signing in is needed for this.",
    "403": "Signed in, but this needs a role or ownership you do not have.",
    "404": "No such plan, element or record, or one you may not see (drafts are not public).",
}


class CivicPlanSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, description in ERROR_RESPONSES.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(
                        OpenApiResponse(response=ErrorSerializer, description=description), code, direction=direction
                    )
        return responses
