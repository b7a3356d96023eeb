"""The review queue's API (under /api/v1/): thin — authenticate (the REST_FRAMEWORK
defaults: a bearer token or a session past the second factor), call
safehub.linking.queries (which applies the policy and audits), serialise.

A pair is listed, shown and decided only for a reviewer who may see every compared field
of both its records: any other pair is a 404, as if it did not exist (a comparison level
would say something of a record the caller may not see; docs/security.md #30).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.policy import Viewer
from safehub.api.base import ERRORS, ErrorSerializer, viewer_of
from safehub.api.pagination import OpenApi31Pagination
from safehub.linking import decisions as link_decisions
from safehub.linking import queries
from safehub.linking.models import LinkDecision, ReviewPair, Verdict
from safehub.linking.queries import Bar, PairView, QueueEntry, Side

_ERRORS = {
    **ERRORS,
    404: OpenApiResponse(
        ErrorSerializer,
        description="missing, not the caller's to review (a record whose compared fields "
        "they may not see), or the caller reviews no links (the same answer; audited)",
    ),
}


class SideSerializer(serializers.Serializer[Side]):
    """One record of a pair, in full: a pair is listed and shown only to a reviewer who
    may see every compared field of both records."""

    agency = serializers.CharField(source="agency_code")
    agency_name = serializers.CharField()
    person_id = serializers.UUIDField(
        required=False, help_text="absent unless the caller may open the person"
    )
    record_id = serializers.CharField()
    family_name = serializers.CharField(allow_blank=True)
    given_names = serializers.CharField(allow_blank=True)
    other_names = serializers.ListField(child=serializers.CharField())
    date_of_birth = serializers.CharField(allow_blank=True)
    sex = serializers.CharField(allow_blank=True)
    identifiers = serializers.DictField(child=serializers.CharField())
    contact = serializers.DictField(child=serializers.CharField(allow_blank=True))

    def to_representation(self, instance: Side) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.person_id is None:
            data.pop("person_id", None)
        return data


class PairSerializer(serializers.Serializer[QueueEntry]):
    id = serializers.IntegerField(source="pair.pk")
    reason = serializers.CharField(source="pair.reason")
    match_weight = serializers.FloatField(source="pair.match_weight")
    match_probability = serializers.FloatField(source="pair.match_probability")
    left = SideSerializer()
    right = SideSerializer()
    cases = serializers.ListField(
        child=serializers.CharField(),
        help_text="references of the caller's own open cases whose people the pair touches "
        "(such pairs come first)",
    )


class BarSerializer(serializers.Serializer[Bar]):
    comparison = serializers.CharField()
    level = serializers.CharField()
    match_weight = serializers.FloatField()
    left_value = serializers.CharField(allow_blank=True)
    right_value = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer[LinkDecision]):
    id = serializers.IntegerField()
    verdict = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username")
    decided_at = serializers.DateTimeField()


class PairDetailSerializer(serializers.Serializer[PairView]):
    id = serializers.IntegerField(source="pair.pk")
    reason = serializers.CharField(source="pair.reason")
    state = serializers.CharField(source="pair.state")
    match_weight = serializers.FloatField(source="total_weight")
    match_probability = serializers.FloatField(source="probability")
    prior_weight = serializers.FloatField()
    together = serializers.BooleanField(help_text="the two records are one Person now")
    left = SideSerializer()
    right = SideSerializer()
    waterfall = BarSerializer(many=True, source="bars")
    decisions = DecisionSerializer(many=True)


class DecisionRequestSerializer(serializers.Serializer[object]):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    seen_decision = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="the id of the pair's latest decision when the caller looked (null: "
        "there was none). If another was made since, nothing is saved and the "
        "answer is 409 with that decision. Left out, the decision simply follows "
        "the latest.",
    )


class ConflictSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()
    latest = DecisionSerializer(allow_null=True)


class ReviewListView(APIView):
    """Open pairs for the caller to review (supervisors, analysts, linkage officers)."""

    pagination_class = OpenApi31Pagination

    @extend_schema(
        operation_id="link_reviews_list", responses={200: PairSerializer(many=True), **_ERRORS}
    )
    def get(self, request: Request) -> Response:
        viewer = viewer_of(request)
        queries.require_reviewer(viewer, route="api_link_review_list")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queries.review_queue(viewer), request, view=self) or []
        entries = queries.review_entries(viewer, list(page))
        return paginator.get_paginated_response([PairSerializer(e).data for e in entries])


PAIR_ID = OpenApiParameter("pair_id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _pair(viewer: Viewer, pair_id: str, route: str) -> ReviewPair:
    try:
        number = int(pair_id)
    except ValueError:
        raise NotFound("No such pair.") from None
    return queries.review_pair_for(viewer, number, route=route)


class ReviewDetailView(APIView):
    """One pair side by side, with the match-weight waterfall."""

    @extend_schema(
        operation_id="link_reviews_retrieve",
        parameters=[PAIR_ID],
        responses={200: PairDetailSerializer, **_ERRORS},
    )
    def get(self, request: Request, pair_id: str) -> Response:
        viewer = viewer_of(request)
        pair = _pair(viewer, pair_id, "api_link_review_detail")
        return Response(PairDetailSerializer(queries.review_pair_view(viewer, pair)).data)


class ReviewDecisionView(APIView):
    """Decide a pair: same, different or unsure (audited; the next link run applies it)."""

    @extend_schema(
        operation_id="link_reviews_decide",
        request=DecisionRequestSerializer,
        parameters=[PAIR_ID],
        responses={
            201: DecisionSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description="the fields at fault, each with its messages"
            ),
            409: OpenApiResponse(
                ConflictSerializer,
                description="decided by someone else since `seen_decision`, or "
                "`seen_decision` names no decision of this pair (then `latest` is null)",
            ),
            **_ERRORS,
        },
    )
    def post(self, request: Request, pair_id: str) -> Response:
        viewer = viewer_of(request)
        pair = _pair(viewer, pair_id, "api_link_review_decide")
        form = DecisionRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            decision = link_decisions.link_decision_record(
                actor=viewer.user,
                left=pair.left,
                right=pair.right,
                verdict=data["verdict"],
                note=data["note"],
                pair=pair,
                seen=data.get("seen_decision", link_decisions.UNSEEN),
            )
        except link_decisions.SeenUnknown as unknown:  # what the caller saw is not the pair
            return Response(
                {"detail": unknown.message_dict["seen_decision"][0], "latest": None},
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:  # the fields at fault, as a 400 documents them
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        except link_decisions.DecidedMeanwhile as meanwhile:
            return Response(
                {
                    "detail": "the pair was decided by someone else since "
                    "seen_decision; read it and decide again",
                    "latest": DecisionSerializer(meanwhile.latest).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
