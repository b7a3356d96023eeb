"""The caller's own API tokens: issued to a session past the second factor (never to a
token), revoked by the token itself. The only writes the API offers."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.api import services
from safehub.api.authentication import BearerTokenAuthentication, VerifiedSessionAuthentication
from safehub.api.base import ERRORS, ErrorSerializer, user_of
from safehub.api.models import ApiToken
from safehub.api.permissions import IsTokenHolder, IsVerifiedSession
from safehub.api.services import DEFAULT_HOURS, MAX_HOURS, IssuedToken


class TokenOptionsSerializer(serializers.Serializer[object]):
    """The only field a token request may set; any other field is ignored."""

    hours = serializers.IntegerField(
        min_value=1, max_value=MAX_HOURS, default=DEFAULT_HOURS, required=False
    )


class IssuedTokenSerializer(serializers.Serializer[IssuedToken]):
    token = serializers.CharField(source="secret", help_text="shown once: keep it safe")
    prefix = serializers.CharField(source="token.prefix")
    created_at = serializers.DateTimeField(source="token.created_at")
    expires_at = serializers.DateTimeField(source="token.expires_at")


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
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        form = TokenOptionsSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        issued = services.api_token_issue(
            actor=user_of(request), hours=form.validated_data["hours"]
        )
        return Response(IssuedTokenSerializer(issued).data, status=status.HTTP_201_CREATED)


class CurrentTokenView(APIView):
    """Revoke the token this request is made with."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [IsTokenHolder]

    @extend_schema(
        operation_id="tokens_current_destroy",
        responses={204: OpenApiResponse(description="revoked"), **ERRORS},
    )
    def delete(self, request: Request) -> Response:
        token = request.auth
        if not isinstance(token, ApiToken):  # IsTokenHolder lets no one else through
            raise NotAuthenticated
        services.api_token_revoke(actor=user_of(request), token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
