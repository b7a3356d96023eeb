"""Routes of the API (v1), every app's, and its OpenAPI schema."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from safehub.api import flags, link_review, network, persons, tokens
from safehub.api.authentication import BearerTokenAuthentication, VerifiedSessionAuthentication
from safehub.api.base import api_route
from safehub.api.permissions import IsVerifiedUser

schema_view = SpectacularAPIView.as_view(
    authentication_classes=[BearerTokenAuthentication, VerifiedSessionAuthentication],
    permission_classes=[IsVerifiedUser],
)

urlpatterns = [
    path("api/schema/", api_route(schema_view), name="api_schema"),
    path("api/v1/persons/", api_route(persons.PersonListView.as_view()), name="api_person_list"),
    # <str:…>: any id reaches the API view, which answers 401 or a JSON 404 itself.
    path(
        "api/v1/persons/<str:person_id>/",
        api_route(persons.PersonDetailView.as_view()),
        name="api_person_detail",
    ),
    path("api/v1/tokens/", api_route(tokens.TokenIssueView.as_view()), name="api_token_issue"),
    path(
        "api/v1/tokens/current/",
        api_route(tokens.CurrentTokenView.as_view()),
        name="api_token_current",
    ),
    path(
        "api/v1/link-reviews/",
        api_route(link_review.ReviewListView.as_view()),
        name="api_link_review_list",
    ),
    path(
        "api/v1/link-reviews/<str:pair_id>/",
        api_route(link_review.ReviewDetailView.as_view()),
        name="api_link_review_detail",
    ),
    path(
        "api/v1/link-reviews/<str:pair_id>/decision/",
        api_route(link_review.ReviewDecisionView.as_view()),
        name="api_link_review_decide",
    ),
    path("api/v1/flags/", api_route(flags.FlagListView.as_view()), name="api_flag_list"),
    path(
        "api/v1/flags/<str:person_id>/",
        api_route(flags.FlagDetailView.as_view()),
        name="api_flag_detail",
    ),
    path(
        "api/v1/flags/<str:person_id>/decisions/",
        api_route(flags.FlagDecisionView.as_view()),
        name="api_flag_decide",
    ),
    path("api/v1/network/chart/", api_route(network.ChartView.as_view()), name="api_network_chart"),
    path(
        "api/v1/persons/<str:person_id>/network/",
        api_route(network.PersonChartView.as_view()),
        name="api_person_network",
    ),
]
