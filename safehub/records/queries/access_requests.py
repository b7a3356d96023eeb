"""Asking another agency for what it holds about a person, and the asks that a
supervisor of the agency asked decides (the writes are in `safehub.records.services`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from safehub.access.actions import AccessAsk, Action, PersonTarget, refuse_route, require, rule_of
from safehub.access.models import AccessRequest
from safehub.access.policy import Viewer
from safehub.access.refusals import refused_as_missing
from safehub.agencies.models import Agency
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import EventPerson, PersonRecord
from safehub.records.queries.visible import person_for


def _holders(person_id: UUID) -> frozenset[int]:
    """Agencies holding a record of the person, or an event about them."""
    records = PersonRecord.objects.filter(person_id=person_id).values_list("agency_id", flat=True)
    events = EventPerson.objects.filter(record__person_id=person_id).values_list(
        "event__agency_id", flat=True
    )
    return frozenset(records) | frozenset(events)


def access_ask(viewer: Viewer, person_id: UUID, agency_code: str) -> tuple[AccessAsk, Agency]:
    """Asking `agency_code` for what it holds about a person the viewer may open; 404
    (audited, by the rule for actions) unless that agency holds something of theirs."""
    person = person_for(viewer, person_id, route="access_request_new")
    owner = Agency.objects.filter(code=agency_code).first()
    ask = AccessAsk(
        PersonTarget(person.pk, _holders(person.pk), openable=True),
        owner.pk if owner is not None else None,
    )
    require(viewer, Action.ACCESS_REQUEST, ask, route="access_request_new")
    assert owner is not None  # the rule refuses an ask that names no holder
    return ask, owner


@dataclass(frozen=True)
class PendingRequest:
    request: AccessRequest
    record_id: str


def require_decider(viewer: Viewer, *, route: str) -> None:
    """404 (audited) for anyone who decides no access requests: the queue is for the
    supervisors of the agency asked."""
    if viewer.agency_id is None or not viewer.roles & rule_of(Action.ACCESS_REQUEST_DECIDE).roles:
        raise refuse_route(viewer, route)


def access_requests_to_decide(viewer: Viewer) -> list[PendingRequest]:
    """Pending requests to the viewer's agency, for its supervisors (audited as a view)."""
    require_decider(viewer, route="access_request_queue")
    pending = list(
        AccessRequest.objects.filter(
            owner_id=viewer.agency_id, status=AccessRequest.Status.PENDING
        ).select_related("requester", "requester__agency")
    )
    records = dict(
        PersonRecord.objects.filter(pk__in=[p.record_pk for p in pending]).values_list(
            "pk", "record_id"
        )
    )
    if pending:
        audit.record(
            actor=viewer.user,
            verb=Verb.VIEW,
            target_type="access_request_list",
            detail={"requests": [p.pk for p in pending]},
        )
    return [PendingRequest(p, records.get(p.record_pk, "")) for p in pending]


def access_request_for_decision(viewer: Viewer, request_id: int) -> AccessRequest:
    """A pending request the viewer may decide, or 404 (audited) whether missing,
    decided or another agency's."""
    found = AccessRequest.objects.filter(pk=request_id, status=AccessRequest.Status.PENDING).first()
    if found is None:
        raise refused_as_missing(
            viewer, "access_request", request_id, "access_request_decide", message="No such request"
        )
    require(viewer, Action.ACCESS_REQUEST_DECIDE, found, route="access_request_decide")
    return found
