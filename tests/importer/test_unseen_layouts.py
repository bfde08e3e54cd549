"""Layouts a reviewer met in documents no rule was written from: upper-case list labels,
financial years printed alone, a bullet glyph from the Symbol font, dates set after a dash or
in brackets, a vision with only prose under it, table columns headed "Quarter" or "Target
2029", Markdown pipe tables and nested bullets, and a Word file of a huge number of paragraphs.
Each is a real file written to a temporary folder and imported as a user would."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from civicplan.importer.errors import DocumentTooLarge
from civicplan.importer.pipeline import import_file

from .conftest import by_kind, children, write


#: Priorities numbered "I." "II." "III.", outputs lettered "A." and "(A)", and prose in which
#: "I" and "A" open sentences.
UPPER_CASE_LABELS = """Southgate Council

Housing Delivery Plan 2026-27

Report by: Dana Cole
Date: 10 March 2026

Summary: What the housing service will deliver next year.

Homes

I think this plan is the most ambitious we have agreed. A new approach to building is
needed, and the cabinet has asked for one.

I. Build more council homes.
A. Start work on 200 homes at Pine Road.
B. Buy back 40 former council homes.

II. Improve the homes we already own.
A. Replace 500 kitchens and bathrooms.
B. Fit smoke alarms in every flat.

III. End rough sleeping.
(A) Open a year-round shelter.
(B) Fund a street outreach team.
"""


def test_upper_case_roman_numerals_and_letters_are_list_labels(tmp_path):
    plan = import_file(write(tmp_path, "southgate.txt", UPPER_CASE_LABELS)).plan
    priorities = by_kind(plan, "priority")
    assert [(p["label"], p["title"]) for p in priorities] == [
        ("I", "Build more council homes."), ("II", "Improve the homes we already own."),
        ("III", "End rough sleeping.")]
    assert [(o["label"], o["title"]) for o in children(plan, priorities[0])] == [
        ("A", "Start work on 200 homes at Pine Road."), ("B", "Buy back 40 former council homes.")]
    assert [o["label"] for o in children(plan, priorities[2])] == ["A", "B"]
    assert all(o["kind"] == "output" for p in priorities for o in children(plan, p))
    # "I think ..." and "A new approach ..." are prose, kept as the heading's text.
    homes = next(e for e in plan["elements"] if e["title"] == "Homes")
    assert homes["text"].startswith("I think this plan is the most ambitious") and "A new approach" in homes["text"]


#: Text pasted from a PDF: milestones under year headings printed alone ("2025/26",
#: "2026-27"), page numbers on lines of their own, Symbol-font bullets (U+F0B7) before the
#: pledges, and outputs dated after a dash or in brackets, without "by".
KINGSMEAD_TEXT = "\n".join([
    "Kingsmead Borough Council", "", "Parks Investment Programme", "", "Date: 2 June 2025",
    "Report by: Head of Parks", "", "Summary: The parks schemes we will deliver over the next two years.", "",
    "Our milestones", "", "2025/26", "- Paths in Victoria Park resurfaced by March 2026",
    "- New play area at Mill Green open by December 2025", "", "Page 2 of 3", "", "2026-27",
    "- New lido open in Spring 2027", "- 300 street trees planted by March 2027", "", "- 3 -", "",
    "Our pledges", "", "\uf0b7\tWe will keep every park open until dusk all year.",
    "\uf0b7\tWe will publish a report on park safety every year.", "", "Our priorities", "",
    "1. Make our parks greener", "Outputs", "a) Publish the tree strategy – March 2026",
    "b) Open the new café (Q3 2026)", "c) Review the events policy - phase 2", "",
])


def test_financial_years_printed_alone_are_kept_and_page_numbers_are_not(tmp_path):
    plan = import_file(write(tmp_path, "kingsmead.txt", KINGSMEAD_TEXT)).plan
    assert plan["meta"]["title"] == "Parks Investment Programme"
    years = [e for e in plan["elements"] if e["title"] in ("2025/26", "2026-27")]
    assert [y["title"] for y in years] == ["2025/26", "2026-27"]
    assert [m["title"] for m in children(plan, years[0])] == [
        "Paths in Victoria Park resurfaced", "New play area at Mill Green open"]
    assert [(m["kind"], m["title"], m["date_text"]) for m in children(plan, years[1])] == [
        ("milestone", "New lido open", "Spring 2027"), ("milestone", "300 street trees planted", "by March 2027")]
    everything = " ".join(e["title"] + " " + e["text"] for e in plan["elements"])
    assert "Page 2" not in everything and "- 3 -" not in everything


def test_a_symbol_font_bullet_opens_a_list_item(tmp_path):
    plan = import_file(write(tmp_path, "kingsmead.txt", KINGSMEAD_TEXT)).plan
    assert [p["title"] for p in by_kind(plan, "pledge")] == [
        "We will keep every park open until dusk all year.", "We will publish a report on park safety every year."]
    assert not any("\uf0b7" in e["title"] + e["text"] for e in plan["elements"])


def test_a_date_after_a_dash_or_in_final_brackets_is_the_items_date(tmp_path):
    plan = import_file(write(tmp_path, "kingsmead.txt", KINGSMEAD_TEXT)).plan
    priority = next(p for p in by_kind(plan, "priority") if p["title"] == "Make our parks greener")
    outputs = children(plan, priority)
    assert [(o["title"], o["date_text"], o["start"], o["end"]) for o in outputs] == [
        ("Publish the tree strategy", "March 2026", "2026-03-01", "2026-03-31"),
        ("Open the new café", "Q3 2026", "2026-07-01", "2026-09-30"),
        # "phase 2" is not a date: nothing is guessed, the words stay in the title.
        ("Review the events policy - phase 2", "", None, None),
    ]
    assert outputs[1]["text"] == "Open the new café (Q3 2026)"  # the words as printed are kept


#: A parish's plan in Markdown: a vision with only prose under it, nested bullets, a pipe
#: table of milestones whose date column is headed "Target quarter", and a table of measures
#: whose "Target 2029" column holds numbers, not dates.
GREENWAY_MD = """# Greenway Parish Council Climate Plan 2026

