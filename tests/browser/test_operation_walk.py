"""An operation walked end to end through its pages (issue 13), as its team would: a police
supervisor opens it and names a survivor and a suspect; the survivor goes from identified,
through her pre-contact review (health's own check, approval by a supervisor who did not
write the plan), to "not now" without a date — which prompts no one to contact her — and
back to engaged and support in place; the suspect from identified to charged, with an
order served; a decision in the log, which refuses edits and `safehub audit verify`
covers; a meeting agrees two actions, the overdue one on its owner's home page; and the
return matches the nominals walked. Every person here is made up. Accessible throughout."""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from safehub.agencies.models import Agency, Role, User
from safehub.meetings.models import MeetingAction
from safehub.operations.models import Decision, Operation
from safehub.operations.services import current
from safehub.records.models import Person
from tests import factories as f
from tests.browser.conftest import BrowserProblems, assert_accessible, sign_in_through_the_pages
from tests.signin import totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # pragma: allowlist secret
OPERATION = "Operation Quillwort"
SURVIVOR = "Keeley Brannock"
SUSPECT = "Gary Pellow"
# ---------------------------------------------------------------- the world


@dataclass(frozen=True)
class World:
    police: Agency
    health: Agency
    council: Agency
    opener: User  # police supervisor A: opens the operation, writes the plan
    approver: User  # police supervisor B: approves the plan
    senior: User  # the senior officer
    officer: User  # police practitioner: records the contacts, owns the actions
    nurse: User  # health practitioner: health's check
    survivor: Person
    suspect: Person


def _user(of: Agency, role: Role, first: str, last: str) -> User:
    made = f.user(of, role, username=f"{first}.{last}".lower())
    made.first_name, made.last_name = first, last
    made.save(update_fields=["first_name", "last_name"])
    totp_device_for(made)
    return made


def world() -> World:
    northvale = f.hub("northvale")
    police = f.agency("police", hub=northvale)
    health = f.agency("health", "health", record_sensitivity="health", hub=northvale)
    council = f.agency("council", "children_social_care", hub=northvale)
    given, family = SURVIVOR.split()
    survivor = f.record(police, given_names=given, family_name=family, sex="female").person
    f.record(health, person=survivor, given_names=given, family_name=family, sex="female")
    given, family = SUSPECT.split()
    suspect = f.record(police, given_names=given, family_name=family, sex="male").person
    return World(
        police=police,
        health=health,
        council=council,
        opener=_user(police, Role.SUPERVISOR, "Ruth", "Calder"),
        approver=_user(police, Role.SUPERVISOR, "Owen", "Threlfall"),
        senior=_user(police, Role.SUPERVISOR, "Helen", "Strand"),
        officer=_user(police, Role.PRACTITIONER, "Priya", "Nandra"),
        nurse=_user(health, Role.PRACTITIONER, "Tom", "Akers"),
        survivor=survivor,
        suspect=suspect,
    )


# ---------------------------------------------------------------- walking the pages


