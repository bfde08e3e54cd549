"""Messy documents read the way a person reads them: wraps undone, numbers put back, glyphs
read as bullets, page furniture and repeated passages dropped, Word numbering used."""

from __future__ import annotations

from civicplan.importer.pipeline import import_document
from civicplan.plans.services import SEED_DIR

from .conftest import NO_FRONT_MATTER_MD, ROMAN_TEXT, by_kind, milestone_table_docx


def imported(text: str, name: str = "plan.txt") -> dict:
    return import_document(data=text.encode("utf-8"), name=name, organisation="Test Council").plan


def test_numbers_printed_on_their_own_line_go_back_on_their_paragraphs():
    first = ("Members discussed how the organisation should work with partners across the city over the "
             "next five years, and what that means for the way services are commissioned, staffed and paid "
             "for. They agreed that a fuller report should come back to the committee in the spring.")
    second = ("The Executive then considered the budget position. Pressures on social care and temporary "
              "accommodation continue to grow faster than income, so officers were asked to bring forward "
              "options for savings, with their effect on residents set out plainly for each one.")
    text = f"Review of governance\n\nIntroduction\n\n6.\n\n{first}\n\n7.\n\n{second}\n"
    plan = imported(text)
    labels = [e["label"] for e in plan["elements"] if e["kind"] == "other"]
    assert labels == ["6", "7"]


def test_bullet_glyphs_mangled_by_pdf_extraction_are_read_as_bullets():
    text = (
        "Plan 2024\n\nOur principles\n\nThe way we work is based on these principles:\n\n"
        "¢ We listen to residents before we decide.\n"
        "¢ We publish what we spend.\n"
        "¢ We work with neighbouring councils.\n"
    )
    principles = by_kind(imported(text), "principle")
    assert [p["title"] for p in principles] == [
        "We listen to residents before we decide.", "We publish what we spend.", "We work with neighbouring councils.",
    ]


def test_hard_wrapped_lines_are_joined_and_a_title_stays_apart_from_its_outcome():
    source = (SEED_DIR / "sources" / "lc-business-plan-2020-21.txt").read_bytes()
    plan = import_document(data=source, name="lc-business-plan-2020-21.txt").plan
    priority = next(e for e in plan["elements"] if e["title"].startswith("Supporting the case for financial autonomy"))
    assert priority["title"].endswith("access to a broader range of revenue raising powers")
    assert priority["text"].startswith("The Government, senior civil servants")
    assert "\n" not in priority["title"]


def test_a_summary_repeated_in_an_appendix_is_imported_once_and_keeps_its_remark():
    source = (SEED_DIR / "sources" / "lc-business-plan-2020-21.txt").read_bytes()
    plan = import_document(data=source, name="lc-business-plan-2020-21.txt").plan
    titles = [e["title"] for e in plan["elements"] if e["kind"] == "priority"]
    assert titles.count("Ensure effective pan-London resilience") == 1
    crime = next(e for e in plan["elements"] if e["kind"] == "portfolio" and "Crime" in e["title"])
    assert crime.get("note") == "reflects very early inter-action with new portfolio holder"


def test_page_headers_footers_and_page_numbers_are_not_plan_text(corpus):
    path = corpus["pdf-b"] / "lc-business-plan-2020-21.pdf"
    plan = import_document(data=path.read_bytes(), name=path.name).plan
    for element in plan["elements"]:
        assert "Page " not in element["title"] and " of 2" not in element["text"], element


def test_word_numbering_lives_in_the_list_style_and_comes_back_as_labels(corpus):
    path = corpus["docx"] / "lc-business-plan-2020-21.docx"
    plan = import_document(data=path.read_bytes(), name=path.name).plan
    outputs = [e for e in plan["elements"] if e["kind"] == "output" and e["label"]]
    assert [o["label"] for o in outputs[:7]] == list("abcdefg")
    nested = next(e for e in plan["elements"] if e["title"].startswith("at least 600 officers"))
    assert nested["label"] == "i" and nested["kind"] == "output"


