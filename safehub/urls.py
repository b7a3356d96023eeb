"""URL configuration."""

from django.urls import include, path

urlpatterns = [
    path("", include("safehub.web.urls")),
    path("", include("safehub.records.urls")),
    path("", include("safehub.audit.urls")),
    path("", include("safehub.access.urls")),
    path("", include("safehub.ingest.urls")),
    path("", include("safehub.linking.urls")),
    path("", include("safehub.screening.urls")),
    path("", include("safehub.network.urls")),
    path("", include("safehub.operations.urls")),
    path("", include("safehub.meetings.urls")),
    path("", include("safehub.concerns.urls")),
    path("", include("safehub.missing.urls")),
    path("", include("safehub.dashboard.urls")),
    path("", include("safehub.api.urls")),
]
