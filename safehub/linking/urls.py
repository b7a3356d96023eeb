"""Routes of the linking pages (the review queue's API is in safehub.api.link_review)."""

from __future__ import annotations

from django.urls import path

from safehub.linking import views

urlpatterns = [
    path("links/", views.overview, name="link_overview"),
    path("links/status/", views.overview_status, name="link_overview_status"),
    path("links/runs/", views.run_start, name="link_run_start"),
    path("links/review/", views.review_queue, name="link_review_queue"),
    path("links/review/<int:pair_id>/", views.review_pair, name="link_review_pair"),
    path("links/review/<int:pair_id>/decide/", views.review_decide, name="link_review_decide"),
    path("links/duplicates/", views.possible_duplicates, name="link_possible_duplicates"),
    path(
        "links/duplicates.csv",
        views.possible_duplicates_csv,
        name="link_possible_duplicates_csv",
    ),
    path("links/people/<uuid:person_id>/joins/", views.person_joins, name="link_person_joins"),
    path(
        "links/people/<uuid:person_id>/joins/challenge/",
        views.join_challenge,
        name="link_join_challenge",
    ),
    path("links/trace/", views.trace_page, name="link_trace"),
    # <str:…>: an opaque token for one possible match held elsewhere (see trace.py).
    path("links/trace/ask/<str:token>/", views.trace_request, name="link_trace_request"),
]
