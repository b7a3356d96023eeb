"""Playwright fixtures: Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread; Django would then refuse
ORM calls from that thread (SynchronousOnlyOperation) although nothing here is async.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tests.audit.tampering import purge_audit_log
from tests.operations.decision_triggers import purge_decision_log
from tests.signin import current_code

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).resolve().parents[2] / "safehub" / "web" / "static" / "vendor"
REQUIRED_ASSETS = (
    "govuk/govuk-frontend.min.css",
    "govuk/govuk-frontend.min.js",
    "moj/moj-frontend.min.css",
    "moj/moj-frontend.min.js",
    "htmx/htmx.min.js",
)


@pytest.fixture(scope="session")
def vendor_assets() -> Path:
    """The built front-end packages; without them the pages are unstyled and untestable."""
    missing = [name for name in REQUIRED_ASSETS if not (VENDOR / name).is_file()]
    if missing:
        pytest.fail(
            f"front-end assets are missing from {VENDOR} ({', '.join(missing)}): "
            "run `make assets` (npm ci, then scripts/build_assets.py) first.",
            pytrace=False,
        )
    return VENDOR


@pytest.fixture(scope="session")
def browser(vendor_assets: Path) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (apt).", pytrace=False
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def audit_log_emptied_after(transactional_db: None) -> Iterator[None]:
    """Signing in writes audit rows, which refuse DELETE: empty the log (triggers lifted
    for the moment) so the flush that ends a live-server test can run."""
    yield
    purge_decision_log()  # likewise append-only
    purge_audit_log()


class BrowserProblems(list[str]):
    """Console errors (CSP violations among them), page errors and failed requests."""


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def page(browser: Browser, live_server: object, problems: BrowserProblems) -> Iterator[Page]:
    context = browser.new_context(
        base_url=str(live_server), viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    yield page
    context.close()


def sign_in_through_the_pages(
    page: Page, *, username: str, password: str, device: TOTPDevice
) -> None:
    """Sign in as a person would: the password page, then the code from their app."""
    if "/sign-in/" not in page.url:
        page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the 6-digit code")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter the 6-digit code")).to_have_count(0)


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page: Page, *, best_practices: bool = False) -> None:
    """No failure of WCAG 2.2 A or AA that axe-core can detect on the page as it is (and,
    with `best_practices`, of every other rule axe-core runs by default)."""
    options = None if best_practices else {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()
