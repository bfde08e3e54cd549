"""A plan manager imports a PDF, sees first what the importer was least sure of with the page
region it was read from, corrects two elements' kind at once and saves the draft plan."""

from __future__ import annotations

from tests.e2e.conftest import PASSWORD
from tests.e2e.pages import check_page, sign_in, visit



def _guessing_pdf() -> bytes:
    """A plan whose headings hold long sentences no word names: the importer can only guess
    what they are. Printed across the page, so a region is wider than a phone."""
    from tests.importer.conftest import html_pdf

    parts = {
        "People": ["Work with schools, health visitors and families so that every child arrives at school ready to learn",
                   "Help older residents stay in their own homes for longer with adaptations and support at home"],
        "Place": ["Keep streets, parks and open spaces clean and safe through the year with the help of residents",
                  "Bring empty shops in the town centres back into use with the owners and local traders"],
    }
    body = "".join(f"<h2>{heading}</h2><ul>" + "".join(f"<li>{s}</li>" for s in sentences) + "</ul>"
                   for heading, sentences in parts.items())
    return html_pdf("<html><body style='font-family: Arial; font-size: 11pt'><h1>Our Borough Plan</h1>"
                    f"<p>Eastmarsh Borough Council</p>{body}</body></html>")


def go(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    check_page(page)


def test_a_manager_reviews_an_import_least_sure_first_and_sets_two_kinds_at_once(page, server):
    sign_in(page, server, "manager", PASSWORD)
    visit(page, server + "/import/")
    page.get_by_label("Upload a document").set_input_files(
        {"name": "borough-plan.pdf", "mimeType": "application/pdf", "buffer": _guessing_pdf()})
    go(page, page.get_by_role("button", name="Import document"))

    rows = page.locator("li.app-import-row")
    first = rows.first
    assert first.get_attribute("data-confidence") == "low"
    assert "Low confidence" in first.inner_text()
    assert "What it is: kind guessed from its wording" in first.inner_text()
    # Beside it, the region of the PDF page it was printed in.
    image = first.locator("img.app-import-source__image")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert "Page 1 of borough-plan.pdf" in first.inner_text()

    # A phone: the page does not scroll sideways; a region wider than the screen, shown at the
    # size it is printed, scrolls in its own box, which the keyboard can reach.
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"{wide}px wider than a 390px screen"
    region = first.locator(".app-import-source__scroll")
    assert region.bounding_box()["width"] <= 390
    assert region.evaluate("r => r.scrollWidth > r.clientWidth + 1")  # a line across the page is wider than a phone
    assert region.get_attribute("tabindex") == "0"
    assert "scrolls sideways" in region.get_attribute("aria-label")
    check_page(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Nothing selected: the error names the problem and links to the list.
    page.get_by_label("Set their kind to").select_option(label="Priority")
    go(page, page.get_by_role("button", name="Apply to selected elements"))
    summary = page.locator(".govuk-error-summary")
    assert "Select the elements to change" in summary.inner_text()

    low = page.locator("li.app-import-row[data-confidence=low]")
    assert low.count() >= 2
    titles = [low.nth(i).locator(".govuk-checkboxes__label .govuk-\\!-font-weight-bold").inner_text() for i in range(2)]
    for i in range(2):
        low.nth(i).locator("input.govuk-checkboxes__input").check()
    page.get_by_label("Set their kind to").select_option(label="Priority")
    go(page, page.get_by_role("button", name="Apply to selected elements"))
    assert "2 elements changed" in page.locator("main").inner_text()
    for title in titles:
        row = page.locator("li.app-import-row", has_text=title).first
        text = row.inner_text()
        assert text.startswith("Priority") and "What it is: set by you on this page" in text

    go(page, page.get_by_role("button", name="Save as draft plan"))
    assert "/plans/" in page.url
    body = page.locator("main").inner_text()
    for title in titles:
        assert title.split(" • ")[0][:20] in body