def test_pdf_headings_known_only_by_font_size_make_the_tree(corpus):
    path = corpus["pdf-b"] / "lc-shared-ambitions-2022-23.pdf"
    plan = import_document(data=path.read_bytes(), name=path.name).plan
    objectives = by_kind(plan, "objective")
    assert [o["title"] for o in objectives][:2] == ["London's Future", "Climate Adaptation and Net Zero"]
    first = objectives[0]["id"]
    subs = [e["title"] for e in plan["elements"] if e["parent"] == first and e["kind"] == "sub_priority"]
    assert subs[0] == "Levelling up and tackling deprivation" and len(subs) == 6


def test_front_matter_is_read_from_a_committee_report():
    source = (SEED_DIR / "sources" / "lc-shared-ambitions-2022-23.txt").read_bytes()
    meta = import_document(data=source, name="x.txt").plan["meta"]
    assert meta["committee"] == "Leaders' Committee"
    assert meta["item_no"] == "4"
    assert meta["meeting_date"] == "2022-07-27"
    assert meta["report_by"] == "Alison Griffin"
    assert meta["job_title"] == "Chief Executive"
    assert meta["contact_officer"] == "Barbara Salmon"
    assert meta["contact_email"] == "barbara.salmon@londoncouncils.gov.uk"
    assert meta["contact_phone"] == "0207 934 9575"
    assert meta["summary"].startswith("This report outlines a proposal")
    assert meta["recommendations"] == ["Note and approve the suggested shared ambitions milestones."]
    assert meta["status"] == "draft"


def test_another_bodys_plan_with_a_milestone_table():
    plan = import_document(data=milestone_table_docx(), name="northmoor.docx").plan
    assert plan["meta"]["title"] == "Northmoor District Council Delivery Plan 2024/25"
    assert plan["meta"]["report_by"] == "Priya Shah" and plan["meta"]["meeting_date"] == "2024-03-12"
    milestones = {e["title"]: e for e in by_kind(plan, "milestone")}
    assert set(milestones) == {"Adopt the new Local Plan", "Open the Riverside community hub",
                               "Complete the leisure centre review", "Agree the parking strategy"}
    local_plan = milestones["Adopt the new Local Plan"]
    assert (local_plan["date_text"], local_plan["start"], local_plan["end"]) == ("by March 2025", None, "2025-03-31")
    assert local_plan["owner"] == "Head of Planning"
    assert milestones["Open the Riverside community hub"]["precision"] == "season"
    assert milestones["Agree the parking strategy"]["precision"] == "tbc"
    priorities = [e["title"] for e in by_kind(plan, "priority")]
    assert priorities == ["Bring empty shops back into use.", "Make the high streets safer at night."]
    assert [e["title"] for e in by_kind(plan, "implication")] == ["Financial implications"]


def test_roman_numeral_priorities_with_lettered_outputs():
    plan = imported(ROMAN_TEXT)
    priorities = by_kind(plan, "priority")
    assert [p["label"] for p in priorities] == ["i", "ii", "iii"]
    outputs = by_kind(plan, "output")
    assert [(o["label"], o["parent"]) for o in outputs] == [
        ("a", priorities[0]["id"]), ("b", priorities[0]["id"]), ("a", priorities[1]["id"]),
        ("a", priorities[2]["id"]), ("b", priorities[2]["id"]),
    ]
    dated = next(o for o in outputs if o["date_text"])
    assert (dated["date_text"], dated["end"]) == ("by September 2025", "2025-09-30")
    assert plan["meta"]["report_by"] == "Sam Okafor"


def test_a_plan_with_no_front_matter_at_all():
    plan = import_document(data=NO_FRONT_MATTER_MD.encode(), name="green-valley.md").plan
    milestones = {m["title"]: m for m in by_kind(plan, "milestone")}
    assert milestones["Install solar panels on the village hall"]["date_text"] == "by June 2025"
    assert milestones["Plant 500 trees on the common"]["date_text"] == "Winter 2025/26"
    assert milestones["Publish the parish climate audit"]["end"] == "2025-03-31"
    pledges = by_kind(plan, "pledge")
    assert len(pledges) == 2 and pledges[0]["date_text"] == "by 2030"
    assert plan["meta"]["slug"].startswith("green-valley") or plan["meta"]["slug"]
