"""URL configuration."""

from django.urls import include, path

urlpatterns = [
    path("", include("safehub.web.urls")),
    path("", include("safehub.ingest.urls")),
]
