"""Routes of the API (v1) and its OpenAPI schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from safehub.api import views
from safehub.api.authentication import BearerTokenAuthentication, VerifiedSessionAuthentication
from safehub.api.permissions import IsVerifiedUser

View = Callable[..., Any]


def _api(view: View) -> View:
    """An API view answers for itself — 401 or 403 as JSON — instead of the web pages'
    redirects: LoginRequiredMiddleware lets it through (DRF authenticates the token or
    session inside the view), and so does the second-factor middleware, whose rule
    VerifiedSessionAuthentication and IsVerifiedUser apply (its marker attribute, set
    here because safehub.api may not import safehub.web)."""
    view = login_not_required(view)
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


schema_view = SpectacularAPIView.as_view(
    authentication_classes=[BearerTokenAuthentication, VerifiedSessionAuthentication],
    permission_classes=[IsVerifiedUser],
)

urlpatterns = [
    path("api/schema/", _api(schema_view), name="api_schema"),
    path("api/v1/persons/", _api(views.PersonListView.as_view()), name="api_person_list"),
    path(
        "api/v1/persons/<str:person_id>/",
        _api(views.PersonDetailView.as_view()),
        name="api_person_detail",
    ),
    path("api/v1/tokens/", _api(views.TokenIssueView.as_view()), name="api_token_issue"),
    path(
        "api/v1/tokens/current/", _api(views.CurrentTokenView.as_view()), name="api_token_current"
    ),
]
