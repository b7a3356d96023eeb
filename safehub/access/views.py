"""The hub manager's sharing-agreement pages: list, record, revoke. Thin views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safehub.access import services
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
