"""Comparing two answers of the site as a user would see them."""

from __future__ import annotations

import re

_CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+')


def without_csrf_token(content: bytes) -> bytes:
    """The page with its CSRF token blanked. Django masks the token afresh on every page
    (against BREACH), so it alone tells two renders apart, and it says nothing else: two
    pages equal but for it say the same thing."""
    return _CSRF_TOKEN.sub(rb"\1", content)
