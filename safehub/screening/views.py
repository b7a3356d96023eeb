"""Pages of screening: the triage queue, a young person's screening with its evidence,
and the meeting's outcome. Thin: parse, call, render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safehub.network.queries.alerts import visible_alerts
from safehub.records.queries import opening
from safehub.records.queries.visible import require_data_role
from safehub.records.views import too_many_page, viewer_of
from safehub.screening import evidence, queue, triage
from safehub.screening.forms import FlagDecisionForm, QueueFilterForm
from safehub.screening.models import Flag
from safehub.screening.sections import sections_for


@require_safe
def triage_queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    require_data_role(viewer, route="triage_queue")
    form = QueueFilterForm(request.GET or None)
    page = Paginator(queue.queue_flags(viewer, form.filters()), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "screening/queue.html",
        {
            "nav": "triage",
            "form": form,
            "page": page,
            "rows": queue.queue_rows(viewer, list(page.object_list)),
            "alerts": visible_alerts(viewer, route="triage_queue"),
            "sections": sections_for(viewer, timezone.localdate()),
        },
        status=422 if form.errors else 200,
    )


def _screening_page(
    request: HttpRequest, person_id: UUID, form: FlagDecisionForm, status: int = 200
) -> HttpResponse:
    viewer = viewer_of(request)
    try:
        shown = evidence.screening_page(viewer, person_id)
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    return render(
        request,
        "screening/person_screening.html",
        {"nav": "triage", "page": shown, "form": form},
        status=status,
    )


@require_safe
def person_screening(request: HttpRequest, person_id: UUID) -> HttpResponse:
    return _screening_page(request, person_id, FlagDecisionForm())


@require_http_methods(["POST"])
def flag_decide(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    flag = get_object_or_404(Flag.objects.select_related("person"), person_id=person_id)
    form = FlagDecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = triage.flag_decide(
                actor=viewer.user,
                flag=flag,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                review_on=form.cleaned_data["review_on"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            messages.success(request, f"Recorded: {decision.get_outcome_display().lower()}.")
            if decision.case_id:
                return redirect("case_detail", case_id=decision.case_id)
            return redirect("triage_queue")
    return _screening_page(request, person_id, form, status=422)
