"""Error responses of the API: JSON with a `detail`, never a stack trace or any data."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from safehub.audit.log import AuditUnavailable

AUDIT_UNAVAILABLE = "The audit log cannot be written just now, so no data can be shown."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, and 503 when the audit row could not be written (no row, no data).

    Anything else unexpected goes on to Django's 500 handler, which shows no trace while
    DEBUG is off.
    """
    if isinstance(exc, AuditUnavailable):
        return Response({"detail": AUDIT_UNAVAILABLE}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    return drf_exception_handler(exc, context)
