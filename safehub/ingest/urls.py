"""Routes of the import pages: an agency's extracts, uploads and import jobs."""

from django.urls import path

from safehub.ingest import views

urlpatterns = [
    path("agencies/<slug:code>/extracts/", views.agency_extracts, name="agency_extracts"),
    path("imports/<uuid:job_id>/", views.import_job_detail, name="import_job"),
    path("imports/<uuid:job_id>/status/", views.import_job_status, name="import_job_status"),
]
