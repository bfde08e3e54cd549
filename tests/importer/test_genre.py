"""Documents in the seed papers' genre that no rule was written from: other bodies' plans,
as text pasted out of a PDF, a Word file built on Word's own list styles, and a PDF whose
headings are known only by their font and whose milestones sit in a table."""

from __future__ import annotations

from civicplan.importer.pipeline import import_document
from civicplan.importer.planfile import guess_organisation

from .conftest import EASTVALE_TEXT, NORTHFIELD_HTML, ROMAN_TEXT, WESTBROOK_TEXT, by_kind, children, html_pdf, riverside_docx


def test_text_pasted_from_another_councils_pdf():
    plan = import_document(data=WESTBROOK_TEXT.encode(), name="westbrook.txt").plan
    meta = plan["meta"]
    # A two-column header read apart: "Agenda Item 6" with no colon, the body above the title.
    assert meta["title"] == "Corporate Plan 2025-2028"
    assert (meta["organisation"], meta["committee"], meta["item_no"]) == ("Westbrook Borough Council", "Cabinet", "6")
    assert (meta["meeting_date"], meta["report_by"]) == ("2025-01-14", "Director of Strategy")
    assert (meta["contact_officer"], meta["contact_phone"], meta["contact_email"]) == (
        "Jo Patel", "01632 960123", "jo.patel@westbrook.gov.uk")
    assert meta["summary"].startswith("To agree the council's corporate plan")
    # The recommendations end where the report's own numbering starts again at 1.
    assert meta["recommendations"] == ["Cabinet approves the Corporate Plan 2025-2028.",
                                       "Cabinet agrees the 2025/26 milestones in Appendix A."]
    everything = " ".join(e["title"] + " " + e["text"] for e in plan["elements"])
    assert "Page " not in everything and "Corporate Plan 2025-28" not in everything  # running header gone
    # The bulleted list that only names the headings below it is not imported twice.
    sections = [e["title"] for e in by_kind(plan, "section")]
    assert sections == ["Homes people can afford", "Safe, clean and green neighbourhoods",
                        "A council that works for residents"]
    priorities = by_kind(plan, "priority")
    assert [p["label"] for p in priorities] == ["1", "2", "3", "4", "5"]
    first = priorities[0]
    assert first["title"] == "Increase the supply of affordable homes"
    assert first["text"] == "Outcome: more families are housed in good quality homes they can afford."
    assert priorities[1]["title"] == "Reduce the use of temporary accommodation"  # a wrap undone
    outputs = children(plan, first)
    assert [(o["label"], o["kind"]) for o in outputs] == [("a", "output"), ("b", "output"), ("c", "output")]
    assert (outputs[0]["date_text"], outputs[0]["end"]) == ("by March 2027", "2027-03-31")
    milestones = {m["title"]: m for m in by_kind(plan, "milestone")}
    assert milestones["New website live"]["date_text"] == "Q3 2025"
    assert milestones["Family hostel opens"]["precision"] == "season"
    assert len(milestones) == 5
    # "Background" and the paragraph after it number the report, not the plan.
    assert [e["kind"] for e in plan["elements"] if e["title"] == "Background"] == ["other"]
    legal = next(e for e in plan["elements"] if e["title"] == "Legal implications")
    assert legal["kind"] == "implication" and legal["text"] == "None."


def test_word_numbering_from_list_styles_and_a_when_and_lead_table():
    plan = import_document(data=riverside_docx(), name="riverside.docx").plan
    meta = plan["meta"]
    assert meta["title"] == "Climate Action Plan 2025 to 2027"
    assert (meta["organisation"], meta["committee"], meta["meeting_date"]) == (
        "Riverside Unitary Authority", "Environment Scrutiny Panel", "2025-04-02")
    assert meta["contact_officer"].startswith("Sam Green")
    assert meta["summary"].startswith("This plan sets out how the authority")
    objectives = by_kind(plan, "objective")
    assert [o["title"] for o in objectives] == ["Cutting our own emissions", "Helping residents adapt"]
    steps = children(plan, objectives[0])
    assert [(s["label"], s["kind"]) for s in steps] == [("1", "milestone"), ("2", "milestone"), ("3", "milestone")]
    assert steps[0]["date_text"] == "by 2027"
    # An undated list of commitments under an objective is its priorities, not milestones.
    assert [c["kind"] for c in children(plan, objectives[1])] == ["priority", "priority"]
    rows = {m["title"]: m for m in by_kind(plan, "milestone") if m["parent"] is None}
    assert rows["First 3,000 trees planted"]["date_text"] == "Winter 2025/26"
    assert rows["Fleet 50% electric"]["owner"] == "Transport"