## Our vision

A parish where every home is warm, every journey can be made on foot or by bike, and
nothing goes to landfill.

## Our pledges

- We will cut the parish council's own emissions by half by 2030.
  - Switch the village hall to a heat pump.
  - Buy only renewable electricity.
- We will hold an open meeting on climate every year.

## Key milestones

| Action | Target quarter | Lead |
|---|---|---|
| Heat pump installed in the village hall | Q3 2026 | Clerk |
| Renewable electricity contract signed | **Q1 2027** | Finance committee |

## Measures

| Measure | Target 2029 | Owner |
| --- | --- | --- |
| Tonnes of carbon saved | 120 | Clerk |
"""


def test_a_vision_with_only_prose_under_it_is_kept_with_its_words(tmp_path):
    plan = import_file(write(tmp_path, "greenway.md", GREENWAY_MD)).plan
    vision = next(e for e in plan["elements"] if e["title"] == "Our vision")
    assert vision["kind"] == "purpose"
    assert vision["text"].startswith("A parish where every home is warm") and vision["text"].endswith("landfill.")


def test_markdown_nested_bullets_sit_under_the_bullet_above_them(tmp_path):
    plan = import_file(write(tmp_path, "greenway.md", GREENWAY_MD)).plan
    pledges = [p for p in by_kind(plan, "pledge") if p["parent"] is None]
    assert [p["title"] for p in pledges] == ["We will cut the parish council's own emissions by half",
                                             "We will hold an open meeting on climate every year."]
    assert [c["title"] for c in children(plan, pledges[0])] == [
        "Switch the village hall to a heat pump.", "Buy only renewable electricity."]
    assert children(plan, pledges[1]) == []


def test_markdown_pipe_tables_are_tables_and_quarter_names_the_date_column(tmp_path):
    plan = import_file(write(tmp_path, "greenway.md", GREENWAY_MD)).plan
    milestones = {m["title"]: m for m in by_kind(plan, "milestone")}
    assert set(milestones) == {"Heat pump installed in the village hall", "Renewable electricity contract signed"}
    heat = milestones["Heat pump installed in the village hall"]
    assert (heat["date_text"], heat["end"], heat["owner"]) == ("Q3 2026", "2026-09-30", "Clerk")
    assert milestones["Renewable electricity contract signed"]["date_text"] == "Q1 2027"
    # "Target 2029" heads numbers: the measure is not dated and not a milestone.
    measure = next(e for e in plan["elements"] if e["title"] == "Tonnes of carbon saved")
    assert measure["kind"] != "milestone" and measure["date_text"] == "" and measure["owner"] == "Clerk"
    assert not any("|" in e["title"] + e["text"] for e in plan["elements"])


def _word_tables() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Delivery Plan 2026", style="Title")
    document.add_heading("Our milestones", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Action", "Quarter", "Lead officer")):
        cell.text = text
    for row in (("Library refurbishment complete", "Q2 2026", "Head of Culture"),
                ("New recycling contract let", "Q4 2026", "Head of Waste")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.add_heading("Performance targets", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Measure", "Target 2029", "Owner")):
        cell.text = text
    for cell, text in zip(table.add_row().cells, ("Residents satisfied with parks", "85%", "Head of Parks")):
        cell.text = text
    document.add_heading("Our pledges", level=1)
    document.add_paragraph("\uf0b7\tWe will answer every letter within ten days.")
    document.add_paragraph("\uf0b7\tWe will publish our spending every month.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_tables_with_a_quarter_column_and_a_target_year_column(tmp_path):
    plan = import_file(write(tmp_path, "delivery.docx", _word_tables())).plan
    milestones = {m["title"]: m for m in by_kind(plan, "milestone")}
    assert set(milestones) == {"Library refurbishment complete", "New recycling contract let"}
    assert milestones["New recycling contract let"]["date_text"] == "Q4 2026"
    assert milestones["Library refurbishment complete"]["owner"] == "Head of Culture"
    measure = next(e for e in plan["elements"] if e["title"] == "Residents satisfied with parks")
    assert measure["date_text"] == "" and measure["kind"] != "milestone"
    assert [p["title"] for p in by_kind(plan, "pledge")] == [
        "We will answer every letter within ten days.", "We will publish our spending every month."]


def _paragraph_bomb(paragraphs: int) -> bytes:
    """A valid Word file whose body is a vast number of one-letter paragraphs: small on disk
    and well inside the size limits, but slow for python-docx to build."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index("<w:body>") + len("<w:body>")
                data = (text[:at] + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * paragraphs + text[at:]).encode("utf-8")
            archive.writestr(info, data)
    return out.getvalue()


