"""Ruled tables in PDFs (cells drawn with borders, as Word, LibreOffice and browsers print them):
every row an element, wrapped cells one value, a header printed again on each page dropped."""

from __future__ import annotations

from civicplan.importer.pipeline import import_file

from .conftest import html_pdf, write

_STYLE = """<style>
@page { size: A4 landscape; margin: 2cm;
        @top-center { content: "Community Safety Action Plan 2025-27"; }
        @bottom-right { content: "Page " counter(page); } }
body { font-family: sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid black; padding: 2pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
</style>"""


def _action_rows(count: int) -> str:
    rows = []
    for number in range(1, count + 1):
        rows.append(
            f"<tr><td>{number}</td><td>Deliver neighbourhood action number {number} with partners in every ward"
            f" of the borough, including the outlying villages and estates</td>"
            f"<td>Community Safety Manager</td><td>{['June 2026', 'Q3 2026', 'Autumn 2026'][number % 3]}</td>"
            f"<td>Reports made</td></tr>")
    return "".join(rows)


def test_a_ruled_action_table_over_several_pages_gives_one_milestone_per_row(tmp_path):
    html = (f"<html><head>{_STYLE}</head><body><h1>Community Safety Action Plan</h1><h2>Actions</h2>"
            "<table><thead><tr><th>No.</th><th>What we will do</th><th>Led by</th><th>Timescale</th>"
            f"<th>Measure</th></tr></thead><tbody>{_action_rows(40)}</tbody></table></body></html>")
    pdf = html_pdf(html)
    plan = import_file(write(tmp_path, "safety.pdf", pdf)).plan
    milestones = [e for e in plan["elements"] if e["kind"] == "milestone"]
    titles = [e["title"] for e in milestones]
    # Every row once, in order, its wrapped action cell one title; the repeated header never a row.
    assert titles == [f"Deliver neighbourhood action number {n} with partners in every ward of the borough,"
                      f" including the outlying villages and estates" for n in range(1, 41)]
    assert not any("Led by" in e["title"] or "Timescale" in e["title"] for e in plan["elements"])
    fourth = milestones[3]
    assert (fourth["owner"], fourth["date_text"], fourth["start"], fourth["end"]) == (
        "Community Safety Manager", "Q3 2026", "2026-07-01", "2026-09-30")
    assert fourth["note"] == "Reports made"


def test_a_ruled_planned_actual_timetable_reads_each_stage_with_its_planned_date(tmp_path):
    html = (f"<html><head>{_STYLE}</head><body><h1>Local Development Scheme</h1><h2>Timetable</h2>"
            "<table><tr><th>Stage</th><th>Planned</th><th>Actual</th></tr>"
            "<tr><td>Consultation on the issues and options for the new local plan</td>"
            "<td>April/May 2025</td><td>June 2025</td></tr>"
            "<tr><td>Publication of the draft plan</td><td>Winter 2025/6</td><td>TBC</td></tr>"
            "<tr><td>Submission to the Secretary of State</td><td>Q3 2026</td><td></td></tr>"
            "</table></body></html>")
    plan = import_file(write(tmp_path, "timetable.pdf", html_pdf(html))).plan
    stages = {e["title"]: e for e in plan["elements"] if e["kind"] == "milestone"}
    assert set(stages) == {"Consultation on the issues and options for the new local plan",
                           "Publication of the draft plan", "Submission to the Secretary of State"}
    draft = stages["Publication of the draft plan"]
    assert (draft["date_text"], draft["start"], draft["end"]) == ("Winter 2025/6", "2025-12-01", "2026-02-28")


def test_a_table_without_borders_is_still_read_from_its_column_layout(tmp_path):
    """Pages with no ruling keep the text reading (a header row of column names)."""
    html = ("<html><head><style>body{font-family:sans-serif;font-size:10pt} td,th{padding:2pt 24pt 2pt 0;"
            "text-align:left}</style></head><body><h1>Repairs Plan</h1><table>"
            "<tr><th>Action</th><th>Owner</th><th>Target date</th></tr>"
            "<tr><td>Inspect every council home for damp</td><td>Head of Repairs</td><td>Spring 2026</td></tr>"
            "<tr><td>Recruit more repairs operatives</td><td>Repairs Manager</td><td>Summer 2025</td></tr>"
            "</table></body></html>")
    plan = import_file(write(tmp_path, "repairs.pdf", html_pdf(html))).plan
    milestones = {e["title"]: e for e in plan["elements"] if e["kind"] == "milestone"}
    assert milestones["Recruit more repairs operatives"]["owner"] == "Repairs Manager"
    assert milestones["Inspect every council home for damp"]["date_text"] == "Spring 2026"


def test_a_ruled_table_of_one_row_is_read_on_a_page_with_a_rule_and_a_boxed_note(tmp_path):
    """Only pages whose drawing could rule a table go to the table finder: a rule under a
    heading and a box round a note could not, a header row and one row of two cells could."""
    html = (f"<html><head>{_STYLE}<style>h2 {{ border-bottom: 1px solid black; }}"
            " .note {{ border: 1px solid #888; background: #eee; padding: 6pt; }}</style></head><body>"
            "<h1>Local Development Scheme</h1><div class='note'>This timetable replaces the scheme of 2023.</div>"
            "<h2>Timetable</h2><table><tr><th>Stage</th><th>Planned</th></tr>"
            "<tr><td>Submission of the plan to the Secretary of State</td><td>Q3 2026</td></tr></table>"
            "</body></html>")
    plan = import_file(write(tmp_path, "scheme.pdf", html_pdf(html))).plan
    stages = {e["title"]: e for e in plan["elements"] if e["kind"] == "milestone"}
    assert set(stages) == {"Submission of the plan to the Secretary of State"}
    stage = stages["Submission of the plan to the Secretary of State"]
    assert (stage["date_text"], stage["start"], stage["end"]) == ("Q3 2026", "2026-07-01", "2026-09-30")
    assert not any("This timetable replaces" in e["title"] for e in plan["elements"])
