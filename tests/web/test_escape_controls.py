"""Text typed with control characters is shown with them escaped (docs/security.md #12)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from safehub.audit.models import AuditEvent, Verb
from safehub.web.templatetags.safehub_ui import escape_controls


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("pat.manager", "pat.manager"),
        ("eve\x1b[31m", "eve\\x1b[31m"),
        ("line\r\nforged", "line\\r\\nforged"),
        ("a\x00b\x7f\x85", "a\\x00b\\x7f\\x85"),
        ("admin\u202egnp.exe", "admin\\u202egnp.exe"),
        ("Zoë Ó Súilleabháin", "Zoë Ó Súilleabháin"),
    ],
)
def test_control_characters_are_shown_as_escapes(typed: str, shown: str) -> None:
    assert escape_controls(typed) == shown


def test_escaped_text_is_still_html_escaped() -> None:
    html = Template("{% load safehub_ui %}{{ name|escape_controls }}").render(
        Context({"name": "<b>\x1b</b>"})
    )
    assert html == "&lt;b&gt;\\x1b&lt;/b&gt;"


def test_nul_in_a_username_is_refused_and_audited_harmlessly(client: Client, db: None) -> None:
    response = client.post(reverse("login"), {"username": "pat\x00manager", "password": "x"})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert event.actor_username == "pat\ufffdmanager"