def _shot(page: Page, name: str) -> None:
    if folder := os.environ.get("SAFEHUB_SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _sign_in_as(page: Page, user: User) -> None:
    """Whoever was signed in signs out; `user` signs in through the pages."""
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Safehub")
    else:
        page.goto("/")
    sign_in_through_the_pages(
        page, username=user.username, password=PASSWORD, device=totp_device_for(user)
    )


def _done(page: Page, words: str) -> None:
    expect(page.get_by_role("alert").filter(has_text=words)).to_be_visible()


def _form(page: Page, button: str) -> Locator:
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def _field(scope: Locator, label: str) -> Locator:
    """The control a label in `scope` (a form, a fieldset) names, found within `scope`:
    where a page repeats an id, the label's `for` leads a person's screen reader to a
    control of another form — `_labels_astray` reports that, and the walk goes on."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    target = scope.locator("label").filter(has_text=exact).get_attribute("for")
    return scope.locator(f'[id="{target}"]')


LABELS_ASTRAY = """() => {
  const counts = {};
  for (const e of document.querySelectorAll("[id]")) counts[e.id] = (counts[e.id] || 0) + 1;
  const found = [];
  for (const label of document.querySelectorAll("label[for]")) {
    const control = document.getElementById(label.htmlFor);
    if (counts[label.htmlFor] > 1 && control && control.form !== label.closest("form")) {
      found.push(`label "${label.textContent.trim()}" names #${label.htmlFor}, a control ` +
                 `of another form (the id is on the page ${counts[label.htmlFor]} times)`);
    }
  }
  return found;
}"""


def _labels_astray(page: Page, where: str, defects: list[str]) -> None:
    """Labels that name a control of another form, because the page repeats its id."""
    defects.extend(f"{where}: {found}" for found in page.evaluate(LABELS_ASTRAY))


def _row(page: Page, name: str) -> Locator:
    return page.get_by_role("row").filter(has_text=name)


def _walk(page: Page, name: str, *steps: tuple[str, str, int]) -> None:
    """Record where a nominal is now, a step at a time, with the status form of their row."""
    for value, words, days_ago in steps:
        row = _row(page, name)
        row.get_by_label("Now", exact=True).select_option(value)
        row.get_by_label("From", exact=True).fill(_day(days_ago))
        row.get_by_role("button", name="Record", exact=True).click()
        _done(page, "Their status is recorded.")
        expect(_row(page, name).locator(".govuk-tag")).to_have_text(words)


def _to_the_operation(page: Page) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Operations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your operations")
    page.get_by_role("link", name=OPERATION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OPERATION)


def _to_the_survivor(page: Page) -> None:
    _to_the_operation(page)
    page.get_by_role("link", name=SURVIVOR).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SURVIVOR)


def _record_contact(page: Page, *, on: str, decision: str, words: str = "") -> None:
    form = _form(page, "Record the contact")
    _field(form, "Date of the contact").fill(on)
    _field(form, "How").fill("A visit with her ISVA, weekday morning")
    _field(form.get_by_role("group", name="What she decided"), decision).check()
    if words:
        _field(form, "In her words (if she wants them kept)").fill(words)
    agreed = form.get_by_role("group", name="Did she agree to a date to come back?")
    _field(agreed, "No").check()
    form.get_by_role("button", name="Record the contact").click()
    _done(page, "The contact and her decision are recorded.")


def _no_prompt_to_contact_her(page: Page, operation: Operation) -> None:
    """She said not now and agreed no date: nothing anywhere asks anyone to contact her —
    not her page, not the home page, not the operation's page."""
    expect(page.get_by_text("agreed to be contacted again")).to_have_count(0)
    page.goto("/")
    expect(
        page.get_by_role("heading", name="Survivors who asked to be contacted again")
    ).to_have_count(0)
    expect(page.locator("#come-back")).to_have_count(0)
    # The home page lists the operation among her cases, never her as someone to contact.
    expect(page.get_by_role("main")).not_to_contain_text(SURVIVOR)
    page.goto(f"/operations/{operation.pk}/")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("contacted again")
    expect(main).not_to_contain_text("come back")
    expect(_row(page, SURVIVOR).locator(".govuk-tag")).to_have_text("Not now")


def test_an_operation_is_walked_from_opening_to_its_return(
    page: Page, problems: BrowserProblems
) -> None:
    w = world()
    defects: list[str] = []  # found on the way, reported at the end
    today = timezone.localdate()

    # ---- 1. Supervisor A opens the operation, grows its team, names its people.
    _sign_in_as(page, w.opener)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Operations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your operations")
    assert_accessible(page)
    _labels_astray(page, "the list of operations", defects)
    opening = _form(page, "Open the operation")
    _field(opening, "Name").fill(OPERATION)
    _field(opening, "Scope").fill(
        "Abuse of girls in the care of the Larkfield children's home, 2004-2011."
    )
    _field(opening, "Senior officer").select_option(label="Helen Strand")
    _field(opening, "Institution").select_option(label="Children's home or care setting")
    opening.get_by_role("button", name="Open the operation").click()
    _done(page, f"{OPERATION} is open.")
    expect(page.get_by_role("heading", level=1)).to_have_text(OPERATION)
    operation = Operation.objects.get(name=OPERATION)
    expect(page).to_have_url(re.compile(rf"/operations/{operation.pk}/$"))

    for colleague in ("Tom Akers", "Owen Threlfall", "Priya Nandra"):
        team = _form(page, "Add to the team")
        _field(team, "Add to the team").select_option(label=colleague)
        team.get_by_role("button", name="Add to the team").click()
        _done(page, "They are in the team.")
    members = page.locator(".govuk-summary-list__row").filter(has_text="Team")
    for member in ("Ruth Calder", "Helen Strand", "Owen Threlfall", "Priya Nandra"):
        expect(members).to_contain_text(f"{member} (Northvale Police)")
    expect(members).to_contain_text("Tom Akers (Northvale Health)")

    for person, role in ((w.survivor, "Victim or survivor"), (w.suspect, "Suspect")):
        naming = _form(page, "Add to the operation")
        _field(naming, "Person's id").fill(str(person.pk))
        _field(naming.get_by_role("group", name="Role in the operation"), role).check()
        _field(naming, "Identified on").fill(_day(120))
        naming.get_by_role("button", name="Add to the operation").click()
        _done(page, "The person is a nominal of the operation.")
    expect(_row(page, SURVIVOR).locator(".govuk-tag")).to_have_text("Identified")
    expect(_row(page, SUSPECT).locator(".govuk-tag")).to_have_text("Identified")

    # ---- 3. The suspect, identified to charged; an order served on him.
    _walk(
        page,
        SUSPECT,
        ("traced", "Traced", 110),
        ("arrested", "Arrested", 100),
        ("interviewed", "Interviewed", 100),
        ("charged", "Charged", 60),
    )
    page.get_by_text("Record an order or notice").click()
    order = _form(page, "Record it")
    _field(order, "Suspect").select_option(label=SUSPECT)
    _field(order, "Order or notice").select_option(label="Sexual risk order")
    _field(order, "Served or made on").fill(_day(55))
    _field(order, "Ends on (if it ends)").fill((today + timedelta(days=365)).isoformat())
    _field(order, "Note").fill("No contact with any girl under 18.")
    order.get_by_role("button", name="Record it").click()
    _done(page, "The order or notice is recorded.")
    orders = page.get_by_role("row").filter(has_text="Sexual risk order")
    expect(orders).to_contain_text(SUSPECT)
    expect(orders).to_contain_text("In force")

    # ---- 4. A decision in the log: its kind, author and rationale in the timeline.
    deciding = _form(page, "Record the decision")
    _field(deciding.get_by_role("group", name="Kind of decision"), "Prioritised").check()
    rationale = "Survivors first: trace and review Keeley before Pellow's next hearing."
    _field(deciding, "Rationale").fill(rationale)
    deciding.get_by_role("button", name="Record the decision").click()
    _done(page, "The decision is in the log.")
    entry = page.locator(".moj-timeline__item").filter(has_text="Prioritised")
    expect(entry).to_contain_text("by Ruth Calder (police)")
    expect(entry).to_contain_text(rationale)
    # An entry is for reading only: nothing on the page edits or removes it.
    expect(page.locator(".moj-timeline").get_by_role("button")).to_have_count(0)
    expect(page.locator(".moj-timeline").get_by_role("link")).to_have_count(0)

    # ---- 2. The survivor: identified, traced, under pre-contact review; her plan.
    _walk(
        page,
        SURVIVOR,
        ("traced", "Traced", 90),
        ("pre_contact_review", "Pre-contact review", 80),
    )
    figures = page.locator(".govuk-summary-list__row").filter(has_text="Suspects")
    expect(figures).to_contain_text("1 identified, 1 arrested, 1 charged, 0 convicted")
    assert_accessible(page)
    _labels_astray(page, "the operation's page", defects)
    _shot(page, "operation")

    page.get_by_role("link", name=SURVIVOR).click()
    expect(page).to_have_url(re.compile(rf"/operations/{operation.pk}/people/{w.survivor.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SURVIVOR)
    expect(page.get_by_text("No contact plan yet.")).to_be_visible()
    # What each agency knows: the police's own in full, health's only as held by it.
    expect(page.get_by_role("heading", name="What each agency knows about her")).to_be_visible()
    expect(page.get_by_text("Held by Northvale Health").first).to_be_visible()
    # No contact before the plan is approved: no form to record one.
    expect(page.get_by_role("heading", name="Record a contact and her decision")).to_have_count(0)
    plan = _form(page, "Save the plan")
    _field(plan, "Risks and needs").fill(
        "A young son; lives two streets from Pellow's brother. Contact may bring back trauma."
    )
    _field(plan, "Who makes contact").fill("DC Nandra with her ISVA")
    _field(plan, "How and when").fill("A letter first, then a visit on a weekday morning.")
    _field(plan, "What not to do").fill("Never call at her work.")
    _field(plan.get_by_role("group", name="Support offered"), "ISVA").check()
    plan.get_by_role("button", name="Save the plan").click()
    _done(page, "The plan is written")
    expect(page.get_by_text("Not approved")).to_be_visible()
    # She wrote it: she may not approve it — no button, and the server refuses it too.
    expect(page.get_by_role("button", name="Approve the plan")).to_have_count(0)
    written = operation.plans.get()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    refused = page.request.post(
        f"/operations/{operation.pk}/people/{w.survivor.pk}/plan/approve/",
        form={"csrfmiddlewaretoken": token, "plan": str(written.pk)},
    )
    assert refused.status == 422, refused.status
    assert "A plan is approved by a supervisor who did not write it." in refused.text()
    written.refresh_from_db()
    assert written.approved_at is None
    expect(page.get_by_role("heading", name="Record a contact and her decision")).to_have_count(0)
    assert_accessible(page)
    _labels_astray(page, "the survivor's page", defects)
    _shot(page, "survivor-plan")

    # ---- 5. A meeting: a decision for her, two actions, one already overdue.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your meetings")
    convening = _form(page, "Convene the meeting")
    _field(convening.get_by_role("group", name="Kind of meeting"), "Strategy meeting").check()
    _field(convening, "Date").fill(_day(14))
    attendees = convening.get_by_role("group", name="Who attends")
    _field(attendees, "Priya Nandra (Northvale Police)").check()
    _field(attendees, "Tom Akers (Northvale Health)").check()
    convening.get_by_role("button", name="Convene the meeting").click()
    _done(page, "The meeting is convened.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategy meeting")

    discussed = _form(page, "Record the decision")
    _field(discussed, "Person's id").fill(str(w.survivor.pk))
    _field(discussed, "What the meeting decided").fill(
        "Contact her only as her plan says, once it is approved."
    )
    discussed.get_by_role("button", name="Record the decision").click()
    _done(page, "The decision is recorded.")
    expect(page.locator(".govuk-summary-list__row").filter(has_text=SURVIVOR)).to_contain_text(
        "Contact her only as her plan says"
    )
    overdue = "Find the Larkfield home's staff rotas for 2004-2011"
    later = "Ask the council for her care records"
    for text, due in ((overdue, _day(3)), (later, (today + timedelta(days=14)).isoformat())):
        action = _form(page, "Agree the action")
        _field(action, "Action").fill(text)
        _field(action, "Owner").select_option(label="Priya Nandra (Northvale Police)")
        _field(action, "Due on").fill(due)
        _field(action, "For whom (a person's id, if anyone)").fill(str(w.survivor.pk))
        action.get_by_role("button", name="Agree the action").click()
        _done(page, "The action is agreed.")
    expect(_row(page, overdue).locator(".govuk-tag")).to_have_text("Overdue")
    expect(_row(page, later).locator(".govuk-tag")).to_have_text("Open")
    assert_accessible(page)
    _labels_astray(page, "the meeting's page", defects)
    _shot(page, "meeting")
    assert MeetingAction.objects.filter(owner=w.officer).count() == 2

    # ---- 2. Health records its own check.
    _sign_in_as(page, w.nurse)
    _to_the_survivor(page)
    expect(page.get_by_text("No agency has recorded its check yet.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve the plan")).to_have_count(0)
    checking = _form(page, "Record your agency's check")
    _field(checking, "What your agency holds").fill("Nothing relevant")
    checking.get_by_role("button", name="Record your agency's check").click()
    _done(page, "Your agency's check is recorded.")
    expect(_row(page, "Northvale Health")).to_contain_text("Nothing relevant")
    expect(_row(page, "Northvale Health")).to_contain_text("Tom Akers")

    # ---- 2. Supervisor B, who did not write it, approves the plan.
    _sign_in_as(page, w.approver)
    _to_the_survivor(page)
    _labels_astray(page, "the survivor's page (approving)", defects)
    expect(_row(page, "Northvale Health")).to_contain_text("Nothing relevant")
    # Not before every agency of the team has checked: the police have not yet.
    expect(page.locator("#checks-awaited")).to_contain_text("Waiting for: Northvale Police.")
    expect(page.get_by_role("button", name="Approve the plan")).to_have_count(0)
    checking = _form(page, "Record your agency's check")
    _field(checking, "What your agency holds").fill("Two reports from 2006; nothing since")
    checking.get_by_role("button", name="Record your agency's check").click()
    _done(page, "Your agency's check is recorded.")
    expect(page.locator("#checks-awaited")).to_have_count(0)
    page.get_by_role("button", name="Approve the plan").click()
    _done(page, "The plan is approved.")
    approval = page.locator(".govuk-summary-list__row").filter(has_text="Approval")
    expect(approval).to_contain_text("Approved by Owen Threlfall")
    expect(page.get_by_role("button", name="Approve the plan")).to_have_count(0)

    # ---- 5. The actions' owner sees the overdue one on her home page, and only it.
    _sign_in_as(page, w.officer)
    page.goto("/")
    listed = page.locator("#overdue-actions")
    expect(listed.get_by_role("listitem")).to_have_count(1)
    expect(listed).to_contain_text(overdue)
    expect(listed).not_to_contain_text(later)

    # ---- 2. She says "not now", agreeing no date: no one is prompted to contact her.
    _to_the_survivor(page)
    _labels_astray(page, "the survivor's page, her plan approved", defects)
    _record_contact(page, on=_day(70), decision="Not now", words="Not while my son is small.")
    expect(page.locator(".govuk-summary-list .govuk-tag").first).to_have_text("Not now")
    expect(page.locator(".moj-timeline")).to_contain_text("Not while my son is small.")
    assert current(operation, w.survivor.pk).status == "not_now"  # type: ignore[union-attr]
    assert operation.choices.get().come_back_on is None
    assert_accessible(page)
    _labels_astray(page, "the survivor's page, she said not now", defects)
    _shot(page, "survivor-not-now")
    _no_prompt_to_contact_her(page, operation)

    # ---- 2. Later she comes back herself: engaged, then support in place.
    page.get_by_role("link", name=SURVIVOR).click()
    _record_contact(page, on=_day(30), decision="Engage now")
    expect(page.locator(".govuk-summary-list .govuk-tag").first).to_have_text("Engaged")
    page.get_by_role("link", name=f"Back to {OPERATION}").click()
    _walk(page, SURVIVOR, ("support_in_place", "Support in place", 20))
    survivors = page.locator(".govuk-summary-list__row").filter(has_text="Survivors")
    expect(survivors).to_contain_text(
        "1 identified, 1 traced, 1 contacted, 1 engaged, 1 with support in place"
    )

    # ---- 6. The return matches the nominals walked.
    page.get_by_role("link", name="The operation's return").click()
    expect(page).to_have_url(re.compile(rf"/operations/{operation.pk}/return/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The operation's return")
    expected = {
        "victims_identified": 1,
        "victims_traced": 1,
        "victims_contacted": 1,
        "victims_engaged": 1,
        "victims_supported": 1,
        "suspects_identified": 1,
        "suspects_arrested": 1,
        "suspects_charged": 1,
        "suspects_convicted": 0,
    }
    for figure, count in expected.items():
        expect(page.locator(f'[data-figure="{figure}"]')).to_have_text(str(count))
    suspect_row = _row(page, SUSPECT)
    expect(suspect_row.get_by_role("cell").nth(1)).to_have_text("Male")
    expect(suspect_row.get_by_role("cell").nth(4)).to_have_text("Charged")
    expect(page.get_by_text("Institution: Children's home or care setting")).to_be_visible()
    assert_accessible(page)
    _labels_astray(page, "the return's page", defects)
    _shot(page, "return")

    link = page.get_by_role("link", name="Download the return (CSV)")
    expect(link).to_have_attribute("href", f"/operations/{operation.pk}/return.csv")
    answer = page.request.get(f"/operations/{operation.pk}/return.csv")
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text())))
    assert rows == [
        {
            "suspect": "1",
            "sex": "Male",
            "deceased": "No",
            "public_prominence": "No",
            "institution": "Children's home or care setting",
            "operation": "Live",
            "outcome": "Charged",
        }
    ]
    assert SUSPECT.split()[1] not in answer.text()  # the file names no one

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Operations").click()
    expect(_row(page, OPERATION).get_by_role("cell")).to_have_text(
        [OPERATION, "Helen Strand", "Open", "1", "1", "1", "1"]
    )
    assert_accessible(page)
    _labels_astray(page, "the list of operations", defects)

    # ---- 4. The decision log refuses edits, and `safehub audit verify` covers it.
    logged = Decision.objects.get(operation=operation)
    assert (logged.kind, logged.author, logged.rationale) == ("priority", w.opener, rationale)
    logged.rationale = "Suspects first."
    with pytest.raises(TypeError):
        logged.save()
    with pytest.raises(TypeError):
        Decision.objects.filter(pk=logged.pk).update(rationale="Suspects first.")
    table = Decision._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET rationale = %s WHERE id = %s", ["Changed.", logged.pk])
    assert Decision.objects.get(pk=logged.pk).rationale == rationale
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert re.search(r"The operations' decision logs hold: 1 entr(y|ies)", out.getvalue()), (
        out.getvalue()
    )
    found = [*defects, *problems]
    assert not found, "\n".join(found)
