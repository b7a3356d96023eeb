"""Routes of the API (v1), every app's, and its OpenAPI schema."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from safehub.api import (
    concerns,
    dashboard,
    flags,
    link_review,
    meetings,
    missing,
    network,
    operation_extras,
    operations,
    persons,
    tokens,
)
from safehub.api.authentication import BearerTokenAuthentication, VerifiedSessionAuthentication
from safehub.api.base import api_route
from safehub.api.permissions import IsVerifiedUser

OPERATION = "api/v1/operations/<str:operation_id>/"
NOMINAL = OPERATION + "nominals/<str:person_id>/"
MEETING = "api/v1/meetings/<str:meeting_id>/"

schema_view = SpectacularAPIView.as_view(
    authentication_classes=[BearerTokenAuthentication, VerifiedSessionAuthentication],
    permission_classes=[IsVerifiedUser],
)

urlpatterns = [
    path("api/schema/", api_route(schema_view), name="api_schema"),
    path("api/v1/persons/", api_route(persons.PersonListView.as_view()), name="api_person_list"),
    # <str:…>: any id reaches the API view, which answers 401 or a JSON 404 itself.
    path(
        "api/v1/persons/<str:person_id>/",
        api_route(persons.PersonDetailView.as_view()),
        name="api_person_detail",
    ),
    path("api/v1/tokens/", api_route(tokens.TokenIssueView.as_view()), name="api_token_issue"),
    path(
        "api/v1/tokens/current/",
        api_route(tokens.CurrentTokenView.as_view()),
        name="api_token_current",
    ),
    path(
        "api/v1/link-reviews/",
        api_route(link_review.ReviewListView.as_view()),
        name="api_link_review_list",
    ),
    path(
        "api/v1/link-reviews/<str:pair_id>/",
        api_route(link_review.ReviewDetailView.as_view()),
        name="api_link_review_detail",
    ),
    path(
        "api/v1/link-reviews/<str:pair_id>/decision/",
        api_route(link_review.ReviewDecisionView.as_view()),
        name="api_link_review_decide",
    ),
    path(
        "api/v1/concerns/", api_route(concerns.ConcernListView.as_view()), name="api_concern_list"
    ),
    path(
        "api/v1/concerns/<str:reference>/",
        api_route(concerns.ConcernDetailView.as_view()),
        name="api_concern_detail",
    ),
    path("api/v1/flags/", api_route(flags.FlagListView.as_view()), name="api_flag_list"),
    path(
        "api/v1/flags/<str:person_id>/",
        api_route(flags.FlagDetailView.as_view()),
        name="api_flag_detail",
    ),
    path(
        "api/v1/flags/<str:person_id>/decisions/",
        api_route(flags.FlagDecisionView.as_view()),
        name="api_flag_decide",
    ),
    path("api/v1/network/chart/", api_route(network.ChartView.as_view()), name="api_network_chart"),
    path(
        "api/v1/persons/<str:person_id>/network/",
        api_route(network.PersonChartView.as_view()),
        name="api_person_network",
    ),
    # Operations (issue 13): <str:…> as above.
    path(
        "api/v1/operations/",
        api_route(operations.OperationListView.as_view()),
        name="api_operation_list",
    ),
    path(
        OPERATION, api_route(operations.OperationDetailView.as_view()), name="api_operation_detail"
    ),
    path(
        OPERATION + "nominals/",
        api_route(operations.NominalAddView.as_view()),
        name="api_nominal_add",
    ),
    path(
        NOMINAL + "status/",
        api_route(operations.NominalStatusView.as_view()),
        name="api_nominal_status_set",
    ),
    path(
        OPERATION + "decisions/",
        api_route(operations.DecisionsView.as_view()),
        name="api_operation_decisions",
    ),
    path(
        NOMINAL + "engagement/",
        api_route(operations.EngagementView.as_view()),
        name="api_survivor_engagement",
    ),
    path(
        NOMINAL + "engagement/plan/",
        api_route(operations.PlanWriteView.as_view()),
        name="api_plan_write",
    ),
    path(
        NOMINAL + "engagement/checks/",
        api_route(operations.AgencyCheckView.as_view()),
        name="api_agency_check_record",
    ),
    path(
        NOMINAL + "engagement/approval/",
        api_route(operations.PlanApproveView.as_view()),
        name="api_plan_approve",
    ),
    path(
        NOMINAL + "engagement/contacts/",
        api_route(operations.ContactView.as_view()),
        name="api_contact_record",
    ),
    # What the operations' pages gained: the team, disruptions, the return, consent.
    path(
        OPERATION + "team/",
        api_route(operation_extras.TeamView.as_view()),
        name="api_operation_member_add",
    ),
    path(
        OPERATION + "disruptions/",
        api_route(operation_extras.DisruptionView.as_view()),
        name="api_disruption_record",
    ),
    path(
        OPERATION + "return/",
        api_route(operation_extras.ReturnView.as_view()),
        name="api_operation_return",
    ),
    path(
        NOMINAL + "facts/",
        api_route(operation_extras.SuspectFactsView.as_view()),
        name="api_suspect_facts_set",
    ),
    path(
        NOMINAL + "engagement/sharing/",
        api_route(operation_extras.SharingView.as_view()),
        name="api_sharing_record",
    ),
    # Meetings and their actions (issue 13).
    path(
        "api/v1/meetings/", api_route(meetings.MeetingListView.as_view()), name="api_meeting_list"
    ),
    path(MEETING, api_route(meetings.MeetingDetailView.as_view()), name="api_meeting_detail"),
    path(
        MEETING + "discussed/",
        api_route(meetings.DiscussedView.as_view()),
        name="api_discussed_record",
    ),
    path(
        MEETING + "actions/", api_route(meetings.ActionAgreeView.as_view()), name="api_action_agree"
    ),
    path(
        "api/v1/actions/<str:action_id>/status/",
        api_route(meetings.ActionStatusView.as_view()),
        name="api_action_status_set",
    ),
    # Missing children (issue 14): <str:…> as above.
    path("api/v1/missing/", api_route(missing.OverviewView.as_view()), name="api_missing_overview"),
    path(
        "api/v1/persons/<str:person_id>/missing/profile/",
        api_route(missing.ProfileView.as_view()),
        name="api_missing_profile",
    ),
    path(
        "api/v1/persons/<str:person_id>/missing/episodes/",
        api_route(missing.EpisodesView.as_view()),
        name="api_missing_episodes",
    ),
    path(
        "api/v1/missing/episodes/<str:episode_id>/return/",
        api_route(missing.ReturnView.as_view()),
        name="api_episode_return",
    ),
    path(
        "api/v1/missing/episodes/<str:episode_id>/interview/",
        api_route(missing.InterviewView.as_view()),
        name="api_rhi_record",
    ),
    # The partnership dashboard (issue 14): every figure, small numbers suppressed.
    path("api/v1/dashboard/", api_route(dashboard.DashboardView.as_view()), name="api_dashboard"),
]
