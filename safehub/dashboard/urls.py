"""Routes of the dashboard pages."""

from django.urls import path

from safehub.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/export.csv", views.dashboard_export, name="dashboard_export"),
    path("dashboard/<slug:figure>/", views.dashboard_figure, name="dashboard_figure"),
]
