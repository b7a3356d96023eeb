"""Routes of the people pages."""

from django.urls import path

from safehub.records import views

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<uuid:person_id>/", views.person_profile, name="person_profile"),
    path("people/<uuid:person_id>/chronology/", views.person_chronology, name="person_chronology"),
    path(
        "people/<uuid:person_id>/chronology.csv",
        views.person_chronology_csv,
        name="person_chronology_csv",
    ),
    path(
        "people/<uuid:person_id>/request-access/<slug:agency>/",
        views.access_request_new,
        name="access_request_new",
    ),
    path("people/<uuid:person_id>/break-glass/", views.break_glass_new, name="break_glass_new"),
    path("access-requests/", views.access_request_queue, name="access_request_queue"),
    path(
        "access-requests/<int:request_id>/decide/",
        views.access_request_decide,
        name="access_request_decide",
    ),
]
