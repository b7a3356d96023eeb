"""Page-number pagination whose OpenAPI schema is valid 3.1 (shared by every API)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class OpenApi31Pagination(PageNumberPagination):
    page_size = 50

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        # DRF reads an empty `?page=` as page 1; it is no more a page number than `x`.
        if request.query_params.get(self.page_query_param, None) == "":
            raise NotFound(self.invalid_page_message.format(page_number="", message=""))
        return super().get_page_number(request, paginator)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # DRF writes OpenAPI 3.0's `nullable`; the schema is OpenAPI 3.1 (JSON Schema).
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            described = paginated["properties"][link]
            described.pop("nullable", None)
            described["type"] = ["string", "null"]
        return paginated
