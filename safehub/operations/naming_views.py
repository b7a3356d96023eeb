"""The page that names a person found elsewhere in one of the viewer's operations."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safehub.access.models import CaseRole
from safehub.operations import naming, pages, services
from safehub.operations.forms import NameInOperationForm
from safehub.records.views import viewer_of


@require_http_methods(["GET", "HEAD", "POST"])
def name_in_operation(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Choose an operation, a role and a date; the service asks the rule for actions."""
    viewer = viewer_of(request)
    found = naming.naming(viewer, person_id, route="name_in_operation")
    if request.method == "POST":
        form = NameInOperationForm(request.POST, operations=found.operations)
        chosen = {o.pk: o for o in found.operations}
        if form.attempt(
            lambda: services.nominal_add(
                actor=viewer.user,
                operation=chosen[form.cleaned_data["operation"]],
                person=pages.nominal_target(viewer, person_id),
                role=CaseRole(form.cleaned_data["role"]),
                on=form.cleaned_data["on"],
            )
        ):
            messages.success(request, f"{found.name} is a nominal of the operation.")
            return redirect("operation_detail", operation_id=form.cleaned_data["operation"])
    else:
        form = NameInOperationForm(operations=found.operations)
    return render(
        request,
        "operations/name_in_operation.html",
        {"nav": "operations", "found": found, "form": form},
        status=422 if form.errors else 200,
    )
