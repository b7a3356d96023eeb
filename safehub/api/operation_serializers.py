"""What the operations' and meetings' API (operations.py, meetings.py) reads and answers:
the pages' reads (safehub.operations.pages, survivor_page; safehub.meetings.pages)
serialised as they are, the requests' fields as the web forms ask them, and what both
modules share — an id in the path, a service's refusal of what was asked."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from safehub.access.models import CaseRole
from safehub.agencies.models import User
from safehub.api.base import ERRORS, ErrorSerializer
from safehub.operations import lifecycles, pages
from safehub.operations import survivor_page as survivor
from safehub.operations.engagement import SUPPORT
from safehub.operations.forms import REASON_LONGEST
from safehub.operations.models import (
    ContactPlan,
    Decision,
    NominalStatus,
    Operation,
    SurvivorDecision,
)

# ---------------------------------------------------------------- shared


def not_found(thing: str) -> dict[int, OpenApiResponse]:
    return refusal(f"no such {thing}, or not the caller's")


def refusal(words: str) -> dict[int, OpenApiResponse]:
    """The errors of an operation whose 404 is `words` (the same answer for each)."""
    described = f"{words} (the same answer; refusals are audited)"
    return {**ERRORS, 404: OpenApiResponse(ErrorSerializer, description=described)}


BAD_INPUT = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT, description="the fields at fault, each with its messages"
    ),
    422: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="refused by the service, with its reasons: each field at fault, or "
        "`non_field_errors`",
    ),
}


def number(value: str) -> int:
    """An id in the path: digits only (anything else is the 404 of a missing thing)."""
    if re.fullmatch(r"-?[0-9]{1,18}", value) is None:
        raise NotFound("Not found")
    return int(value)


def offered(users: QuerySet[User] | None, pk: int, field: str) -> User:
    """A user the page's form would offer for `field`; any other id is as a missing
    user (a 404: the caller learns nothing of accounts they may not choose)."""
    user = None if users is None else users.filter(pk=pk).first()
    if user is None:
        raise NotFound(f"Not found: no {field.replace('_', ' ')} by that id that you may choose.")
    return user


def refused(error: ValidationError) -> Response:
    """A service's ValidationError as the API's 422: its words, by field where it says."""
    if hasattr(error, "error_dict"):
        return Response(error.message_dict, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    return Response(
        {"non_field_errors": error.messages}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
    )


def written(
    write: Callable[[], Model],
    serializer: type[serializers.BaseSerializer[Any]],
    *,
    created: bool = True,
) -> Response:
    """A write through its service, as the API answers it: the row written (201, or 200
    for a change to one that was there), or the service's refusal as the 422."""
    try:
        row = write()
    except ValidationError as error:
        return refused(error)
    return Response(
        serializer(row).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
    )


# ---------------------------------------------------------------- an operation


class FiguresSerializer(serializers.Serializer[dict[str, int]]):
    """How many survivors and suspects, and how far each has come (counts only)."""

    victims_identified = serializers.IntegerField()
    victims_traced = serializers.IntegerField()
    victims_contacted = serializers.IntegerField()
    victims_engaged = serializers.IntegerField()
    victims_supported = serializers.IntegerField()
    suspects_identified = serializers.IntegerField()
    suspects_arrested = serializers.IntegerField()
    suspects_charged = serializers.IntegerField()
    suspects_convicted = serializers.IntegerField()


class OperationRowSerializer(serializers.Serializer[pages.OperationRow]):
    id = serializers.IntegerField(source="operation.pk")
    name = serializers.CharField(source="operation.name")
    senior_officer = serializers.CharField()
    open = serializers.BooleanField()
    opened_at = serializers.DateTimeField(source="operation.opened_at")
    figures = FiguresSerializer()


class MemberSerializer(serializers.Serializer[tuple[str, str]]):
    name = serializers.CharField()
    agency = serializers.CharField(allow_blank=True)

    def to_representation(self, instance: tuple[str, str]) -> dict[str, Any]:
        return {"name": instance[0], "agency": instance[1]}


class OnwardSerializer(serializers.Serializer[tuple[str, str]]):
    status = serializers.CharField()
    words = serializers.CharField()

    def to_representation(self, instance: tuple[str, str]) -> dict[str, Any]:
        return {"status": instance[0], "words": instance[1]}


class NominalRowSerializer(serializers.Serializer[pages.NominalRow]):
    person_id = serializers.UUIDField()
    name = serializers.CharField(help_text="as the caller may see them, or withheld")
    openable = serializers.BooleanField(help_text="the caller may open the person")
    role = serializers.CharField()
    status = serializers.CharField()
    status_words = serializers.CharField()
    since = serializers.DateField()
    onward = OnwardSerializer(many=True, help_text="where their lifecycle lets them go next")


ROLE_OF_HEADING = {heading: role for role, heading in pages.ROLE_HEADINGS}


