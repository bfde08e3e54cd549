"""Benchmarking in a real browser: the shipped ONS data is there after setup, the page passes
axe, and choosing nearest neighbours redraws the chart and its table."""

from __future__ import annotations

from .conftest import PASSWORD
from .pages import check_page, sign_in, visit

ATTRIBUTION = "Source: Office for National Statistics, Explore Local Statistics"


def test_benchmarking_page_is_accessible_and_groups_by_neighbours(page, server):
    sign_in(page, server, "viewer", PASSWORD)
    page.get_by_role("link", name="Indicators").first.click()
    check_page(page)
    page.get_by_role("link", name="Employment rate", exact=True).click()
    check_page(page)
    assert page.locator("svg[role=img]").count() == 1
    assert page.locator("#benchmark-table tbody tr").count() >= 30
    assert ATTRIBUTION in page.locator("main").inner_text()
    page.get_by_label("Compare with").select_option("neighbours")
    page.get_by_label("Neighbours of").select_option(label="Camden")
    page.get_by_label("Number of neighbours").fill("4")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    check_page(page)
    assert page.locator("#benchmark-table tbody tr").count() == 5
    assert "The chosen authority" in page.locator("#benchmark-table").inner_text()
    visit(page, server + "/indicators/employment-rate/trend/?area=E09000007")
    visit(page, server + "/indicators/areas/E09000007/")
    visit(page, server + "/public/indicators/employment-rate/")
