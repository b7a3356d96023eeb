"""Pages of meetings: the viewer's meetings (and convening one), one meeting for its chair
and attendees (its agenda, decisions and actions), and its minutes to print. Thin: parse,
call a service or a query, render. A service's ValidationError re-renders the form with it
(422); a refusal is the 404 of a missing meeting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from safehub.access.actions import Action, can
from safehub.access.policy import Viewer
from safehub.meetings import pages, services
from safehub.meetings.forms import (
    ActionAgreeForm,
    ActionStatusForm,
    DiscussedForm,
    MeetingHoldForm,
)
from safehub.meetings.models import Meeting
from safehub.operations.pages import nominal_target
from safehub.records.forms import distinct_ids
from safehub.records.queries.visible import require_data_role
from safehub.records.views import viewer_of

# ---------------------------------------------------------------- the list


def _list(
    request: HttpRequest, viewer: Viewer, form: MeetingHoldForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "meetings/list.html",
        {
            "nav": "meetings",
            "meetings": pages.meeting_rows(viewer),
            "form": form,
            "may_hold": can(viewer, Action.MEETING_HOLD),
        },
        status=status,
    )


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the viewer chaired or attended: for the data roles."""
    viewer = viewer_of(request)
    require_data_role(viewer, route="meeting_list")
    return _list(request, viewer, MeetingHoldForm(chair=viewer.user))


@require_POST
def meeting_hold(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    require_data_role(viewer, route="meeting_hold")
    form = MeetingHoldForm(request.POST, chair=viewer.user)
    if form.is_valid():
        try:
            meeting = services.meeting_hold(
                actor=viewer.user,
                kind=form.cleaned_data["kind"],
                held_on=form.cleaned_data["held_on"],
                attendees=list(form.cleaned_data["attendees"]),
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            messages.success(request, "The meeting is convened.")
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _list(request, viewer, form, status=422)


# ---------------------------------------------------------------- one meeting


def _detail(
    request: HttpRequest, viewer: Viewer, meeting_id: int, failed: tuple[str, Form] | None = None
) -> HttpResponse:
    page = pages.meeting_page(viewer, meeting_id, route="meeting_detail")
    forms: dict[str, Form] = {
        "discussed": DiscussedForm(),
        "action": ActionAgreeForm(meeting=page.meeting),
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        request,
        "meetings/detail.html",
        {
            "nav": "meetings",
            "page": page,
            "meeting": page.meeting,
            "forms": distinct_ids(forms),
            "form": failed[1] if failed else None,  # the error summary's
        },
        status=200 if failed is None else 422,
    )


@require_safe
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's page, for its chair and attendees only."""
    return _detail(request, viewer_of(request), meeting_id)


@require_safe
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's minutes to print: what its page shows, without the forms."""
    viewer = viewer_of(request)
    page = pages.meeting_page(viewer, meeting_id, route="meeting_minutes")
    return render(
        request,
        "meetings/minutes.html",
        {"nav": "meetings", "page": page, "meeting": page.meeting},
    )


def _done(request: HttpRequest, words: str, meeting: Meeting) -> HttpResponse:
    messages.success(request, words)
    return redirect("meeting_detail", meeting_id=meeting.pk)


@require_POST
def discussed_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    meeting = pages.meeting_of_attendee(viewer, meeting_id, route="discussed_record")
    form = DiscussedForm(request.POST)
    if form.is_valid():
        try:
            services.discussed_record(
                actor=viewer.user,
                meeting=meeting,
                person=nominal_target(viewer, form.cleaned_data["person"]),
                decision=form.cleaned_data["decision"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "The decision is recorded.", meeting)
    return _detail(request, viewer, meeting.pk, failed=("discussed", form))


@require_POST
def action_agree(request: HttpRequest, meeting_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    meeting = pages.meeting_of_attendee(viewer, meeting_id, route="action_agree")
    form = ActionAgreeForm(request.POST, meeting=meeting)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.action_agree(
                actor=viewer.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                person=None if person is None else nominal_target(viewer, person),
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "The action is agreed.", meeting)
    return _detail(request, viewer, meeting.pk, failed=("action", form))


@require_POST
def action_status_set(request: HttpRequest, meeting_id: int, action_id: int) -> HttpResponse:
    """Its owner or the meeting's chair (the rule decides: the service asks it)."""
    viewer = viewer_of(request)
    action = pages.action_of(viewer, meeting_id, action_id, route="action_status_set")
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_status_set(
                actor=viewer.user, action=action, status=form.cleaned_data["status"]
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            return _done(request, "The action's status is recorded.", action.meeting)
    return _detail(request, viewer, action.meeting_id, failed=("status", form))
