"""Errors as JSON: the service layer's Django errors become 400, 403 and 404 answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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