class NominalGroupSerializer(serializers.Serializer[tuple[str, list[pages.NominalRow]]]):
    role = serializers.ChoiceField(choices=[role for role, _ in pages.ROLE_HEADINGS])
    heading = serializers.CharField(help_text="Survivors, Suspects or Witnesses")
    people = NominalRowSerializer(many=True)

    def to_representation(self, instance: tuple[str, list[pages.NominalRow]]) -> dict[str, Any]:
        heading, rows = instance
        return {
            "role": ROLE_OF_HEADING[heading],
            "heading": heading,
            "people": [NominalRowSerializer(row).data for row in rows],
        }


class DecisionRowSerializer(serializers.Serializer[pages.DecisionRow]):
    seq = serializers.IntegerField(help_text="1, 2, 3, … within the operation")
    kind = serializers.CharField(source="code")
    kind_words = serializers.CharField(source="kind")
    author = serializers.CharField()
    agency = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField()
    rationale = serializers.CharField()
    about = serializers.CharField(allow_blank=True, help_text="the nominal it is about, if any")


class DisruptionRowSerializer(serializers.Serializer[pages.DisruptionRow]):
    suspect = serializers.CharField(help_text="as the caller may see them, or withheld")
    kind = serializers.CharField(help_text="the order or notice, in words")
    served_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    in_force = serializers.BooleanField(help_text="served, and not ended, by today")
    note = serializers.CharField(allow_blank=True)


class MaySerializer(serializers.Serializer[pages.OperationPage]):
    """What the rule for actions lets the caller do here."""

    set_status = serializers.BooleanField(source="may_set")
    decide = serializers.BooleanField(source="may_decide")
    add_nominal = serializers.BooleanField(source="may_add")
    close = serializers.BooleanField(source="may_close")


class OperationSerializer(serializers.Serializer[pages.OperationPage]):
    id = serializers.IntegerField(source="operation.pk")
    name = serializers.CharField(source="operation.name")
    scope = serializers.CharField(source="operation.scope")
    institution = serializers.CharField(source="operation.institution", allow_blank=True)
    senior_officer = serializers.CharField(source="operation.senior_officer.display_name")
    opened_at = serializers.DateTimeField(source="operation.opened_at")
    open = serializers.BooleanField()
    team = MemberSerializer(many=True, source="members")
    figures = FiguresSerializer()
    nominals = NominalGroupSerializer(many=True, help_text="by role")
    decisions = DecisionRowSerializer(many=True, help_text="the decision log, oldest first")
    closure = DecisionRowSerializer(allow_null=True, help_text="who closed it and why")
    disruptions = DisruptionRowSerializer(
        many=True, help_text="orders and notices against its suspects, by date served"
    )
    may = MaySerializer(source="*")


# Words, not only spaces (the pattern is the schema's too).
WORDS = r"\S"


class OpenSerializer(serializers.Serializer[object]):
    """Open an operation (the caller's team: them and the senior officer)."""

    name = serializers.RegexField(WORDS, max_length=200)
    scope = serializers.RegexField(WORDS, max_length=REASON_LONGEST)
    senior_officer = serializers.IntegerField(
        help_text="a user's id: an active user of the caller's agency (any other: 404)"
    )
    institution = serializers.ChoiceField(
        choices=Operation.Institution.choices, required=False, default=""
    )

    def __init__(self, *args: Any, officers: QuerySet[User] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.officers = officers

    def validate_senior_officer(self, pk: int) -> User:
        return offered(self.officers, pk, "senior_officer")


class OpenedSerializer(serializers.Serializer[Operation]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    scope = serializers.CharField()
    institution = serializers.CharField(allow_blank=True)
    senior_officer = serializers.CharField(source="senior_officer.display_name")
    opened_at = serializers.DateTimeField()


class NominalAddSerializer(serializers.Serializer[object]):
    person = serializers.UUIDField(help_text="the person's id")
    role = serializers.ChoiceField(choices=[CaseRole.VICTIM, CaseRole.SUSPECT, CaseRole.WITNESS])
    on = serializers.DateField(help_text="identified on")


class StatusSetSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=list(lifecycles.WORDS))
    on = serializers.DateField(help_text="from")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_LONGEST
    )


class NominalStatusSerializer(serializers.Serializer[NominalStatus]):
    person_id = serializers.UUIDField()
    role = serializers.CharField()
    status = serializers.CharField()
    on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class OperationDecideSerializer(serializers.Serializer[object]):
    kind = serializers.ChoiceField(
        choices=Decision.Kind.choices, help_text="`closure` closes the operation"
    )
    rationale = serializers.CharField(max_length=REASON_LONGEST)


class OperationDecidedSerializer(serializers.Serializer[Decision]):
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    kind_words = serializers.CharField(source="get_kind_display")
    author = serializers.CharField(source="author.display_name")
    agency = serializers.CharField(source="author_agency", allow_blank=True)
    at = serializers.DateTimeField()
    rationale = serializers.CharField()


