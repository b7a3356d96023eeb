"""Routes of the linking pages and of the review queue's API (under /api/v1/)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from safehub.linking import api, views

View = Callable[..., Any]


def _api(view: View) -> View:
    """An API view answers for itself (401/403 as JSON), as safehub.api's do: the
    sign-in redirects do not apply; DRF authenticates the token or the verified session
    (the default classes in settings.REST_FRAMEWORK)."""
    view = login_not_required(view)
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


urlpatterns = [
    path("links/", views.overview, name="link_overview"),
    path("links/status/", views.overview_status, name="link_overview_status"),
    path("links/runs/", views.run_start, name="link_run_start"),
    path("links/review/", views.review_queue, name="link_review_queue"),
    path("links/review/<int:pair_id>/", views.review_pair, name="link_review_pair"),
    path("links/review/<int:pair_id>/decide/", views.review_decide, name="link_review_decide"),
    path("links/trace/", views.trace_page, name="link_trace"),
    # <str:…>: an opaque token for one possible match held elsewhere (see trace.py).
    path("links/trace/ask/<str:token>/", views.trace_request, name="link_trace_request"),
    path("api/v1/link-reviews/", _api(api.ReviewListView.as_view()), name="api_link_review_list"),
    # <str:…>: any id reaches the API view, which answers 401 or a JSON 404 itself.
    path(
        "api/v1/link-reviews/<str:pair_id>/",
        _api(api.ReviewDetailView.as_view()),
        name="api_link_review_detail",
    ),
    path(
        "api/v1/link-reviews/<str:pair_id>/decision/",
        _api(api.ReviewDecisionView.as_view()),
        name="api_link_review_decide",
    ),
]
