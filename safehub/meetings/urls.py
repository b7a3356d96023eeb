"""Routes of the meetings' pages."""

from django.urls import path

from safehub.meetings import views

MEETING = "meetings/<int:meeting_id>/"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/hold/", views.meeting_hold, name="meeting_hold"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(MEETING + "discussed/", views.discussed_record, name="discussed_record"),
    path(MEETING + "actions/", views.action_agree, name="action_agree"),
    path(
        MEETING + "actions/<int:action_id>/status/",
        views.action_status_set,
        name="action_status_set",
    ),
]
