"""Routes of the network pages."""

from django.urls import path

from safehub.network import views

urlpatterns = [
    path("network/", views.network_overview, name="network_overview"),
    path("network/build/", views.network_build_start, name="network_build_start"),
    path("network/chart/", views.network_chart, name="network_chart"),
    path(
        "people/<uuid:person_id>/network/", views.network_person_chart, name="network_person_chart"
    ),
    path("network/path/", views.network_path, name="network_path"),
    path("network/chart/export/", views.network_chart_export, name="network_chart_export"),
]
