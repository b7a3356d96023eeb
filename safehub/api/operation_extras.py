"""What the operations' API (operations.py) does beside: adding a colleague to the team,
an order or notice against a suspect, the operation's return and a suspect's facts for
it, and a survivor's consent to share with each agency. Thin, as there — the caller in
the team or the audited 404 of a missing operation, the services' and reads' own checks
and audit, a refusal of the request as a 422 with the service's words.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safehub.access.actions import Action, can, require
from safehub.access.models import SharingBasis
from safehub.agencies.hubs import hub_of
from safehub.agencies.models import Agency, User
from safehub.api.base import viewer_of
from safehub.api.operation_serializers import (
    FiguresSerializer,
    not_found,
    number,
    offered,
    refused,
    written,
)
from safehub.api.operations import (
    ENGAGEMENT_WRITE,
    OPERATION_ID,
    PERSON_ID,
    WRITE,
    form_of,
    member_of,
    person_of,
)
from safehub.operations import disruptions, engagement, returns, services
from safehub.operations.forms import REASON_LONGEST, MemberAddForm
from safehub.operations.models import Disruption, SuspectFacts

# ---------------------------------------------------------------- the team


class MemberAddSerializer(serializers.Serializer[object]):
    user = serializers.IntegerField(
        help_text="a user's id: an active user of an agency in the operation's hub, not yet "
        "in its team (any other: 404)"
    )

    def __init__(self, *args: Any, users: QuerySet[User] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.users = users

    def validate_user(self, pk: int) -> User:
        return offered(self.users, pk, "user")


class MemberAddedSerializer(serializers.Serializer[User]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    agency = serializers.CharField(source="agency.name", allow_blank=True, default="")


class TeamView(APIView):
    """Add a colleague of the hub to the open operation's team (its supervisors and hub
    managers): whom the operation's page offers, by id."""

    @extend_schema(
        operation_id="operations_team_add",
        request=MemberAddSerializer,
        parameters=[OPERATION_ID],
        responses={201: MemberAddedSerializer, **WRITE},
    )
    def post(self, request: Request, operation_id: str) -> Response:
        route = "api_operation_member_add"
        viewer, operation = member_of(request, operation_id, route)
        # Asked first: a member who may not add anyone learns nothing of who may join.
        require(viewer, Action.CASE_EDIT, operation.case, route=route)
        offer = MemberAddForm(operation=operation, hub_id=hub_of(viewer.user)).fields["user"]
        form = MemberAddSerializer(data=request.data, users=offer.queryset)  # type: ignore[attr-defined]
        form.is_valid(raise_exception=True)
        user = form.validated_data["user"]
        try:
            services.member_add(actor=viewer.user, operation=operation, user=user)
        except ValidationError as error:
            return refused(error)
        return Response(MemberAddedSerializer(user).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- orders and notices


class DisruptionWriteSerializer(serializers.Serializer[object]):
    person_id = serializers.UUIDField(help_text="a suspect of the operation")
    kind = serializers.ChoiceField(choices=Disruption.Kind.choices)
    served_on = serializers.DateField(help_text="served or made on")
    ends_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="if it ends"
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_LONGEST
    )


class DisruptionSerializer(serializers.Serializer[Disruption]):
    id = serializers.IntegerField()
    person_id = serializers.UUIDField()
    kind = serializers.CharField()
    kind_words = serializers.CharField(source="get_kind_display")
    served_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    recorded_by = serializers.CharField(source="recorded_by.display_name")


