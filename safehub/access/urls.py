"""Routes of the sharing-agreement pages."""

from django.urls import path

from safehub.access import views

urlpatterns = [
    path("sharing-agreements/", views.agreements, name="sharing_agreements"),
    path("sharing-agreements/<int:agreement_id>/revoke/", views.agreement_revoke,
         name="sharing_agreement_revoke"),
]