def test_pdf_with_font_only_headings_roman_priorities_and_a_milestone_table():
    result = import_document(data=html_pdf(NORTHFIELD_HTML), name="northfield.pdf")
    plan = result.plan
    assert "Broadband contract awarded | Q2 2026 | Head of Digital" in result.source_text  # shown for review
    meta = plan["meta"]
    assert meta["title"] == "Northfield County Council Plan 2026-2030"
    assert (meta["committee"], meta["meeting_date"], meta["report_by"], meta["job_title"]) == (
        "Cabinet", "2025-10-09", "Alex Morgan", "Chief Executive")
    assert meta["organisation"] == "Northfield County Council"
    priorities = by_kind(plan, "priority")
    assert [(p["label"], p["title"]) for p in priorities] == [
        ("i", "Support local businesses to grow."),
        ("ii", "Improve digital connectivity in rural areas."),
        ("iii", "Help older people stay independent at home for longer."),
    ]
    assert [o["label"] for o in children(plan, priorities[0])] == ["a", "b"]
    assert all(o["kind"] == "output" for p in priorities for o in children(plan, p))
    table = {m["title"]: m for m in by_kind(plan, "milestone")}
    assert set(table) == {"Business growth fund open for applications", "Broadband contract awarded",
                          "First extra care scheme opens"}
    assert table["Broadband contract awarded"]["date_text"] == "Q2 2026"
    assert table["First extra care scheme opens"]["owner"] == "Director of Adult Care"
    assert len(by_kind(plan, "pledge")) == 2
    assert [e["title"] for e in by_kind(plan, "implication")] == ["Financial implications"]
    assert not any("Page" in e["title"] for e in plan["elements"])


def test_semicolon_separated_dated_steps_and_references_to_sub_priorities():
    plan = import_document(data=EASTVALE_TEXT.encode(), name="eastvale.txt").plan
    subs = {s["id"]: s["title"] for s in by_kind(plan, "sub_priority")}
    assert list(subs.values()) == ["Apprenticeships for young people", "Adult retraining", "Business support",
                                   "Active travel", "Mental health in schools"]
    milestones = by_kind(plan, "milestone")
    hub = next(m for m in milestones if m["title"] == "Retraining hub open" and m["date_text"] == "")
    steps = children(plan, hub)
    assert [(s["title"], s["date_text"], s["end"]) for s in steps] == [
        ("Retraining hub open", "Q3 2026", "2026-09-30"), ("first 100 learners enrolled", "Q1 2027", "2027-03-31")]
    review = next(m for m in milestones if m["title"] == "Business support review completed")
    assert [subs[link["target"]] for link in review["links"]] == ["Business support", "Adult retraining"]
    travel = next(m for m in milestones if m["title"] == "Publish the active travel plan")
    assert travel["date_text"] == "September 2026"
    assert [(s["title"], s["date_text"]) for s in children(plan, travel)] == [("open two new cycle routes", "Spring 2027")]


def test_a_label_under_an_item_is_not_part_of_its_text():
    plan = import_document(data=ROMAN_TEXT.encode(), name="plan.txt").plan
    titles = [p["title"] for p in by_kind(plan, "priority")]
    assert titles == ["Deliver the bus franchising scheme across the whole area.",
                      "Improve rail connections to the port.", "Help more adults into good work."]


def test_the_organisation_is_read_from_the_title_or_the_top_of_the_document():
    assert guess_organisation("London Councils' Shared Ambitions Milestones", "") == "London Councils"
    assert guess_organisation("Northmoor District Council's Corporate Plan", "") == "Northmoor District Council"
    assert guess_organisation("Leeds City Council Plan 2024", "") == "Leeds City Council"
    assert guess_organisation("Work Programme 2025-26", "Harbourside Combined Authority\nWork Programme\n") \
        == "Harbourside Combined Authority"
    assert guess_organisation("Climate Action Plan", "") == "Unknown organisation"
    assert guess_organisation("Our Council Plan 2024-28", "") == "Unknown organisation"
    assert guess_organisation("Business Plan", "the Board of Example Trust", ["Example Trust"]) == "Example Trust"
