"""Routes of the auditor's pages."""

from django.urls import path

from safehub.audit import views

urlpatterns = [
    path("audit/", views.audit_home, name="audit_home"),
    path("audit/people/<str:person_id>/", views.audit_person, name="audit_person"),
    path("audit/users/<str:username>/", views.audit_user, name="audit_user"),
]
