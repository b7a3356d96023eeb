"""The access app's pages: sharing agreements (propose, accept or decline, revoke,
confirm), accounts (set-up codes, second-factor resets, disabling) and case teams (the
list, the case page, its notes). Thin: parse, call a query or a write, render. The
queries audit what they read and refuse; the writes ask the rule for actions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safehub.access import queries
from safehub.access.actions import Action, refuse_route, rule_of
from safehub.access.forms import AgreementForm, CaseNoteForm
from safehub.access.policy import Viewer, viewer_for
from safehub.access.services import accounts, agreements, cases
from safehub.agencies.models import SharingAgreement, User


def _viewer(request: HttpRequest) -> Viewer:
    if not isinstance(request.user, User):
        raise Http404
    return viewer_for(request.user)


def _hub_manager(request: HttpRequest) -> Viewer:
    viewer = _viewer(request)
    # The page of those who may propose (and so accept, revoke, confirm) agreements.
    if not viewer.roles & rule_of(Action.AGREEMENT_PROPOSE).roles or viewer.agency_id is None:
        raise refuse_route(viewer, "sharing_agreements")
    return viewer


@require_http_methods(["GET", "HEAD", "POST"])
def agreements_page(request: HttpRequest) -> HttpResponse:
    """The agreements the manager's agency signs, and the form to propose sharing its own
    data with another agency."""
    viewer = _hub_manager(request)
    provider = viewer.user.agency
    assert provider is not None  # _hub_manager refuses a user of no agency
    form = AgreementForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.agreement_propose(actor=viewer.user, provider=provider, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Your proposal is recorded. It is in force once the "
                "other agency's hub manager accepts it.",
            )
            return redirect("sharing_agreements")
    return render(
        request,
        "access/agreements.html",
        {
            "nav": "agreements",
            "form": form,
            "page": queries.agreements_page(viewer),
        },
        status=422 if form.errors else 200,
    )


_STEPS: dict[str, tuple[Callable[..., SharingAgreement], str]] = {
    "accept": (agreements.agreement_accept, "The agreement is in force."),
    "decline": (agreements.agreement_decline, "The proposal is declined."),
    "revoke": (
        agreements.agreement_revoke,
        "The agreement is revoked: nothing more is shared under it from the next page on.",
    ),
    "confirm": (
        agreements.agreement_confirm,
        "The agreement is confirmed: it is in force once the receiving agency accepts it.",
    ),
}


@require_POST
def agreement_step(request: HttpRequest, agreement_id: int, step: str) -> HttpResponse:
    """Accept, decline, revoke or confirm one agreement (the service asks the rule)."""
    viewer = _viewer(request)
    service, done = _STEPS[step]  # the routes name only these steps
    agreement = queries.agreement_for(viewer, agreement_id, route=f"agreement_{step}")
    try:
        service(actor=viewer.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("sharing_agreements")


# ---------------------------------------------------------------- accounts


def _account_manager(request: HttpRequest, route: str) -> User:
    """A hub manager or administrator (their agency's accounts), or a hub-wide
    administrator (every account)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    if not set(user.role_names) & rule_of(Action.ACCOUNT_MANAGE).roles:
        raise refuse_route(user, route)
    return user


def _managed(request: HttpRequest, user_id: int, route: str) -> tuple[User, User]:
    """(the manager, the account they act on), or 404 — the refusal audited."""
    manager = _account_manager(request, route)
    return manager, queries.managed_account(manager, user_id, route=route)


@require_safe
def accounts_page(request: HttpRequest) -> HttpResponse:
    manager = _account_manager(request, "accounts")
    return render(
        request,
        "access/accounts.html",
        {
            "nav": "accounts",
            "accounts": queries.accounts_listed(manager),
            "issued": accounts.set_up_code_required(),
        },
    )


@require_POST
def account_set_up_code(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, account = _managed(request, user_id, "account_set_up_code")
    code = accounts.set_up_code_issue(actor=manager, user=account)
    return render(
        request,
        "access/set_up_code.html",
        {"nav": "accounts", "account": account, "code": code, "hours": accounts.SET_UP_CODE_HOURS},
    )


@require_POST
def account_second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, account = _managed(request, user_id, "account_second_factor_reset")
    accounts.user_second_factor_reset(actor=manager, user=account)
    messages.success(
        request, f"{account.username} will set up an authenticator app at their next sign-in."
    )
    return redirect("accounts")


@require_POST
def account_disable(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, account = _managed(request, user_id, "account_disable")
    accounts.user_disable(actor=manager, user=account)
    messages.success(
        request,
        f"{account.username} can no longer sign in; their sessions and API tokens have ended.",
    )
    return redirect("accounts")


# ---------------------------------------------------------------- case teams


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    """The viewer's own case teams: for those who may see personal data."""
    viewer = _viewer(request)
    if not viewer.sees_personal_data:
        raise refuse_route(viewer, "case_list")
    return render(
        request, "access/case_list.html", {"nav": "cases", "cases": queries.case_list(viewer)}
    )


def _case_page(
    request: HttpRequest, viewer: Viewer, case_id: int, form: CaseNoteForm, status: int = 200
) -> HttpResponse:
    page = queries.case_page(viewer, case_id)
    return render(
        request,
        "access/case_detail.html",
        {"nav": "cases", "page": page, "case": page.case, "form": form},
        status=status,
    )


@require_safe
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case team's page, for its members only: anyone else gets the 404 of a missing
    case."""
    return _case_page(request, _viewer(request), case_id, CaseNoteForm())


@require_POST
def case_note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    """A member adds a note to the open case (the service asks the rule)."""
    viewer = _viewer(request)
    case = queries.case_of_member(viewer, case_id, route="case_note_add")
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            cases.case_note_add(actor=viewer.user, case=case, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)  # a dict of field errors goes to its fields
        else:
            messages.success(request, "Your note is added to the case.")
            return redirect("case_detail", case_id=case.pk)
    return _case_page(request, viewer, case.pk, form, status=422)
