"""Forms of the web shell: the password step and the code step of signing in."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

_SIX_DIGITS = re.compile(r"[0-9]{6}")
_SEPARATORS = re.compile(r"[\s-]+")


class SignInForm(AuthenticationForm):
    """The one message for a wrong username or a wrong password, so neither leaks which."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class SecondFactorForm(forms.Form):
    """The 6-digit code from the user's authenticator app (spaces and hyphens allowed)."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = _SEPARATORS.sub("", self.cleaned_data["code"])
        if not _SIX_DIGITS.fullmatch(code):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code


class SetUpCodeForm(forms.Form):
    """The one-time set-up code a hub manager or administrator gave the user."""

    set_up_code = forms.CharField(
        label="Set-up code",
        max_length=40,
        strip=True,
        error_messages={"required": "Enter the set-up code your hub manager gave you"},
    )
