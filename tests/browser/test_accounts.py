"""A hub manager gives a new colleague a set-up code on the Accounts page; the colleague
signs in with their password, the code, then their new authenticator app."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.conf import LazySettings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from safehub.access.services.registration import agency_add, user_create
from safehub.agencies.models import Role
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_a_set_up_code_from_the_hub_manager_lets_a_colleague_set_up(
    page: Page,
    browser: Browser,
    live_server: object,
    problems: BrowserProblems,
    settings: LazySettings,
) -> None:
    settings.SAFEHUB_SECOND_FACTOR_SET_UP = "issued"
    police = agency_add(code="police", name="Northshire Police", type="police")
    manager = user_create(
        username="pat.manager", password=PASSWORD, agency=police, roles=[Role.HUB_MANAGER]
    )
    user_create(
        username="nia.new",
        password=PASSWORD,
        agency=police,
        roles=[Role.PRACTITIONER],
        first_name="Nia",
        last_name="New",
    )

    page.goto("/")
    sign_in_through_the_pages(
        page, username="pat.manager", password=PASSWORD, device=totp_device_for(manager)
    )
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounts")
    expect(page.get_by_role("row", name=re.compile("Nia New"))).to_contain_text("No app yet")
    assert_accessible(page)
    page.get_by_role("button", name="Give a set-up code to nia.new").click()
    code = page.locator("#set-up-code").inner_text()
    assert_accessible(page)

    colleague = browser.new_context(base_url=str(live_server)).new_page()
    colleague.goto("/sign-in/")
    colleague.get_by_label("Username").fill("nia.new")
    colleague.get_by_label("Password").fill(PASSWORD)
    colleague.get_by_role("button", name="Sign in").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Enter your set-up code")
    expect(colleague.get_by_role("img")).to_have_count(0)  # no QR code before the code
    assert_accessible(colleague)
    colleague.get_by_label("Set-up code").fill(code)
    colleague.get_by_role("button", name="Continue").click()

    expect(colleague.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    colleague.get_by_text("I cannot scan the QR code").click()
    secret = colleague.locator("#totp-secret").inner_text().replace(" ", "")
    colleague.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    colleague.get_by_role("button", name="Continue").click()
    expect(colleague.get_by_role("heading", name="Set up your authenticator app")).to_have_count(0)
    assert TOTPDevice.objects.get(user__username="nia.new").confirmed

    page.get_by_role("link", name="Back to accounts").click()
    expect(page.get_by_role("row", name=re.compile("Nia New"))).to_contain_text("App set up")
    assert problems == []
