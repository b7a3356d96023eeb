"""Pages of operations: the viewer's operations, one operation for its team (its nominals,
figures and decision log), and a survivor's pre-contact review and engagement. Thin:
parse, call a service or a query, render. A service's ValidationError re-renders the form
with it (422); a refusal is the 404 of a missing operation."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from safehub.access.actions import Action, can
from safehub.access.models import CaseRole
from safehub.access.policy import Viewer
from safehub.agencies.hubs import hub_of
from safehub.operations import decisions, disruptions, engagement, pages, services
from safehub.operations import survivor_page as survivor
from safehub.operations.forms import (
    AgencyCheckForm,
    CloseForm,
    ContactForm,
    DecisionForm,
    DisruptionForm,
    MemberAddForm,
    NominalAddForm,
    NominalStatusForm,
    OperationOpenForm,
    PlanApproveForm,
    PlanForm,
    SharingForm,
)
from safehub.records.forms import distinct_ids
from safehub.records.queries.visible import require_data_role
from safehub.records.views import viewer_of

# ---------------------------------------------------------------- the list


def _list(
    request: HttpRequest, viewer: Viewer, form: OperationOpenForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "operations/list.html",
        {
            "nav": "operations",
            "rows": pages.operation_rows(viewer),
            "form": form,
            "may_open": can(viewer, Action.CASE_OPEN),
        },
        status=status,
    )


@require_safe
def operation_list(request: HttpRequest) -> HttpResponse:
    """The operations whose team the viewer is a member of: for the data roles."""
    viewer = viewer_of(request)
    require_data_role(viewer, route="operation_list")
    return _list(request, viewer, OperationOpenForm(agency_id=viewer.agency_id))


@require_POST
def operation_open(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    require_data_role(viewer, route="operation_open")
    form = OperationOpenForm(request.POST, agency_id=viewer.agency_id)
    if form.is_valid():
        try:
            operation = services.operation_open(
                actor=viewer.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                senior_officer=form.cleaned_data["senior_officer"],
                institution=form.cleaned_data["institution"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            messages.success(request, f"{operation.name} is open.")
            return redirect("operation_detail", operation_id=operation.pk)
    return _list(request, viewer, form, status=422)


# ---------------------------------------------------------------- one operation


def _detail(
    request: HttpRequest,
    viewer: Viewer,
    operation_id: int,
    *,
    failed: tuple[str, Form] | None = None,
    person_id: UUID | None = None,
) -> HttpResponse:
    page = pages.operation_page(viewer, operation_id)
    forms: dict[str, Form] = {
        "add": NominalAddForm(),
        "decide": DecisionForm(),
        "close": CloseForm(),
        "status": NominalStatusForm(),
        "member": MemberAddForm(operation=page.operation, hub_id=hub_of(viewer.user)),
        "disrupt": DisruptionForm(suspects=page.suspects),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        request,
        "operations/detail.html",
        {
            "nav": "operations",
            "page": page,
            "operation": page.operation,
            "forms": distinct_ids(forms),
            "form": failed[1] if failed else None,  # the error summary's
            "status_person": str(person_id) if failed and failed[0] == "status" else "",
        },
        status=200 if failed is None else 422,
    )


@require_safe
def operation_detail(request: HttpRequest, operation_id: int) -> HttpResponse:
    """An operation's page, for the members of its team only."""
    return _detail(request, viewer_of(request), operation_id)


def _done(request: HttpRequest, words: str, operation_id: int) -> HttpResponse:
    messages.success(request, words)
    return redirect("operation_detail", operation_id=operation_id)


