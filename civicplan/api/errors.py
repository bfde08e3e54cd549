"""Errors as JSON: the service layer's Django errors become 400, 403 and 404 answers.

Also the API's JSON parser, which answers a body nested too deeply to read as a 400 like any
other unreadable JSON (Python's parser gives up with a RecursionError, which would be a 500).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, parsers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

TOO_DEEP = "JSON parse error - the JSON is nested too deeply to read. No request body here nests more than a few levels."


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deeply answered 400 (a ParseError), not 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None


@csrf_exempt
def not_found(request, path: str = ""):
    """Any /api/v1/ address that matches no endpoint: a JSON 404 like the endpoints' own.

    A GET without its trailing slash is redirected to the endpoint, as Django does elsewhere;
    other methods are told where the endpoint is (a redirect would lose the body).
    """
    detail = "Not found."
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
            detail = f"Not found. Did you mean {request.path}/ (with a / at the end)?"
    return JsonResponse({"detail": detail}, status=status.HTTP_404_NOT_FOUND)


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError (from services) as a 400 with every message."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            errors = {name if name != "__all__" else "non_field_errors": messages for name, messages in exc.message_dict.items()}
            detail = " ".join(m for messages in errors.values() for m in messages)
            return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": " ".join(exc.messages), "errors": {"non_field_errors": exc.messages}},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _first_words(errors), "errors": errors}
    return response


def _first_words(errors) -> str:
    """Every problem in a 400, as one sentence per field ("as_at: Enter a date...")."""
    parts = []
    for name, problems in errors.items():
        if isinstance(problems, dict):
            text = _first_words(problems)
        elif isinstance(problems, list):
            text = " ".join(str(p) if not isinstance(p, (dict, list)) else "Check this field." for p in problems)
        else:
            text = str(problems)
        parts.append(text if name == "non_field_errors" else f"{name}: {text}")
    return " ".join(parts) or "The request cannot be used."
