"""Pages a new user sees after `make run`."""

import pytest

from tests.conftest import text_of

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_five_plans_with_period_body_and_status(pages):
    html = pages.get("/").content.decode()
    words = text_of(html)
    assert "London Councils Business Plan 2019/20" in words
    assert "London Councils Business Plan 2013/14" in words
    assert "Business Plan 2020/21" in words
    assert "Leaders' Committee" in words or "Leaders&#x27; Committee" in html
    assert "2019/20" in words and "In delivery" in words and "At Executive" in words
    # newest first
    assert html.index("Shared Ambitions") < html.index("Business Plan 2013/14")


def test_plan_page_shows_the_tree_in_the_plans_own_words(pages):
    html = pages.get("/plans/lc-shared-ambitions-2022-23/").content.decode()
    words = text_of(html)
    assert "Objective 2.1" in words
    assert "Sub-priority" in words
    assert "by Jan 2023" in words
    assert "Barbara Salmon" in words


@pytest.mark.parametrize("fmt,ctype", [("json", "application/json"), ("yaml", "application/yaml")])
def test_plan_downloads(pages, fmt, ctype):
    response = pages.get(f"/plans/lc-business-plan-2019-20/export.{fmt}")
    assert response["Content-Type"].startswith(ctype)
    assert "lc-business-plan-2019-20" in response.content.decode()


def test_unknown_plan_and_format_are_plain_not_found_pages(pages):
    pages.get("/plans/no-such-plan/", status=404)
    html = pages.get("/plans/lc-business-plan-2019-20/export.pdf", status=404).content.decode()
    assert "There is no pdf download. Plans download as CSV, XLSX, JSON or YAML." in text_of(html)


def test_admin_lists_every_model(admin_client):
    html = admin_client.get("/admin/").content.decode()
    for name in ("Plans", "Elements", "Element links", "Organisations", "Member authorities", "Bodies", "People", "Roles", "Directorates", "Portfolios",
                 "Progress updates", "Meetings", "Decisions", "Change requests", "Report texts", "Generated reports"):
        assert f">{name}<" in html, name
    for url in ("/admin/plans/element/?plan__id__exact=1", "/admin/plans/plan/", "/admin/organisations/memberauthority/"):
        assert admin_client.get(url).status_code == 200
