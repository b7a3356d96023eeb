"""The hub manager's pages: sharing agreements (list, record, revoke) and accounts (set-up
codes, second-factor resets, disabling). Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safehub.access import accounts, services
from safehub.access.forms import AgreementForm
from safehub.agencies.models import Role, SharingAgreement, User
from safehub.audit import log as audit
from safehub.audit.models import Verb


def _hub_manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    if not user.has_role(Role.HUB_MANAGER):
        audit.record(actor=user, verb=Verb.REFUSED, target_type="route",
                     target_id="sharing_agreements")
        raise Http404
    return user


@require_http_methods(["GET", "HEAD", "POST"])
def agreements(request: HttpRequest) -> HttpResponse:
    manager = _hub_manager(request)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_create(actor=manager, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("sharing_agreements")
    return render(request, "access/agreements.html", {
        "nav": "agreements", "form": form,
        "agreements": SharingAgreement.objects.select_related("provider", "recipient")
        .order_by("revoked_at", "provider__name", "recipient__name"),
    }, status=422 if form.errors else 200)


@require_POST
def agreement_revoke(request: HttpRequest, agreement_id: int) -> HttpResponse:
    manager = _hub_manager(request)
    agreement = SharingAgreement.objects.filter(pk=agreement_id,
                                                revoked_at__isnull=True).first()
    if agreement is None:
        raise Http404
    services.agreement_revoke(actor=manager, agreement=agreement)
    return redirect("sharing_agreements")


# ---------------------------------------------------------------- accounts


def _account_manager(request: HttpRequest, route: str) -> User:
    """A hub manager (their agency's accounts) or an administrator (every account)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    if not (user.has_role(Role.HUB_MANAGER) or user.has_role(Role.ADMIN)):
        audit.record(actor=user, verb=Verb.REFUSED, target_type="route", target_id=route)
        raise Http404
    return user


def _managed(request: HttpRequest, user_id: int, route: str) -> tuple[User, User]:
    """(the manager, the account they act on), or 404 — the refusal audited."""
    manager = _account_manager(request, route)
    account = accounts.manageable_accounts(manager).filter(pk=user_id).first()
    if account is None:
        audit.record(actor=manager, verb=Verb.REFUSED, target_type="user",
                     target_id=str(user_id), detail={"route": route})
        raise Http404
    return manager, account


@require_safe
def accounts_page(request: HttpRequest) -> HttpResponse:
    manager = _account_manager(request, "accounts")
    users = list(accounts.manageable_accounts(manager))
    audit.record(actor=manager, verb=Verb.VIEW, target_type="accounts",
                 detail={"route": "accounts", "accounts": len(users)})
    return render(request, "access/accounts.html", {
        "nav": "accounts", "accounts": users,
        "issued": accounts.set_up_code_required()})


@require_POST
def account_set_up_code(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, account = _managed(request, user_id, "account_set_up_code")
    code = accounts.set_up_code_issue(actor=manager, user=account)
    return render(request, "access/set_up_code.html", {
        "nav": "accounts", "account": account, "code": code,
        "hours": accounts.SET_UP_CODE_HOURS})


@require_POST
def account_second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, account = _managed(request, user_id, "account_second_factor_reset")
    accounts.user_second_factor_reset(actor=manager, user=account)
    messages.success(request, f"{account.username} will set up an authenticator app at "
                              "their next sign-in.")
    return redirect("accounts")


@require_POST
def account_disable(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, account = _managed(request, user_id, "account_disable")
    accounts.user_disable(actor=manager, user=account)
    messages.success(request, f"{account.username} can no longer sign in; their sessions "
                              "and API tokens have ended.")
    return redirect("accounts")
