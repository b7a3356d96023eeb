"""Views of the web shell: signing in (password, then code), signing out, the home page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.access.services import accounts
from safehub.agencies.models import User
from safehub.audit.log import AuditUnavailable
from safehub.concerns import views as concern_views
from safehub.web import second_factor, sign_in
from safehub.web.forms import SecondFactorForm, SetUpCodeForm, SignInForm
from safehub.web.home import home_for

CODE_REFUSED = {
    second_factor.CodeCheck.WRONG: (
        "The code is not correct, or it has already been used. Wait for your app to show "
        "a new code and enter that"
    ),
    second_factor.CodeCheck.THROTTLED: (
        "You have entered too many wrong codes. Wait a minute, then enter the code your app shows"
    ),
}


def audit_unavailable(request: HttpRequest) -> HttpResponse:
    """Signing in waits for the audit log: nothing is opened that is not recorded."""
    return render(request, "web/service_unavailable.html", status=503)


@method_decorator(second_factor.second_factor_not_required, name="dispatch")
class SignInView(LoginView):
    """The password step, in GOV.UK dress; django-axes counts its failures."""

    template_name = "web/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not isinstance(user, User):
            raise Http404
        sign_in.password_accepted(self.request, user, self.get_success_url())
        return HttpResponseRedirect(second_factor.second_factor_url(user))

    def form_invalid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        username = self.request.POST.get("username", "")
        if username:
            try:
                sign_in.password_refused(self.request, username)
            except AuditUnavailable:
                return audit_unavailable(self.request)
        return super().form_invalid(form)


def _password_signed_in(request: HttpRequest) -> User | None:
    """The user signed in by password (with the second factor or not); None if nobody."""
    return request.user if isinstance(request.user, User) else None


def _remember_next(request: HttpRequest) -> None:
    # The second-factor middleware says where the user was going.
    if "next" in request.GET:
        request.session[sign_in.NEXT_URL] = sign_in.safe_next_url(request, request.GET["next"])


def _code_step(
    request: HttpRequest,
    *,
    user: User,
    device: TOTPDevice,
    set_up: bool,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Check a posted code against `device`: go on if accepted, or show the page."""
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        check = second_factor.code_check(device=device, code=form.cleaned_data["code"])
        try:
            if check is second_factor.CodeCheck.ACCEPTED:
                return redirect(
                    sign_in.second_factor_accepted(request, user, device, set_up=set_up)
                )
            sign_in.code_refused(user, reason=check.value)
        except AuditUnavailable:
            return audit_unavailable(request)
        form.add_error("code", CODE_REFUSED[check])
    return render(request, template, {**context, "form": form})


# Both code pages are reached signed in by password only, and send the signed-out to sign
# in themselves (without a ?next= back to a code page).
@login_not_required
@second_factor.second_factor_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("code")
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The "Enter the 6-digit code" page: the second step once the app is set up."""
    user = _password_signed_in(request)
    if user is None:
        return redirect("login")
    _remember_next(request)
    if second_factor.is_verified(user):
        going_to = request.session.pop(sign_in.NEXT_URL, None)
        return redirect(sign_in.safe_next_url(request, going_to))
    device = second_factor.confirmed_device(user)
    if device is None:
        return redirect("sign_in_set_up")
    return _code_step(
        request,
        user=user,
        device=device,
        set_up=False,
        template="web/sign_in_code.html",
        context={},
    )


SET_UP_ALLOWED = "safehub_set_up_allowed"  # session: this user gave a good set-up code
SET_UP_CODE_REFUSED = (
    "The set-up code is not correct, has been used or has expired. "
    "Check it, or ask your hub manager for a new one"
)


def _set_up_code_step(request: HttpRequest, user: User) -> HttpResponse | None:
    """When set-up codes are issued: the page asking for one, until a right one is given
    (then None: the QR code may be shown)."""
    if not accounts.set_up_code_required() or request.session.get(SET_UP_ALLOWED) == user.pk:
        return None
    form = SetUpCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            accepted = accounts.set_up_code_use(user=user, code=form.cleaned_data["set_up_code"])
        except AuditUnavailable:
            return audit_unavailable(request)
        if accepted:
            request.session[SET_UP_ALLOWED] = user.pk
            return redirect("sign_in_set_up")
        form.add_error("set_up_code", SET_UP_CODE_REFUSED)
    return render(
        request,
        "web/sign_in_set_up_code.html",
        {"form": form},
        status=200 if not form.errors else 422,
    )


@login_not_required
@second_factor.second_factor_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("code", "set_up_code")
def sign_in_set_up(request: HttpRequest) -> HttpResponse:
    """The first sign-in: (with an issued set-up code) set up an authenticator app from a
    QR code, then enter a code."""
    user = _password_signed_in(request)
    if user is None:
        return redirect("login")
    _remember_next(request)
    if second_factor.confirmed_device(user) is not None:
        return redirect("sign_in_code")
    asked = _set_up_code_step(request, user)
    if asked is not None:
        return asked
    device = second_factor.device_to_set_up(user)
    return _code_step(
        request,
        user=user,
        device=device,
        set_up=True,
        template="web/sign_in_set_up.html",
        context={
            "qr_code": second_factor.qr_code_data_uri(device),
            "secret": second_factor.secret_for_reading(device),
        },
    )


@login_not_required
@second_factor.second_factor_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the session on the server (its key is deleted), audited."""
    signed_in = request.user.is_authenticated
    sign_in.sign_out(request)
    if signed_in:
        messages.success(request, "You have signed out.")
    return redirect("login")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Each user's work: by role (safehub/web/home.py); a partner's limited account lands
    on the concern form itself."""
    if not isinstance(request.user, User):
        raise Http404
    user = request.user
    if user.partner_only:
        return concern_views.concern_new(request)
    return render(request, "web/home.html", {"nav": "home", "home": home_for(user, timezone.now())})
