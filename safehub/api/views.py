"""API views: thin — authenticate, call safehub.records.people (which applies the policy
and audits), serialise. Read-only, except for a user's own API tokens."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, NotFound, Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.policy import Viewer, viewer_for
from safehub.agencies.models import User
from safehub.api import services
from safehub.api.authentication import BearerTokenAuthentication, VerifiedSessionAuthentication
from safehub.api.models import ApiToken
from safehub.api.permissions import IsTokenHolder, IsVerifiedSession
from safehub.api.serializers import (
    ErrorSerializer,
    IssuedTokenSerializer,
    PersonProfileSerializer,
    PersonSearchSerializer,
    PersonSummarySerializer,
    TokenOptionsSerializer,
)
from safehub.openapi_pagination import OpenApi31Pagination
from safehub.records import people

NO_SUCH_PERSON = "No such person"  # as safehub.records.people says it: missing or forbidden

_ERRORS = {
    401: OpenApiResponse(
        ErrorSerializer, description="not signed in, second factor not passed, or a bad token"
    ),
    403: OpenApiResponse(ErrorSerializer, description="refused (CSRF, or not allowed here)"),
    503: OpenApiResponse(
        ErrorSerializer, description="the audit log cannot be written, so nothing is shown"
    ),
}


def _user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # the permission classes let no one else through
        raise NotAuthenticated
    return user


def _viewer(request: Request) -> Viewer:
    return viewer_for(_user(request))


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
            **_ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        viewer = _viewer(request)
        form = PersonSearchSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        persons = people.person_page(
            viewer, query=form.validated_data.get("q"), route="api_person_list"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(persons, request, view=self) or []
        summaries = people.person_summaries(viewer, list(page))
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
            **_ERRORS,
        },
    )
    def get(self, request: Request, person_id: str) -> Response:
        viewer = _viewer(request)
        try:
            pk = UUID(person_id)
        except ValueError:
            raise NotFound(NO_SUCH_PERSON) from None
        try:
            profile = people.person_profile(viewer, pk)
        except people.TooManyOutsideCase:
            raise Throttled(
                detail="You have opened unusually many people outside your "
                "cases today; the auditor has been told."
            ) from None
        return Response(PersonProfileSerializer(profile).data)


class TokenIssueView(APIView):
    """Issue an API token to a session past the second factor (never to a token)."""

    authentication_classes = [VerifiedSessionAuthentication]
    permission_classes = [IsVerifiedSession]

    @extend_schema(
        operation_id="tokens_create",
        request=TokenOptionsSerializer,
        responses={
            201: IssuedTokenSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="`hours` is not 1 to 24, or the body is not a JSON object",
            ),
            415: OpenApiResponse(ErrorSerializer, description="the body is not JSON"),
            **_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        form = TokenOptionsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        issued = services.api_token_issue(actor=_user(request), hours=form.validated_data["hours"])
        return Response(IssuedTokenSerializer(issued).data, status=status.HTTP_201_CREATED)


class CurrentTokenView(APIView):
    """Revoke the token this request is made with."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsTokenHolder]

    @extend_schema(
        operation_id="tokens_current_destroy",
        responses={204: OpenApiResponse(description="revoked"), **_ERRORS},
    )
    def delete(self, request: Request) -> Response:
        token = request.auth
        if not isinstance(token, ApiToken):  # IsTokenHolder lets no one else through
            raise NotAuthenticated
        services.api_token_revoke(actor=_user(request), token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
