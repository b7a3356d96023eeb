"""Routes of the missing pages."""

from django.urls import path

from safehub.missing import views

CHILD = "people/<uuid:person_id>/missing/"
EPISODE = "missing/episodes/<uuid:episode_id>/"

urlpatterns = [
    path("missing/", views.missing_overview, name="missing_overview"),
    path(CHILD, views.person_missing, name="person_missing"),
    path(CHILD + "profile/", views.profile_write, name="profile_write"),
    path(CHILD + "episodes/", views.episode_report, name="episode_report"),
    path(EPISODE + "return/", views.episode_return, name="episode_return"),
    path(EPISODE + "interview/", views.rhi_record, name="rhi_record"),
]
