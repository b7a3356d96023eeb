"""Routes of the sharing-agreement, accounts and case pages."""

from django.urls import path

from safehub.access import views

urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/notes/", views.case_note_add, name="case_note_add"),
    path("sharing-agreements/", views.agreements_page, name="sharing_agreements"),
    path(
        "sharing-agreements/<int:agreement_id>/accept/",
        views.agreement_step,
        {"step": "accept"},
        name="sharing_agreement_accept",
    ),
    path(
        "sharing-agreements/<int:agreement_id>/decline/",
        views.agreement_step,
        {"step": "decline"},
        name="sharing_agreement_decline",
    ),
    path(
        "sharing-agreements/<int:agreement_id>/revoke/",
        views.agreement_step,
        {"step": "revoke"},
        name="sharing_agreement_revoke",
    ),
    path(
        "sharing-agreements/<int:agreement_id>/confirm/",
        views.agreement_step,
        {"step": "confirm"},
        name="sharing_agreement_confirm",
    ),
    path("accounts/", views.accounts_page, name="accounts"),
    path(
        "accounts/<int:user_id>/set-up-code/", views.account_set_up_code, name="account_set_up_code"
    ),
    path(
        "accounts/<int:user_id>/lost-phone/",
        views.account_second_factor_reset,
        name="account_second_factor_reset",
    ),
    path("accounts/<int:user_id>/disable/", views.account_disable, name="account_disable"),
]
