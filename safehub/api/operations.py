"""Operations' API (under /api/v1/operations/): the caller's operations, one operation for
its team (team, figures, nominals by role, decision log, closure, orders and notices), its
nominals and their statuses, its decisions, and a survivor's pre-contact review and
engagement (its team, disruptions, return and consent to share: operation_extras.py). Thin —
authenticate, call safehub.operations' reads and services (which apply the policy and
the rule for actions, and audit), serialise.

An operation is its team's: to anyone else it is the JSON 404 of a missing one, and so is
an action the rule refuses. A request the service refuses is a 422 with its words.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.actions import Action, require
from safehub.access.models import CaseRole
from safehub.access.policy import Viewer
from safehub.api.base import viewer_of
from safehub.api.operation_serializers import (
    BAD_INPUT,
    ApproveSerializer,
    CheckedSerializer,
    CheckSerializer,
    ContactSerializer,
    DecisionRowSerializer,
    EngagementSerializer,
    NominalAddSerializer,
    NominalStatusSerializer,
    OpenedSerializer,
    OpenSerializer,
    OperationDecidedSerializer,
    OperationDecideSerializer,
    OperationRowSerializer,
    OperationSerializer,
    PlanSerializer,
    PlanWriteSerializer,
    StatusSetSerializer,
    SurvivorDecisionSerializer,
    not_found,
    number,
    refusal,
    refused,
    written,
)
from safehub.api.pagination import OpenApi31Pagination
from safehub.operations import decisions, engagement, pages, services
from safehub.operations import survivor_page as survivor
from safehub.operations.forms import OperationOpenForm
from safehub.operations.models import Decision, Operation
from safehub.records.queries.visible import require_data_role

OPERATION_ID = OpenApiParameter("operation_id", OpenApiTypes.INT, OpenApiParameter.PATH)
PERSON_ID = OpenApiParameter("person_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
_ERRORS = not_found("operation")
_NOMINAL_ERRORS = not_found("operation, or no such nominal of it")
WRITE = {**BAD_INPUT, **_ERRORS}


def person_of(person_id: str) -> UUID:
    try:
        return UUID(person_id)
    except ValueError:
        raise NotFound("Not found") from None


def member_of(request: Request, operation_id: str, route: str) -> tuple[Viewer, Operation]:
    """The caller and the operation, if they are in its team (else the audited 404)."""
    viewer = viewer_of(request)
    return viewer, pages.operation_of_member(viewer, number(operation_id), route=route)


def form_of(serializer: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
    form = serializer(data=request.data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


# ---------------------------------------------------------------- the list


class OperationListView(APIView):
    """The operations whose team the caller is in, open ones first, with their figures;
    and opening one (supervisors and hub managers)."""

    pagination_class = OpenApi31Pagination

    @extend_schema(
        operation_id="operations_list",
        responses={
            200: OperationRowSerializer(many=True),
            **refusal("the caller may not see personal data"),
        },
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require_data_role(viewer, route="api_operation_list")
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(pages.operation_rows(viewer), request, view=self)
        return paginator.get_paginated_response(
            [OperationRowSerializer(r).data for r in rows or []]
        )

    @extend_schema(
        operation_id="operations_open",
        request=OpenSerializer,
        responses={
            201: OpenedSerializer,
            **BAD_INPUT,
            **refusal("the caller may not open an operation, or no senior officer they may name"),
        },
    )
    def post(self, request: Request) -> Response:
        viewer = viewer_of(request)
        require_data_role(viewer, route="api_operation_open")
        # Asked first: a caller who may not open one learns nothing of the request.
        require(viewer, Action.CASE_OPEN, route="api_operation_open")
        # Whom the caller may name senior officer: as the page's form offers them.
        officers = OperationOpenForm(agency_id=viewer.agency_id).fields["senior_officer"]
        form = OpenSerializer(data=request.data, officers=officers.queryset)  # type: ignore[attr-defined]
        form.is_valid(raise_exception=True)
        return written(
            lambda: services.operation_open(actor=viewer.user, **form.validated_data),
            OpenedSerializer,
        )


# ---------------------------------------------------------------- one operation


class OperationDetailView(APIView):
    """An operation, for its team: team, figures, nominals by role, decisions, closure."""

    @extend_schema(
        operation_id="operations_retrieve",
        parameters=[OPERATION_ID],
        responses={200: OperationSerializer, **_ERRORS},
    )
    def get(self, request: Request, operation_id: str) -> Response:
        page = pages.operation_page(viewer_of(request), number(operation_id))
        return Response(OperationSerializer(page).data)


class NominalAddView(APIView):
    """Name a person in the operation as a survivor, suspect or witness (its supervisors
    and hub managers; a person their agency holds or they may open)."""

    @extend_schema(
        operation_id="operations_nominals_add",
        request=NominalAddSerializer,
        parameters=[OPERATION_ID],
        responses={201: NominalStatusSerializer, **WRITE},
    )
    def post(self, request: Request, operation_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_nominal_add")
        data = form_of(NominalAddSerializer, request)
        return written(
            lambda: services.nominal_add(
                actor=viewer.user,
                operation=operation,
                person=pages.nominal_target(viewer, data["person"]),
                role=CaseRole(data["role"]),
                on=data["on"],
            ),
            NominalStatusSerializer,
        )


class NominalStatusView(APIView):
    """Record where a nominal is now, as their lifecycle allows (the team's members)."""

    @extend_schema(
        operation_id="operations_nominals_status",
        request=StatusSetSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={201: NominalStatusSerializer, **BAD_INPUT, **_NOMINAL_ERRORS},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_nominal_status_set")
        data = form_of(StatusSetSerializer, request)
        return written(
            lambda: services.nominal_status_set(
                actor=viewer.user, operation=operation, person_id=person_of(person_id), **data
            ),
            NominalStatusSerializer,
        )


class DecisionsView(APIView):
    """The operation's decision log; and a decision for it (its supervisors and hub
    managers) — a closure closes the operation."""

    @extend_schema(
        operation_id="operations_decisions_list",
        parameters=[OPERATION_ID],
        responses={200: DecisionRowSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request, operation_id: str) -> Response:
        page = pages.operation_page(viewer_of(request), number(operation_id))
        return Response([DecisionRowSerializer(d).data for d in page.decisions])

    @extend_schema(
        operation_id="operations_decisions_record",
        request=OperationDecideSerializer,
        parameters=[OPERATION_ID],
        responses={201: OperationDecidedSerializer, **WRITE},
    )
    def post(self, request: Request, operation_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_operation_decisions")
        data = form_of(OperationDecideSerializer, request)
        try:
            if data["kind"] == Decision.Kind.CLOSURE:
                entry = decisions.operation_close(
                    actor=viewer.user, operation=operation, rationale=data["rationale"]
                )
            else:
                entry = decisions.decision_record(
                    actor=viewer.user,
                    operation=operation,
                    kind=data["kind"],
                    rationale=data["rationale"],
                )
        except ValidationError as error:
            return refused(error)
        return Response(OperationDecidedSerializer(entry).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- a survivor's engagement


class EngagementView(APIView):
    """A survivor's pre-contact review (each agency's check, the agencies still awaited,
    the plan and its approval, what she said about sharing with each agency) and her own
    decisions, for the operation's team. What each agency knows of her, which her page
    shows, is not in the API."""

    @extend_schema(
        operation_id="operations_engagement_retrieve",
        parameters=[OPERATION_ID, PERSON_ID],
        responses={200: EngagementSerializer, **not_found("operation, or no survivor of it")},
    )
    def get(self, request: Request, operation_id: str, person_id: str) -> Response:
        page = survivor.survivor_page(
            viewer_of(request), number(operation_id), person_of(person_id)
        )
        return Response(EngagementSerializer(page).data)


ENGAGEMENT_WRITE = {**BAD_INPUT, **_NOMINAL_ERRORS}


class PlanWriteView(APIView):
    """A new contact plan for a survivor under pre-contact review (it replaces any
    earlier one, approved or not: a changed plan is approved afresh)."""

    @extend_schema(
        operation_id="operations_engagement_plan",
        request=PlanWriteSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={201: PlanSerializer, **ENGAGEMENT_WRITE},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_plan_write")
        data = form_of(PlanWriteSerializer, request)
        return written(
            lambda: engagement.plan_write(
                actor=viewer.user, operation=operation, person_id=person_of(person_id), **data
            ),
            PlanSerializer,
        )


class AgencyCheckView(APIView):
    """The caller's agency's check of the plan they read (it must still be the newest)."""

    @extend_schema(
        operation_id="operations_engagement_check",
        request=CheckSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={201: CheckedSerializer, **ENGAGEMENT_WRITE},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_agency_check_record")
        data = form_of(CheckSerializer, request)
        return written(
            lambda: engagement.agency_check_record(
                actor=viewer.user,
                plan=survivor.plan_of(operation, person_of(person_id), data["plan"]),
                finding=data["finding"],
            ),
            CheckedSerializer,
        )


class PlanApproveView(APIView):
    """Approve the plan the caller read: a supervisor or hub manager of the team who did
    not write it."""

    @extend_schema(
        operation_id="operations_engagement_approve",
        request=ApproveSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={200: PlanSerializer, **ENGAGEMENT_WRITE},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_plan_approve")
        data = form_of(ApproveSerializer, request)
        return written(
            lambda: engagement.plan_approve(
                actor=viewer.user,
                plan=survivor.plan_of(operation, person_of(person_id), data["plan"]),
            ),
            PlanSerializer,
            created=False,
        )


class ContactView(APIView):
    """A contact with the survivor and what she decided (the first needs the approved
    plan); a date to come back only when she agreed to one."""

    @extend_schema(
        operation_id="operations_engagement_contact",
        request=ContactSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={201: SurvivorDecisionSerializer, **ENGAGEMENT_WRITE},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_contact_record")
        data = form_of(ContactSerializer, request)
        return written(
            lambda: engagement.contact_record(
                actor=viewer.user, operation=operation, person_id=person_of(person_id), **data
            ),
            SurvivorDecisionSerializer,
        )
