"""No audit row, no data: a request whose audit row cannot be written gets a 503."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from safehub.audit.log import AuditUnavailable


class AuditUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AuditUnavailable):
            return None
        body = render_to_string("audit/unavailable.html")  # no request: no database
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