class DisruptionView(APIView):
    """An order or notice served on a suspect of the open operation (its team's members
    who see personal data); the operation's JSON lists them."""

    @extend_schema(
        operation_id="operations_disruptions_record",
        request=DisruptionWriteSerializer,
        parameters=[OPERATION_ID],
        responses={201: DisruptionSerializer, **WRITE},
    )
    def post(self, request: Request, operation_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_disruption_record")
        data = form_of(DisruptionWriteSerializer, request)
        return written(
            lambda: disruptions.disruption_record(actor=viewer.user, operation=operation, **data),
            DisruptionSerializer,
        )


# ---------------------------------------------------------------- the return


class SuspectLineSerializer(serializers.Serializer[returns.SuspectLine]):
    number = serializers.IntegerField(help_text="1, 2, 3, … within the return")
    person_id = serializers.UUIDField(help_text="for recording their facts; never in the file")
    name = serializers.CharField(help_text="as the caller may see them, or withheld")
    sex = serializers.CharField(help_text="Male, Female, Other or Not known")
    deceased = serializers.BooleanField()
    public_prominence = serializers.BooleanField()
    outcome = serializers.CharField(allow_blank=True, help_text="where they are now, in words")


class ReturnSerializer(serializers.Serializer[returns.Return]):
    """The operation's return: its figures and its suspects by number, as its page
    shows them (the CSV file, without names, is the page's)."""

    operation_id = serializers.IntegerField(source="operation.pk")
    name = serializers.CharField(source="operation.name")
    figures = FiguresSerializer()
    institution = serializers.CharField(allow_blank=True, help_text="in words, if any")
    live = serializers.BooleanField(help_text="the operation is open")
    suspects = SuspectLineSerializer(many=True)
    may_set_facts = serializers.SerializerMethodField(
        help_text="the caller may record suspects' facts (the operation is open)"
    )

    def get_may_set_facts(self, instance: returns.Return) -> bool:
        case = instance.operation.case
        return instance.live and can(self.context["viewer"], Action.NOMINAL_STATUS_SET, case)


class ReturnView(APIView):
    """The operation's return, for its team (audited as its page is)."""

    @extend_schema(
        operation_id="operations_return_retrieve",
        parameters=[OPERATION_ID],
        responses={200: ReturnSerializer, **not_found("operation")},
    )
    def get(self, request: Request, operation_id: str) -> Response:
        viewer = viewer_of(request)
        made = returns.operation_return(viewer, number(operation_id), route="api_operation_return")
        return Response(ReturnSerializer(made, context={"viewer": viewer}).data)


class FactsWriteSerializer(serializers.Serializer[object]):
    deceased = serializers.BooleanField(help_text="has died")
    public_prominence = serializers.BooleanField(help_text="is publicly prominent")


class FactsSerializer(serializers.Serializer[SuspectFacts]):
    person_id = serializers.UUIDField()
    deceased = serializers.BooleanField()
    public_prominence = serializers.BooleanField()
    recorded_by = serializers.CharField(source="recorded_by.display_name")
    recorded_at = serializers.DateTimeField()


class SuspectFactsView(APIView):
    """Whether a suspect of the operation has died or is publicly prominent, for the
    return (its team's members who see personal data; both facts, each time)."""

    @extend_schema(
        operation_id="operations_nominals_facts",
        request=FactsWriteSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={200: FactsSerializer, **ENGAGEMENT_WRITE},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_suspect_facts_set")
        data = form_of(FactsWriteSerializer, request)
        return written(
            lambda: returns.suspect_facts_set(
                actor=viewer.user, operation=operation, person_id=person_of(person_id), **data
            ),
            FactsSerializer,
            created=False,
        )


# ---------------------------------------------------------------- consent to share


class SharingWriteSerializer(serializers.Serializer[object]):
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), help_text="the id of the agency whose sharing it is"
    )
    basis = serializers.ChoiceField(
        choices=SharingBasis.Basis.choices,
        help_text="what she said, or the safeguarding exception",
    )
    lawful_basis = serializers.ChoiceField(
        choices=SharingBasis.LawfulBasis.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="only when sharing without her consent",
    )
    reason = serializers.CharField(
        max_length=REASON_LONGEST,
        help_text="how she gave or refused consent, or why sharing without it is necessary",
    )


class SharedSerializer(serializers.Serializer[SharingBasis]):
    agency = serializers.CharField(source="provider.name")
    basis = serializers.CharField()
    basis_words = serializers.CharField(source="get_basis_display")
    lawful_basis = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.display_name")
    at = serializers.DateTimeField(source="recorded_at")


class SharingView(APIView):
    """What a survivor of the operation said about sharing with one agency — consent, or
    its refusal or withdrawal — or the safeguarding exception and its lawful basis (a
    supervisor of the team). The newest entry for an agency is the one that holds."""

    @extend_schema(
        operation_id="operations_engagement_sharing",
        request=SharingWriteSerializer,
        parameters=[OPERATION_ID, PERSON_ID],
        responses={201: SharedSerializer, **ENGAGEMENT_WRITE},
    )
    def post(self, request: Request, operation_id: str, person_id: str) -> Response:
        viewer, operation = member_of(request, operation_id, "api_sharing_record")
        data = form_of(SharingWriteSerializer, request)
        return written(
            lambda: engagement.sharing_record(
                actor=viewer.user, operation=operation, person_id=person_of(person_id), **data
            ),
            SharedSerializer,
        )
