"""Routes of the operations' pages."""

from django.urls import path

from safehub.operations import naming_views, return_views, views

OPERATION = "operations/<int:operation_id>/"
SURVIVOR = OPERATION + "people/<uuid:person_id>/"

urlpatterns = [
    path("operations/", views.operation_list, name="operation_list"),
    path("operations/open/", views.operation_open, name="operation_open"),
    path(
        "people/<uuid:person_id>/operations/",
        naming_views.name_in_operation,
        name="name_in_operation",
    ),
    path(OPERATION, views.operation_detail, name="operation_detail"),
    path(OPERATION + "nominals/", views.operation_nominal_add, name="operation_nominal_add"),
    path(OPERATION + "decisions/", views.decision_record, name="decision_record"),
    path(OPERATION + "close/", views.operation_close, name="operation_close"),
    path(OPERATION + "team/", views.operation_member_add, name="operation_member_add"),
    path(OPERATION + "disruptions/", views.disruption_record, name="disruption_record"),
    path(OPERATION + "return/", return_views.operation_return, name="operation_return"),
    path(OPERATION + "return.csv", return_views.operation_return_csv, name="operation_return_csv"),
    path(SURVIVOR + "facts/", return_views.suspect_facts_set, name="suspect_facts_set"),
    path(SURVIVOR, views.survivor_engagement, name="survivor_engagement"),
    path(SURVIVOR + "status/", views.nominal_status_set, name="nominal_status_set"),
    path(SURVIVOR + "plan/", views.plan_write, name="plan_write"),
    path(SURVIVOR + "plan/check/", views.agency_check_record, name="agency_check_record"),
    path(SURVIVOR + "plan/approve/", views.plan_approve, name="plan_approve"),
    path(SURVIVOR + "contact/", views.contact_record, name="contact_record"),
    path(SURVIVOR + "sharing/", views.sharing_record, name="sharing_record"),
]
