"""On a phone (390 px wide) no page scrolls sideways: wide tables scroll inside their own
region, the timeline offers its table; every page still passes axe-core."""

from __future__ import annotations

from .conftest import PASSWORD
from .pages import check_page, sign_in, visit

PLAN = "lc-shared-ambitions-2022-23"
PHONE = {"width": 390, "height": 844}

SIGNED_IN_PAGES = (
    "/", f"/plans/{PLAN}/", f"/plans/{PLAN}/dashboard/", f"/plans/{PLAN}/timeline/",
    f"/plans/{PLAN}/timeline/?as_at=2023-03-31&group=none", f"/plans/{PLAN}/elements/ms-2.1-2/",
    f"/plans/{PLAN}/elements/ms-2.5-3/update/", "/pledges/", "/services/", "/updates/", "/my-elements/",
    "/meetings/", "/reminders/", f"/plans/{PLAN}/decisions/", f"/plans/{PLAN}/changes/", f"/plans/{PLAN}/reports/",
    "/indicators/", "/search/?q=housing", "/organisations/", "/organisations/london-councils/",
    "/organisations/london-councils/settings/", "/organisations/london-councils/bodies/add/",
    "/organisations/london-councils/people/add/", "/organisations/london-councils/workflow/",
)
PUBLIC_PAGES = ("/public/", f"/public/plans/{PLAN}/", f"/public/plans/{PLAN}/elements/ms-2.1-2/")


def overflow(page) -> dict:
    """How wide the page is against the window, and the widest things that stick out."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            if (r.right <= width + 1 || r.width === 0) return false;
            for (let p = e.parentElement; p; p = p.parentElement) {
              const s = getComputedStyle(p);
              if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && p.getBoundingClientRect().right <= width + 1) return false;
            }
            return true;
          }).slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`);
          return {scroll: document.documentElement.scrollWidth, width, out};
        }"""
    )


def assert_fits(page, url: str) -> None:
    visit(page, url)
    measured = overflow(page)
    assert measured["scroll"] <= PHONE["width"], f"{url} is {measured['scroll']} px wide: {measured['out']}"


def test_no_page_scrolls_sideways_on_a_phone(browser, server):
    context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for path in PUBLIC_PAGES:
            assert_fits(page, server + path)
        sign_in(page, server, "manager", PASSWORD)
        visit(page, server + "/indicators/")
        indicator = page.locator("#indicator-table a[href^='/indicators/']").first.get_attribute("href")
        area = page.locator("main a[href^='/indicators/areas/']").first.get_attribute("href")
        for path in (*SIGNED_IN_PAGES, indicator, indicator + "trend/", area):
            assert_fits(page, server + path)
        visit(page, server + "/organisations/london-councils/")
        person = page.locator("main a[href*='/people/']:not([href$='/add/'])").first.get_attribute("href")
        assert_fits(page, server + person)

        # The timeline leads with its table on a phone: the drawing is too wide to read there.
        visit(page, f"{server}/plans/{PLAN}/timeline/")
        table_link = page.get_by_role("link", name="Show as a table")
        assert table_link.is_visible()
        table_link.click()
        check_page(page)
        assert page.locator("table").first.is_visible()
    finally:
        context.close()
