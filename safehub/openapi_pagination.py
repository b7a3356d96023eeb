"""Page-number pagination whose OpenAPI schema is valid 3.1 (shared by every API)."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination


class OpenApi31Pagination(PageNumberPagination):
    page_size = 50

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # DRF writes OpenAPI 3.0's `nullable`; the schema is OpenAPI 3.1 (JSON Schema).
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            described = paginated["properties"][link]
            described.pop("nullable", None)
            described["type"] = ["string", "null"]
        return paginated
