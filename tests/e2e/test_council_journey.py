"""Issue 14, done when: a council that is not London Councils, with a Cabinet, runs its plan in
the browser from set-up to an approved update, every page passing axe-core and fitting a phone."""

from __future__ import annotations

import datetime as dt
import re

from tests.e2e.conftest import PASSWORD
from tests.e2e.pages import check_page, sign_in, sign_out, visit

DOCUMENT = b"""Westshire Borough Council

Corporate Plan 2026-27

Priority 1: Safe and clean neighbourhoods
1.1 Recruit ten more neighbourhood wardens by Septmber 2026
1.2 Launch the fly-tipping reporting app by Winter 2026/27

Priority 2: A thriving local economy
2.1 Open the new business hub in the old library by March 2027
"""
PHONE = {"width": 390, "height": 844}
VISITED: list[str] = []


def seen(page) -> None:
    """Every page on the way: axe-core finds nothing, and at 390 px nothing scrolls sideways."""
    check_page(page)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{page.url} is {wide}px wide on a 390px phone"
    page.set_viewport_size(size)
    VISITED.append(page.url)


def go(page, url: str) -> None:
    visit(page, url)
    seen(page)


def test_a_council_sets_up_imports_edits_adopts_and_approves_an_update_from_the_inbox(page, server):
    # The plan manager sets up the council, its Cabinet and an officer.
    sign_in(page, server, "manager", PASSWORD)
    go(page, server + "/organisations/")
    page.get_by_label("Name", exact=True).fill("Westshire Borough Council")
    page.get_by_role("button", name="Add organisation").click()
    seen(page)
    overview = page.url
    slug = overview.rstrip("/").split("/")[-1]
    go(page, f"{server}/organisations/{slug}/bodies/add/")
    page.get_by_label("Name", exact=True).fill("Cabinet")
    page.get_by_label("Executive").check()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name=re.compile("^(Add|Save)")).click()
    seen(page)
    go(page, f"{server}/organisations/{slug}/people/add/")
    page.get_by_label("Full name").fill("Kit Okoye")
    page.get_by_label("Email address (optional)").fill("kit.okoye@westshire.example")
    page.get_by_role("button", name="Add person").click()
    seen(page)
    page.get_by_label("Sign-in name (optional)").fill("kit")
    page.get_by_label("Officer", exact=True).check()
    page.locator("form", has=page.get_by_label("Sign-in name (optional)")).get_by_role("button").click()
    seen(page)
    assert page.get_by_text("Sign-in account for Kit Okoye saved").is_visible()

    # It imports its plan document.
    go(page, server + "/import/")
    page.get_by_label("Upload a document").set_input_files(
        {"name": "westshire.txt", "mimeType": "text/plain", "buffer": DOCUMENT})
    page.get_by_label("Organisation (optional)").fill("Westshire Borough Council")
    page.get_by_role("button", name="Import document").click()
    seen(page)
    page.get_by_role("button", name="Save as draft plan").click()
    seen(page)
    if "/plans/" not in page.url:  # the saved draft's page, or a link to it
        page.locator(".govuk-inset-text a").click()
        seen(page)
    plan_url = page.url.split("?")[0].rstrip("/")

    # It fixes two elements in the editor and gives both priority-1 milestones an owner at once.
    page.get_by_role("link", name="Edit plan").click()
    seen(page)
    page.get_by_role("link", name=re.compile(r"^Edit Recruit ten more neighbourhood wardens")).click()
    seen(page)
    page.get_by_label("Title").fill("Recruit ten more neighbourhood wardens")
    page.get_by_label("Target date (optional)").fill("September 2026")
    page.get_by_role("button", name="Save", exact=True).click()
    seen(page)
    page.get_by_role("link", name=re.compile(r"^Edit Open the new business hub")).click()
    seen(page)
    page.get_by_label("Target date (optional)").fill("Q4 2026/27")
    page.get_by_role("button", name="Save", exact=True).click()
    seen(page)
    tree = page.locator("#plan-elements")
    tree.get_by_label(re.compile("Recruit ten more neighbourhood wardens")).check()
    tree.get_by_label(re.compile("Launch the fly-tipping reporting app")).check()
    page.get_by_label("Set their owner").check()
    page.get_by_label("New owner").select_option(label="Kit Okoye")
    page.get_by_role("button", name="Apply to selected elements").click()
    seen(page)
    assert page.get_by_text("Changed 2 elements.").is_visible()

    # It takes the plan through Cabinet to adoption.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    go(page, server + "/meetings/")
    page.get_by_label("Body").select_option(label="Cabinet (Westshire Borough Council)")
    date_box = page.get_by_label("Date", exact=True)
    if date_box.count():
        date_box.fill(yesterday.strftime("%d/%m/%Y"))
    else:
        page.get_by_label("Day").fill(str(yesterday.day))
        page.get_by_label("Month").fill(str(yesterday.month))
        page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_role("button", name="Add", exact=True).click()
    seen(page)
    go(page, plan_url + "/decisions/")
    page.get_by_label("Adopt at Cabinet (Adopted)").check()
    page.get_by_label("Meeting").select_option(label=f"Cabinet, {yesterday:%-d %B %Y}")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Record decision").click()
    seen(page)
    assert page.get_by_text("Decision recorded").is_visible()
    sign_out(page)

    # The officer reports progress on the work they now own.
    sign_in(page, server, "kit", PASSWORD)
    go(page, server + "/my-elements/")
    page.get_by_role("link", name=re.compile("^Update.*Recruit ten more neighbourhood wardens")).click()
    seen(page)
    page.get_by_label("Amber").check()
    page.get_by_label("Percent complete").fill("40")
    page.get_by_label("Commentary", exact=True).fill("Four wardens in post.\nInterviews for six more in May.")
    page.get_by_role("button", name="Submit update").click()
    seen(page)
    sign_out(page)

    # The manager returns it from the inbox.
    sign_in(page, server, "manager", PASSWORD)
    page.get_by_role("link", name=re.compile("^Inbox")).click()
    seen(page)
    card = page.locator(".govuk-summary-card", has_text="Interviews for six more in May.")
    card.get_by_label("Comment (needed to return an update)").fill("Say which wards the four cover.")
    card.get_by_role("button", name="Return").click()
    seen(page)
    sign_out(page)

    # The officer corrects the prefilled form, not retyping it.
    sign_in(page, server, "kit", PASSWORD)
    page.get_by_role("link", name=re.compile("^Inbox")).click()
    seen(page)
    page.get_by_role("link", name="Correct and send again").first.click()
    seen(page)
    commentary = page.get_by_label("Commentary", exact=True)
    assert commentary.input_value() == "Four wardens in post.\nInterviews for six more in May."
    commentary.fill(commentary.input_value() + "\nThey cover Northgate and Riverside wards.")
    page.get_by_role("button", name="Submit update").click()
    seen(page)
    sign_out(page)

    # The manager approves it from the inbox; the element shows it, who reported and who approved.
    sign_in(page, server, "manager", PASSWORD)
    go(page, server + "/inbox/")
    card = page.locator(".govuk-summary-card", has_text="Northgate and Riverside wards")
    card.get_by_role("button", name="Approve").click()
    seen(page)
    assert page.get_by_text("Approved the update").is_visible()
    go(page, plan_url + "/")
    page.get_by_role("link", name=re.compile("^Recruit ten more neighbourhood wardens")).first.click()
    seen(page)
    assert page.get_by_text("Reported by Kit; approved by Manager").first.is_visible()
    assert len(VISITED) >= 30
