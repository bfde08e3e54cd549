"""Layouts met in councils' published plans that read wrongly straight across or line by line:
themes printed side by side in columns, a timetable's "December 24", a one-page plan of
headings over short aims, and a committee report's numbered paragraphs. Each document is
written here, unlike the corpus and the seeds, and imported as a user would."""

from __future__ import annotations

from civicplan.importer.pipeline import import_file

from .conftest import by_kind, children, html_pdf, write

COLUMNS_CSS = """
@page { size: A4 landscape; margin: 18mm; @bottom-center { content: "Page " counter(page) } }
body { font-family: Arial, sans-serif; font-size: 11pt }
h1 { font-size: 22pt } h2 { font-size: 15pt }
.row { display: flex; gap: 12mm } .col { flex: 1 }
"""


def _columns_pdf(columns: dict[str, list[str]]) -> bytes:
    boxes = "".join(
        f"<div class='col'><h2>{heading}</h2><ul>" + "".join(f"<li>{aim}</li>" for aim in aims) + "</ul></div>"
        for heading, aims in columns.items())
    return html_pdf(f"<html><head><style>{COLUMNS_CSS}</style></head><body>"
                    f"<h1>Our Ambitions 2026 to 2030</h1><p>Northwold District Council</p>"
                    f"<div class='row'>{boxes}</div></body></html>")


def test_aims_printed_in_side_by_side_columns_are_read_column_by_column(tmp_path):
    columns = {
        "Healthy communities": ["Fewer residents live with long-term loneliness in rural villages",
                                "Every child can swim by the end of primary school"],
        "Green district": ["Council buildings reach net zero carbon emissions",
                           "More household waste is reused or recycled"],
    }
    plan = import_file(write(tmp_path, "ambitions.pdf", _columns_pdf(columns))).plan
    themes = by_kind(plan, "theme")
    assert [t["title"] for t in themes] == list(columns)
    for theme in themes:
        # Each aim whole and under its own column's heading: nothing from the column beside it.
        assert [o["title"] for o in children(plan, theme)] == columns[theme["title"]]
        assert all(o["kind"] == "objective" for o in children(plan, theme))


def test_a_two_column_timetable_without_rules_or_header_stays_one_row_per_stage(tmp_path):
    rows = [("Call for sites", "January 2026"), ("Preferred options consultation", "Autumn 2026"),
            ("Submission to the Secretary of State", "Q2 2027"), ("Adoption", "TBC")]
    body = "".join(f"<div style='display:flex'><span style='width:110mm'>{stage}</span><span>{when}</span></div>"
                   for stage, when in rows)
    pdf = html_pdf("<html><body style='font-family: Arial; font-size: 11pt'><h1>Local Plan Timetable</h1>"
                   f"<h2>Key stages</h2>{body}</body></html>")
    plan = import_file(write(tmp_path, "timetable.pdf", pdf)).plan
    titles = [e["title"] for e in plan["elements"]]
    for stage, _ in rows:
        assert any(title.startswith(stage) for title in titles), (stage, titles)
    assert not any(title in ("January 2026", "Autumn 2026", "Q2 2027", "TBC") for title in titles)
    stages = {e["title"]: e for e in plan["elements"] if e["kind"] == "milestone"}
    assert (stages["Call for sites"]["start"], stages["Call for sites"]["end"]) == ("2026-01-01", "2026-01-31")
    assert stages["Preferred options consultation"]["date_text"] == "Autumn 2026"
    assert stages["Adoption"]["precision"] == "tbc"


def test_a_month_with_a_two_digit_year_in_a_dates_column_is_that_month(tmp_path):
    path = write(tmp_path, "programme.md",
                 "# Town Centre Masterplan Programme\n\nEastcombe Borough Council\n\n"
                 "| Stage | Date |\n|---|---|\n| Options published | March 25 |\n"
                 "| Consultation closes | Sept 26 |\n| Plan agreed | 2027 |\n")
    plan = import_file(path).plan
    stages = {e["title"]: e for e in plan["elements"]}
    assert (stages["Options published"]["start"], stages["Options published"]["end"]) == ("2025-03-01", "2025-03-31")
    assert (stages["Consultation closes"]["start"], stages["Consultation closes"]["end"]) == ("2026-09-01", "2026-09-30")
    assert stages["Options published"]["date_text"] == "March 25"  # the words as printed


def test_a_month_and_day_in_running_text_is_not_read_as_a_year(tmp_path):
    path = write(tmp_path, "plan.md",
                 "# Events Plan\n\n## Milestones\n\n- Switch on the winter lights on December 12 in the square\n")
    plan = import_file(path).plan
    (event,) = plan["elements"]
    assert event["start"] is None and event["end"] is None


REPORT_HTML = """<html><body style="font-family: Arial; font-size: 11pt">
<p>To: Policy and Resources Committee, 4 June 2026</p><p>From: Director of Place</p>
<p>Decision No: PR/26/031</p><p>Electoral division: All wards</p>
<h1>Corporate Delivery Priorities</h1>
<h2>1. Purpose of the report</h2>
<p>1.1 Members are asked to endorse four delivery priorities for the year ahead.</p>
<p>1.2 The priorities reflect the results of the residents' survey.</p>
<h2>2. Our priorities</h2>
<p>2.1 Affordable warmth for every household</p>
<p>2.2 Safer streets after dark</p>
<p>2.3 A cleaner river corridor</p>
<p>2.4 Faster planning decisions</p>
<h2>3. Legal implications</h2>
<p>3.1 There are no legal implications arising from this report.</p>
</body></html>"""


def test_a_committee_reports_numbered_paragraphs_are_its_body_and_its_priorities_are_priorities(tmp_path):
    result = import_file(write(tmp_path, "report.pdf", html_pdf(REPORT_HTML)))
    plan = result.plan
    assert [p["title"] for p in by_kind(plan, "priority")] == [
        "Affordable warmth for every household", "Safer streets after dark", "A cleaner river corridor",
        "Faster planning decisions"]
    (implication,) = by_kind(plan, "implication")
    assert implication["title"] == "Legal implications"
    assert "no legal implications" in implication["text"]
    titles = " ".join(e["title"] for e in plan["elements"])
    assert "Members are asked" not in titles and "residents' survey" not in titles
    assert "endorse four delivery priorities" in plan["meta"].get("summary", "")