@require_POST
def operation_nominal_add(request: HttpRequest, operation_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="operation_nominal_add")
    form = NominalAddForm(request.POST)
    if form.is_valid():
        person = pages.nominal_target(viewer, form.cleaned_data["person"])
        try:
            services.nominal_add(
                actor=viewer.user,
                operation=operation,
                person=person,
                role=CaseRole(form.cleaned_data["role"]),
                on=form.cleaned_data["on"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "The person is a nominal of the operation.", operation.pk)
    return _detail(request, viewer, operation.pk, failed=("add", form))


@require_POST
def nominal_status_set(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="nominal_status_set")
    form = NominalStatusForm(request.POST)
    if form.is_valid():
        try:
            services.nominal_status_set(
                actor=viewer.user,
                operation=operation,
                person_id=person_id,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "Their status is recorded.", operation.pk)
    return _detail(request, viewer, operation.pk, failed=("status", form), person_id=person_id)


@require_POST
def decision_record(request: HttpRequest, operation_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="decision_record")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decisions.decision_record(
                actor=viewer.user,
                operation=operation,
                kind=form.cleaned_data["kind"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "The decision is in the log.", operation.pk)
    return _detail(request, viewer, operation.pk, failed=("decide", form))


@require_POST
def operation_close(request: HttpRequest, operation_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="operation_close")
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            decisions.operation_close(
                actor=viewer.user, operation=operation, rationale=form.cleaned_data["rationale"]
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "The operation is closed.", operation.pk)
    return _detail(request, viewer, operation.pk, failed=("close", form))


@require_POST
def operation_member_add(request: HttpRequest, operation_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="operation_member_add")
    form = MemberAddForm(request.POST, operation=operation, hub_id=hub_of(viewer.user))
    if form.attempt(
        lambda: services.member_add(
            actor=viewer.user, operation=operation, user=form.cleaned_data["user"]
        )
    ):
        return _done(request, "They are in the team.", operation.pk)
    return _detail(request, viewer, operation.pk, failed=("member", form))


@require_POST
def disruption_record(request: HttpRequest, operation_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="disruption_record")
    form = DisruptionForm(request.POST, suspects=pages.suspect_choices(viewer, operation))
    if form.attempt(
        lambda: disruptions.disruption_record(
            actor=viewer.user, operation=operation, **form.cleaned_data
        )
    ):
        return _done(request, "The order or notice is recorded.", operation.pk)
    return _detail(request, viewer, operation.pk, failed=("disrupt", form))


# ---------------------------------------------------------------- a survivor's engagement


def _survivor(
    request: HttpRequest,
    viewer: Viewer,
    operation_id: int,
    person_id: UUID,
    failed: tuple[str, Form] | None = None,
) -> HttpResponse:
    page = survivor.survivor_page(viewer, operation_id, person_id)
    plan = page.plan.pk if page.plan else None
    forms: dict[str, Form] = {
        "plan": PlanForm(),
        "check": AgencyCheckForm(initial={"plan": plan}),
        "approve": PlanApproveForm(initial={"plan": plan}),
        "contact": ContactForm(),
        "sharing": SharingForm(),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        request,
        "operations/survivor.html",
        {
            "nav": "operations",
            "page": page,
            "operation": page.operation,
            "forms": distinct_ids(forms),
            "form": failed[1] if failed else None,
        },
        status=200 if failed is None else 422,
    )


@require_safe
def survivor_engagement(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    """A survivor's pre-contact review and her decisions, for the operation's team."""
    return _survivor(request, viewer_of(request), operation_id, person_id)


def _back(request: HttpRequest, words: str, operation_id: int, person_id: UUID) -> HttpResponse:
    messages.success(request, words)
    return redirect("survivor_engagement", operation_id=operation_id, person_id=person_id)


@require_POST
def plan_write(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="plan_write")
    form = PlanForm(request.POST)
    if form.attempt(
        lambda: engagement.plan_write(
            actor=viewer.user, operation=operation, person_id=person_id, **form.cleaned_data
        ),
    ):
        return _back(
            request,
            "The plan is written: it needs each agency's check and approval.",
            operation.pk,
            person_id,
        )
    return _survivor(request, viewer, operation.pk, person_id, failed=("plan", form))


@require_POST
def agency_check_record(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="agency_check_record")
    form = AgencyCheckForm(request.POST)
    if form.attempt(
        lambda: engagement.agency_check_record(
            actor=viewer.user,
            plan=survivor.plan_of(operation, person_id, form.cleaned_data["plan"]),
            finding=form.cleaned_data["finding"],
        ),
    ):
        return _back(request, "Your agency's check is recorded.", operation.pk, person_id)
    return _survivor(request, viewer, operation.pk, person_id, failed=("check", form))


@require_POST
def plan_approve(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="plan_approve")
    form = PlanApproveForm(request.POST)
    if form.attempt(
        lambda: engagement.plan_approve(
            actor=viewer.user,
            plan=survivor.plan_of(operation, person_id, form.cleaned_data["plan"]),
        ),
    ):
        return _back(request, "The plan is approved.", operation.pk, person_id)
    return _survivor(request, viewer, operation.pk, person_id, failed=("approve", form))


@require_POST
def contact_record(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="contact_record")
    form = ContactForm(request.POST)
    if form.attempt(
        lambda: engagement.contact_record(
            actor=viewer.user,
            operation=operation,
            person_id=person_id,
            contact_on=form.cleaned_data["contact_on"],
            contact_how=form.cleaned_data["contact_how"],
            decision=form.cleaned_data["decision"],
            their_words=form.cleaned_data["their_words"],
            come_back_on=form.cleaned_data["come_back_on"],
        ),
    ):
        return _back(request, "The contact and her decision are recorded.", operation.pk, person_id)
    return _survivor(request, viewer, operation.pk, person_id, failed=("contact", form))


@require_POST
def sharing_record(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="sharing_record")
    form = SharingForm(request.POST)
    if form.attempt(
        lambda: engagement.sharing_record(
            actor=viewer.user, operation=operation, person_id=person_id, **form.cleaned_data
        )
    ):
        return _back(request, "What she said about sharing is recorded.", operation.pk, person_id)
    return _survivor(request, viewer, operation.pk, person_id, failed=("sharing", form))
