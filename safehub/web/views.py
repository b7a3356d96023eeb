"""Views of the web shell: signing in and the home page."""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safehub.ingest import queries as ingest_queries
from safehub.web.forms import SignInForm


class SignInView(LoginView):
    """Django's sign-in (already exempt from LoginRequiredMiddleware), in GOV.UK dress."""

    template_name = "web/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {
        "nav": "home",
        "agencies": ingest_queries.hub_agencies(),
    })