def test_a_word_file_of_a_huge_number_of_paragraphs_is_refused_at_once(tmp_path):
    path = write(tmp_path, "paragraphs.docx", _paragraph_bomb(200_000))
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(DocumentTooLarge) as caught:
        import_file(path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert message.startswith("paragraphs.docx") and "more than 100000 paragraphs" in message and "\n" not in message


@pytest.mark.parametrize("line,page_number", [
    ("3", True), ("Page 3", True), ("3 of 12", True), ("Page 3 of 12", True), ("- 3 -", True), ("12/40", True),
    ("2025/26", False), ("2025-26", False), ("25/26", False), ("2026", False),
])
def test_only_page_numbers_are_page_furniture(line, page_number):
    from civicplan.importer.cleanup import _is_page_number

    assert _is_page_number(line) is page_number


@pytest.mark.parametrize("line,label", [
    ("IV. Keep the libraries open.", "IV"), ("(II) Keep the libraries open.", "II"), ("B) Plant trees.", "B"),
    ("I will report back in May.", None), ("A new approach is needed.", None), ("J. Smith, Director of Place", None),
    ("A. N. Other will lead.", None),
])
def test_upper_case_labels_need_their_punctuation(line, label):
    from civicplan.importer.cleanup import parse_marker

    found = parse_marker(line)
    assert (found[1] if found else None) == label
