"""The persons API (read-only): the people the caller may open, and one person's profile,
from safehub.records (which applies the policy and audits)."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.api.base import ERRORS, ErrorSerializer, viewer_of
from safehub.api.pagination import OpenApi31Pagination
from safehub.api.person_serializers import (
    PersonProfileSerializer,
    PersonSearchSerializer,
    PersonSummarySerializer,
)
from safehub.records.queries.opening import TooManyOutsideCase
from safehub.records.queries.people_list import person_page, person_summaries
from safehub.records.queries.profile import person_profile

NO_SUCH_PERSON = "No such person"  # as records.queries.visible says it: missing or forbidden


class PersonListView(APIView):
    """The persons the viewer may open (the same rule as the profile), sorted by name;
    with `q`, those matching a search by name and date of birth."""

    pagination_class = OpenApi31Pagination  # read by drf-spectacular too

    @extend_schema(
        operation_id="persons_list",
        parameters=[PersonSearchSerializer],
        responses={
            200: PersonSummarySerializer(many=True),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="`q` is too long or names a "
                "date that does not exist: "
                "the fields at fault, each "
                "with its messages",
            ),
            404: OpenApiResponse(ErrorSerializer, description="no such page"),
            **ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        form = PersonSearchSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        persons = person_page(viewer, query=form.validated_data.get("q"), route="api_person_list")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(persons, request, view=self) or []
        summaries = person_summaries(viewer, list(page))
        return paginator.get_paginated_response(
            [PersonSummarySerializer(summary).data for summary in summaries]
        )


class PersonDetailView(APIView):
    """One person's profile, as the viewer may see it."""

    @extend_schema(
        operation_id="persons_retrieve",
        parameters=[OpenApiParameter("person_id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses={
            200: PersonProfileSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description="missing or not the viewer's to see "
                "(the same answer; refusals are audited)",
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request, person_id: str) -> Response:
        viewer = viewer_of(request)
        try:
            pk = UUID(person_id)
        except ValueError:
            raise NotFound(NO_SUCH_PERSON) from None
        try:
            profile = person_profile(viewer, pk)
        except TooManyOutsideCase:
            raise Throttled(
                detail="You have opened unusually many people outside your "
                "cases today; the auditor has been told."
            ) from None
        return Response(PersonProfileSerializer(profile).data)
