"""Pages of quick concerns: the form, the author's own concerns and one of them, and the
form's suggestions. An author sees only what they sent and that it was received — never
what the hub holds or did with it. Thin: parse, call a service or a query, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from safehub.access.actions import Action, can, refuse_route
from safehub.concerns import queries, services, suggest
from safehub.concerns.forms import ConcernForm
from safehub.records.views import viewer_of


def _form_page(request: HttpRequest, form: ConcernForm, status: int = 200) -> HttpResponse:
    user = viewer_of(request).user
    return render(
        request,
        "concerns/new.html",
        {
            "nav": "concern_new",
            "form": form,
            "places": suggest.places_for(user),
            "sent": services.sent_in_the_last_hour(user),
            "per_hour": services.per_hour(),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def concern_new(request: HttpRequest) -> HttpResponse:
    """The quick concern form (GET), and sending it (POST): for anyone who may pass one on."""
    viewer = viewer_of(request)
    if not can(viewer, Action.CONCERN_SUBMIT):
        raise refuse_route(viewer, "concern_new")
    if request.method != "POST":
        return _form_page(request, ConcernForm())
    form = ConcernForm(request.POST)
    if form.is_valid():
        picked = suggest.place_picked(viewer.user, form.cleaned_data["place_name"])
        if picked is not None:
            form.cleaned_data.update(
                place_name=picked.name,
                postcode=form.cleaned_data["postcode"] or picked.postcode,
                premises_type=form.cleaned_data["premises_type"] or picked.premises_type,
            )
    sent: list[str] = []
    if form.attempt(lambda: sent.append(
        services.concern_submit(actor=viewer.user, data=form.cleaned_data).reference
    )):  # fmt: skip
        messages.success(request, "Your concern has been passed on")
        return redirect("concern_detail", reference=sent[0])
    return _form_page(request, form, status=422)


@require_safe
def concern_list(request: HttpRequest) -> HttpResponse:
    """The concerns the viewer sent: their own words, nothing the hub added."""
    viewer = viewer_of(request)
    if not can(viewer, Action.CONCERN_SUBMIT):
        raise refuse_route(viewer, "concern_list")
    return render(
        request,
        "concerns/list.html",
        {"nav": "concern_list", "concerns": queries.own_concerns(viewer.user)},
    )


@require_safe
def concern_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One concern the viewer sent, as they sent it, with its acknowledgement."""
    viewer = viewer_of(request)
    concern = queries.own_concern(viewer.user, reference)
    return render(request, "concerns/detail.html", {"nav": "concern_list", "concern": concern})


@require_safe
def vehicle_suggestions(request: HttpRequest) -> HttpResponse:
    """Near matches of the registration being typed (the form's htmx); nothing else."""
    viewer = viewer_of(request)
    if not can(viewer, Action.CONCERN_SUBMIT):
        raise refuse_route(viewer, "concern_vehicle_suggestions")
    typed = request.GET.get("vehicle_registration", "")[:20]
    return render(
        request,
        "concerns/_vehicle_suggestions.html",
        {"suggestions": suggest.vehicles_like(viewer.user, typed)},
    )
