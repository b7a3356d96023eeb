"""Signing in through the real pages: first set-up from the QR code's key, then the code."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from safehub.access.services.registration import agency_add, user_create
from safehub.agencies.models import Role
from safehub.audit.models import AuditEvent, Verb
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import current_code, totp_device_for

PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_sign_in_sets_up_the_authenticator_app(page: Page, problems: BrowserProblems) -> None:
    police = agency_add(code="police", name="Northshire Police", type="police")
    user = user_create(
        username="pat.manager",
        password=PASSWORD,
        agency=police,
        roles=[Role.HUB_MANAGER],
        first_name="Pat",
        last_name="Manager",
    )

    page.goto("/agencies/police/extracts/")
    assert_accessible(page)
    page.get_by_label("Username").fill("pat.manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr_code = page.get_by_role("img", name="QR code to add Safehub to your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0  # the data: URI rendered
    assert_accessible(page)
    # As a person without a camera would: open the details, read the key, use an app.
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    code = totp(b32decode(secret))
    page.get_by_label("Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/agencies/police/extracts/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Extracts")
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN, actor=user).count() == 1

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Safehub")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    assert problems == [], "the browser reported problems (CSP violations among them)"


def test_code_page_refuses_a_wrong_code_then_accepts_the_right_one(
    page: Page, problems: BrowserProblems
) -> None:
    police = agency_add(code="police", name="Northshire Police", type="police")
    user = user_create(
        username="paul.practitioner", password=PASSWORD, agency=police, roles=[Role.PRACTITIONER]
    )
    device = totp_device_for(user)

    page.goto("/sign-in/")
    page.get_by_label("Username").fill("paul.practitioner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the 6-digit code")
    assert_accessible(page)
    # Signed in by password only: the menu into the data is not there yet.
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    page.get_by_label("Code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the code as 6 digits")
    assert_accessible(page)

    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safehub")
    assert problems == [], "the browser reported problems (CSP violations among them)"


def test_helper_signs_in_through_the_pages(page: Page, problems: BrowserProblems) -> None:
    police = agency_add(code="police", name="Northshire Police", type="police")
    user = user_create(
        username="paul.practitioner", password=PASSWORD, agency=police, roles=[Role.PRACTITIONER]
    )
    sign_in_through_the_pages(
        page, username="paul.practitioner", password=PASSWORD, device=totp_device_for(user)
    )
    expect(page.get_by_text("You work for Northshire Police")).to_be_visible()
    assert problems == []
