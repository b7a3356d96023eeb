"""Routes of the quick concern pages."""

from django.urls import path

from safehub.concerns import views

urlpatterns = [
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/new/vehicles/", views.vehicle_suggestions, name="concern_vehicle_suggestions"),
    path("concerns/<str:reference>/", views.concern_detail, name="concern_detail"),
]
