"""Pages of an operation's return: its figures and the national non-recent-abuse style
return of its suspects, as a page (where the team records whether a suspect has died or
is publicly prominent) and as a CSV file. For the operation's team; each read audited,
the file as an export."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.operations import pages, returns
from safehub.operations.forms import SuspectFactsForm
from safehub.records.views import viewer_of


def _page(
    request: HttpRequest, viewer: Viewer, operation_id: int, failed: Form | None = None
) -> HttpResponse:
    made = returns.operation_return(viewer, operation_id, route="operation_return")
    return render(
        request,
        "operations/return.html",
        {
            "nav": "operations",
            "made": made,
            "operation": made.operation,
            "may_set": made.live and can(viewer, Action.NOMINAL_STATUS_SET, made.operation.case),
            "form": failed,
        },
        status=200 if failed is None else 422,
    )


@require_safe
def operation_return(request: HttpRequest, operation_id: int) -> HttpResponse:
    """The operation's return, for its team."""
    return _page(request, viewer_of(request), operation_id)


@require_safe
def operation_return_csv(request: HttpRequest, operation_id: int) -> HttpResponse:
    """The return as a CSV file, audited as an export."""
    made = returns.operation_return(
        viewer_of(request), operation_id, route="operation_return_csv", export=True
    )
    response = HttpResponse(made.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="operation-{operation_id}-return.csv"'
    return response


@require_POST
def suspect_facts_set(request: HttpRequest, operation_id: int, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    operation = pages.operation_of_member(viewer, operation_id, route="suspect_facts_set")
    form = SuspectFactsForm(request.POST)
    if form.attempt(
        lambda: returns.suspect_facts_set(
            actor=viewer.user, operation=operation, person_id=person_id, **form.cleaned_data
        )
    ):
        messages.success(request, "The suspect's facts for the return are recorded.")
        return redirect("operation_return", operation_id=operation.pk)
    return _page(request, viewer, operation.pk, failed=form)
