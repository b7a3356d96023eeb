"""What every module of the API shares: the caller, the error shape and the route wrapper.

The API is one package at the top layer, beside the web pages: one module per app's
resources (persons, tokens, link reviews), each thin — authenticate, call the app's
queries or services (which apply the policy and audit), serialise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from safehub.access.policy import Viewer, viewer_for
from safehub.agencies.models import User

View = Callable[..., Any]


def api_route(view: View) -> View:
    """An API view answers for itself — 401 or 403 as JSON — instead of the web pages'
    redirects: LoginRequiredMiddleware lets it through (DRF authenticates the token or
    session inside the view), and so does the second-factor middleware, whose rule
    VerifiedSessionAuthentication and IsVerifiedUser apply (its marker attribute, set
    here because safehub.api may not import safehub.web)."""
    view = login_not_required(view)
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


def user_of(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # the permission classes let no one else through
        raise NotAuthenticated
    return user


def viewer_of(request: Request) -> Viewer:
    return viewer_for(user_of(request))


class ErrorSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()


ERRORS = {
    401: OpenApiResponse(
        ErrorSerializer, description="not signed in, second factor not passed, or a bad token"
    ),
    403: OpenApiResponse(ErrorSerializer, description="refused (CSRF, or not allowed here)"),
    503: OpenApiResponse(
        ErrorSerializer, description="the audit log cannot be written, so nothing is shown"
    ),
}
