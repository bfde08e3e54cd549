"""Journeys in a real browser: find a milestone, update it, approve it, see it everywhere."""

from __future__ import annotations

import datetime as dt

from .conftest import PASSWORD
from .pages import check_page, sign_in, sign_out, visit

PLAN = "lc-shared-ambitions-2022-23"


def test_public_pages_are_accessible(page, server):
    visit(page, server + "/")
    page.get_by_role("link", name="London Councils' Shared Ambitions Milestones").click()
    check_page(page)
    page.get_by_role("link", name="Dashboard").click()
    check_page(page)
    assert page.get_by_text("Sample data").first.is_visible()
    visit(page, f"{server}/plans/{PLAN}/")
    page.get_by_role("link", name="Timeline").first.click()
    check_page(page)
    assert page.locator("svg[role=img]:visible").count() == 1
    page.emulate_media(media="print")  # on paper: one drawing per objective instead
    assert page.locator("svg[role=img]:visible").count() == 6
    page.emulate_media(media="screen")
    for path in ("/pledges/", "/services/", f"/plans/{PLAN}/elements/ms-2.1-2/", f"/plans/{PLAN}/elements/sp-2.1-4/",
                 "/plans/lc-business-plan-2020-21/",
                 f"/plans/{PLAN}/timeline/?as_at=2023-03-31&group=none", "/search/?q=housing+delivery",
                 "/compare/lc-business-plan-2019-20/lc-business-plan-2020-21/", "/meetings/",
                 f"/plans/{PLAN}/decisions/", f"/plans/{PLAN}/changes/", f"/plans/{PLAN}/reports/",
                 "/plans/lc-business-plan-2019-20/lineage/", f"/plans/{PLAN}/lineage/ms-2.1-2/"):
        visit(page, server + path)


def test_officer_updates_manager_approves_dashboard_shows_it(page, server):
    sign_in(page, server, "officer", PASSWORD)
    visit(page, f"{server}/plans/{PLAN}/")
    page.get_by_label("Kind").select_option(label="Milestones")
    page.get_by_label("Contributes to").select_option(label="Promoting innovation and leading practice")
    page.get_by_role("button", name="Apply filters").click()
    check_page(page)
    page.get_by_role("link", name="Delivery of a new performance benchmarking solution for boroughs").click()
    check_page(page)
    page.get_by_role("link", name="Update progress").click()
    check_page(page)
    page.get_by_label("Red").check()
    page.get_by_label("Percent complete").fill("35")
    page.get_by_label("Commentary", exact=True).fill("Supplier withdrew from the framework; retendering in spring.")
    # The whole date typed in the first box, as people type it (the GOV.UK boxes also take it).
    page.get_by_role("group", name="Status as at").get_by_label("Day").fill(dt.date.today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Submit update").click()
    check_page(page)
    assert page.get_by_text("1 update awaiting approval").is_visible()
    page.get_by_role("link", name="Your elements").click()
    check_page(page)
    assert page.get_by_role("heading", name="Awaiting approval").is_visible()
    sign_out(page)

    sign_in(page, server, "manager", PASSWORD)
    visit(page, server + "/updates/")
    card = page.locator(".govuk-summary-card", has_text="Supplier withdrew from the framework")
    card.get_by_role("button", name="Approve").click()
    check_page(page)
    assert page.get_by_text("Approved the update").is_visible()

    visit(page, f"{server}/plans/{PLAN}/dashboard/")
    overdue_or_due = page.locator("main")
    assert overdue_or_due.get_by_text("Delivery of a new performance benchmarking solution for boroughs").first.is_visible()
    visit(page, f"{server}/plans/{PLAN}/elements/ms-2.5-3/")
    assert page.get_by_text("Supplier withdrew from the framework; retendering in spring.").is_visible()
    visit(page, f"{server}/plans/{PLAN}/timeline/")
    row = page.locator("table tr", has_text="Delivery of a new performance benchmarking solution for boroughs")
    assert "Red" in row.first.inner_text()


def test_a_wrong_password_is_explained(page, server):
    visit(page, server + "/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    check_page(page)
    assert page.get_by_text("Enter a correct username and password").is_visible()