# ---------------------------------------------------------------- a survivor's engagement


class PlanSerializer(serializers.Serializer[ContactPlan]):
    id = serializers.IntegerField()
    risks_and_needs = serializers.CharField()
    contact_by = serializers.CharField()
    contact_how = serializers.CharField()
    name_to_use = serializers.CharField(allow_blank=True)
    trusted_person = serializers.CharField(allow_blank=True)
    avoid = serializers.CharField(allow_blank=True)
    support_offer = serializers.ListField(child=serializers.CharField())
    author = serializers.CharField(source="author.display_name")
    written_at = serializers.DateTimeField()
    approved_by = serializers.CharField(
        source="approved_by.display_name", allow_null=True, default=None
    )
    approved_at = serializers.DateTimeField(allow_null=True)


class CheckRowSerializer(serializers.Serializer[survivor.CheckRow]):
    agency = serializers.CharField()
    checked_by = serializers.CharField()
    finding = serializers.CharField()
    at = serializers.DateTimeField()


class SurvivorDecisionSerializer(serializers.Serializer[SurvivorDecision]):
    contact_on = serializers.DateField()
    contact_how = serializers.CharField()
    decision = serializers.CharField()
    their_words = serializers.CharField(allow_blank=True)
    come_back_on = serializers.DateField(
        allow_null=True, help_text="only a date the survivor agreed to"
    )
    recorded_by = serializers.CharField(source="recorded_by.display_name")
    recorded_at = serializers.DateTimeField()


class SharingRowSerializer(serializers.Serializer[survivor.SharingRow]):
    agency = serializers.CharField()
    basis = serializers.CharField()
    consented = serializers.BooleanField()
    lawful_basis = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()
    recorded_by = serializers.CharField()
    at = serializers.DateTimeField()


class EngagementMaySerializer(serializers.Serializer[survivor.SurvivorPage]):
    record = serializers.BooleanField(source="may_record")
    write_plan = serializers.BooleanField(source="may_write_plan")
    check = serializers.BooleanField(source="may_check")
    approve = serializers.BooleanField(source="may_approve")
    contact = serializers.BooleanField(source="may_contact")
    share = serializers.BooleanField(source="may_share", help_text="record consent to share")


class EngagementSerializer(serializers.Serializer[survivor.SurvivorPage]):
    """Her page as JSON, but for what each agency knows of her (not in the API)."""

    operation_id = serializers.IntegerField(source="operation.pk")
    person_id = serializers.UUIDField()
    name = serializers.CharField(help_text="as the caller may see her, or withheld")
    open = serializers.BooleanField(help_text="the operation is open")
    status = serializers.CharField()
    status_words = serializers.CharField()
    plan = PlanSerializer(allow_null=True, help_text="the newest contact plan")
    checks = CheckRowSerializer(many=True, help_text="each agency's check of the plan")
    awaited = serializers.ListField(
        child=serializers.CharField(),
        help_text="the team's agencies yet to check the plan, until it is approved",
    )
    decisions = SurvivorDecisionSerializer(many=True, help_text="her own decisions, newest first")
    due = SurvivorDecisionSerializer(
        allow_null=True, help_text="the decision whose agreed date to come back has come"
    )
    sharing = SharingRowSerializer(many=True)
    may = EngagementMaySerializer(source="*")


class PlanWriteSerializer(serializers.Serializer[object]):
    risks_and_needs = serializers.CharField()
    contact_by = serializers.CharField()
    contact_how = serializers.CharField()
    name_to_use = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    trusted_person = serializers.CharField(required=False, allow_blank=True, default="")
    avoid = serializers.CharField(required=False, allow_blank=True, default="")
    support_offer = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SUPPORT)), required=False, default=list
    )


class CheckSerializer(serializers.Serializer[object]):
    plan = serializers.IntegerField(help_text="the id of the plan the caller read")
    finding = serializers.CharField(help_text='"Nothing relevant", or what the team should know')


class ApproveSerializer(serializers.Serializer[object]):
    plan = serializers.IntegerField(help_text="the id of the plan the caller read")


class CheckedSerializer(serializers.Serializer[object]):
    plan = serializers.IntegerField(source="plan_id")
    agency = serializers.CharField(source="agency.name")
    finding = serializers.CharField()
    at = serializers.DateTimeField(source="checked_at")


class ContactSerializer(serializers.Serializer[object]):
    contact_on = serializers.DateField()
    contact_how = serializers.CharField(max_length=200)
    decision = serializers.ChoiceField(choices=SurvivorDecision.Choice.choices)
    their_words = serializers.CharField(required=False, allow_blank=True, default="")
    come_back_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="only a date she agreed to (for 'not now' or 'unsure'); left out, "
        "nothing prompts a contact",
    )
