"""Pages of missing children: a child's missing page (their profile, episodes and return
home interviews, with the forms the rule for actions offers the viewer), and the hub's
missing page (who is missing now, interviews overdue and due, by agency). Thin: parse,
call a service or a read, render. A service's ValidationError re-renders the page with
the form at fault (422); a refusal is the 404 of a missing person or episode."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from safehub.missing import pages, queries, services
from safehub.missing.forms import InterviewForm, ProfileForm, ReportForm, ReturnForm
from safehub.missing.models import MissingEpisode
from safehub.records.forms import ServiceErrors, distinct_ids
from safehub.records.queries import opening
from safehub.records.queries.visible import require_data_role
from safehub.records.views import too_many_page, viewer_of


def _profile_initial(page: pages.MissingPage) -> dict[str, str]:
    """The profile's current text to edit (a new version starts from what is shown)."""
    if page.profile is None:
        return {}
    labels = {label: name for name, label in pages.PROFILE_LABELS}
    return {labels[label]: text for label, text in page.profile.fields}


def _page(
    request: HttpRequest, person_id: UUID, failed: tuple[str, Form] | None = None
) -> HttpResponse:
    viewer = viewer_of(request)
    try:
        page = pages.missing_page(viewer, person_id)
    except opening.TooManyOutsideCase:
        return too_many_page(request)
    forms: dict[str, Form] = {
        "profile": ProfileForm(initial=_profile_initial(page)),
        "report": ReportForm(),
        "return": ReturnForm(),
        "interview": InterviewForm(),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        request,
        "missing/person.html",
        {
            "nav": "people",
            "page": page,
            "forms": distinct_ids(forms),
            "form": failed[1] if failed else None,  # the error summary's
        },
        status=200 if failed is None else 422,
    )


@require_safe
def person_missing(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A child's missing page, for anyone who may open them."""
    return _page(request, person_id)


def _attempt(
    request: HttpRequest,
    person_id: UUID,
    *,
    key: str,
    form: ServiceErrors,
    write: Callable[[], object],
    done: str,
) -> HttpResponse:
    if form.attempt(write):
        messages.success(request, done)
        return redirect("person_missing", person_id=person_id)
    return _page(request, person_id, failed=(key, form))


@require_POST
def profile_write(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A new version of the profile (the rule decides who: the service asks it)."""
    viewer = viewer_of(request)
    form = ProfileForm(request.POST)
    return _attempt(
        request,
        person_id,
        key="profile",
        form=form,
        write=lambda: services.profile_write(
            actor=viewer.user, person_id=person_id, **form.cleaned_data
        ),
        done="The Philomena profile is saved.",
    )


@require_POST
def episode_report(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = viewer_of(request)
    form = ReportForm(request.POST)
    return _attempt(
        request,
        person_id,
        key="report",
        form=form,
        write=lambda: services.episode_report(
            actor=viewer.user, person_id=person_id, **form.cleaned_data
        ),
        done="The missing report is recorded.",
    )


def _episode(request: HttpRequest, episode_id: UUID, route: str) -> MissingEpisode:
    return queries.episode_for(viewer_of(request), episode_id, route=route)


@require_POST
def episode_return(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id, "episode_return")
    form = ReturnForm(request.POST)
    return _attempt(
        request,
        episode.person_id,
        key="return",
        form=form,
        write=lambda: services.episode_return(
            actor=viewer_of(request).user, episode=episode, **form.cleaned_data
        ),
        done="Their return is recorded. The return home interview is due within 72 hours.",
    )


@require_POST
def rhi_record(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    episode = _episode(request, episode_id, "rhi_record")
    form = InterviewForm(request.POST)
    return _attempt(
        request,
        episode.person_id,
        key="interview",
        form=form,
        write=lambda: services.rhi_record(
            actor=viewer_of(request).user, episode=episode, **form.cleaned_data
        ),
        done="The return home interview is recorded.",
    )


@require_safe
def missing_overview(request: HttpRequest) -> HttpResponse:
    """Who is missing now, and return home interviews overdue and due, by agency: for
    the data roles, each list only as far as they may open the children in it."""
    viewer = viewer_of(request)
    require_data_role(viewer, route="missing_overview")
    overview = queries.missing_overview(viewer, timezone.now())
    return render(request, "missing/overview.html", {"nav": "people", "overview": overview})
