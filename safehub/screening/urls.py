"""Routes of the screening pages."""

from django.urls import path

from safehub.screening import views

urlpatterns = [
    path("triage/", views.triage_queue, name="triage_queue"),
    path("people/<uuid:person_id>/screening/", views.person_screening, name="person_screening"),
    path("people/<uuid:person_id>/screening/decide/", views.flag_decide, name="flag_decide"),
]
