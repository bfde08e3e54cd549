"""Plans and progress as CSV and XLSX: what each person downloads, and that it opens safely."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_submit
from civicplan.exports.tabular import csv_value, sheet_names
from civicplan.plans.models import Element, Plan
from tests.conftest import text_of

from .conftest import DRAFT, PLAN

pytestmark = pytest.mark.django_db


def read_csv(response_or_text) -> list[dict]:
    text = response_or_text if isinstance(response_or_text, str) else response_or_text.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_plan_csv_has_a_row_per_element_with_its_status_as_at_the_date(client):
    response = client.get(f"/plans/{PLAN}/export.csv?as_at=2023-03-31")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{PLAN}-2023-03-31.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    plan = Plan.objects.get(slug=PLAN)
    assert len(rows) == plan.elements.count()
    by_key = {row["key"]: row for row in rows}
    milestone = by_key["ms-2.5-1"]
    assert milestone["kind"] == "milestone" and milestone["level"] == "Milestone"
    assert milestone["parent"] == "obj-2.5" and milestone["group"] == "obj-2.5"
    assert milestone["date_text"] == "December 2022" and milestone["end"] == "2022-12-31"
    assert milestone["status_as_at"] == "2023-03-31"
    assert milestone["status"] in {"Complete", "Green", "Amber", "Red", "Not started"}
    assert 0 <= int(milestone["percent"]) <= 100
    # An earlier date shows an earlier status: the sample history starts in August 2022.
    before = {row["key"]: row for row in read_csv(client.get(f"/plans/{PLAN}/export.csv?as_at=2022-01-01"))}
    assert before["ms-2.5-1"]["status"] == "No update" and before["ms-2.5-1"]["percent"] == ""


def test_plan_csv_refuses_a_date_it_cannot_read(client):
    response = client.get(f"/plans/{PLAN}/export.csv?as_at=31-13-2023")
    assert response.status_code == 400
    assert "The status date must be a real date" in text_of(response.content.decode())


def test_draft_plans_download_only_for_officers(client, draft, officer, viewer):
    for fmt in ("csv", "xlsx", "json", "yaml"):
        assert client.get(f"/plans/{DRAFT}/export.{fmt}").status_code == 404
    client.force_login(viewer)
    assert client.get(f"/plans/{DRAFT}/export.csv").status_code == 404
    client.force_login(officer)
    assert client.get(f"/plans/{DRAFT}/export.csv").status_code == 200
    assert client.get(f"/plans/{DRAFT}/export.xlsx").status_code == 200


@pytest.fixture
def risky_update(manager):
    """An approved update whose internal commentary would run as a formula if opened carelessly."""
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-3")
    return progress_update_submit(
        element=element, user=manager, rag="amber", percent_complete=40, as_at=dt.date(2024, 1, 10),
        commentary='=HYPERLINK("http://evil.example","click") staff shortage in the team', commentary_internal=True,
    )


def test_internal_commentary_goes_only_to_officers_and_formulas_are_defused(client, risky_update, officer):
    rows = {r["key"]: r for r in read_csv(client.get(f"/plans/{PLAN}/export.csv?as_at=2024-01-31"))}
    assert rows["ms-2.5-3"]["status"] == "Amber"
    assert rows["ms-2.5-3"]["commentary"] == ""
    history = read_csv(client.get(f"/progress/export.csv?plan={PLAN}"))
    assert history and "staff shortage" not in str(history)
    assert "submitted_by" not in history[0]

    client.force_login(officer)
    rows = {r["key"]: r for r in read_csv(client.get(f"/plans/{PLAN}/export.csv?as_at=2024-01-31"))}
    assert rows["ms-2.5-3"]["commentary"].startswith("'=HYPERLINK(")
    history = read_csv(client.get(f"/progress/export.csv?plan={PLAN}"))
    mine = [r for r in history if r["element"] == "ms-2.5-3" and r["as_at"] == "2024-01-10"]
    assert mine[0]["commentary"].startswith("'=HYPERLINK(") and mine[0]["commentary_internal"] == "yes"
    assert mine[0]["submitted_by"] == "manager" and mine[0]["review_status"] == "Approved"


def test_csv_cells_that_look_like_formulas_get_a_quote():
    for text in ("=1+1", "+44 20 7934 9999", "-5 days", "@SUM(A1)", "\tx"):
        assert csv_value(text) == "'" + text
    assert csv_value("Freedom Pass") == "Freedom Pass"
    assert csv_value(-5) == "-5"
    assert csv_value(dt.date(2023, 3, 31)) == "2023-03-31"
    assert csv_value(True) == "yes"


def test_progress_history_shows_pending_updates_only_to_officers(client, officer):
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-1")
    progress_update_submit(element=element, user=officer, rag="red", percent_complete=10,
                           commentary="pending one", as_at=dt.date(2024, 2, 1))
    assert "pending one" not in client.get("/progress/export.csv").content.decode()
    client.force_login(officer)
    rows = read_csv(client.get("/progress/export.csv"))
    pending = [r for r in rows if r["commentary"] == "pending one"]
    assert pending and pending[0]["review_status"] == "Awaiting approval"
    approved = ProgressUpdate.objects.filter(status="approved").count()
    assert len(rows) == approved + ProgressUpdate.objects.exclude(status="approved").count()


def test_progress_history_of_a_draft_plan_is_not_public(client, draft, manager):
    element = Element.objects.get(plan__slug=DRAFT, key="ms-1")
    progress_update_submit(element=element, user=manager, rag="green", percent_complete=50,
                           commentary="draft work", as_at=dt.date(2024, 1, 1))
    assert "draft work" not in client.get("/progress/export.csv").content.decode()
    assert client.get(f"/progress/export.csv?plan={DRAFT}").status_code == 404
    client.force_login(manager)
    assert "draft work" in client.get(f"/progress/export.csv?plan={DRAFT}").content.decode()


def test_xlsx_has_a_sheet_per_level_in_the_plans_words_and_a_progress_sheet(client, risky_update):
    response = client.get(f"/plans/{PLAN}/export.xlsx?as_at=2024-01-31")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Core areas", "Objectives", "Sub-priorities", "Milestones", "Implications", "Key political events", "Progress",
    ]
    milestones = list(book["Milestones"].iter_rows(values_only=True))
    header, rows = milestones[0], milestones[1:]
    assert header[:4] == ("key", "kind", "level", "label")
    assert len(rows) == Element.objects.filter(plan__slug=PLAN, kind="milestone").count()
    assert {row[1] for row in rows} == {"milestone"}
    progress = list(book["Progress"].iter_rows(values_only=True))
    assert progress[0][:5] == ("plan", "element", "label", "title", "as_at")
    assert len(progress) - 1 == ProgressUpdate.objects.filter(plan__slug=PLAN, status="approved").count()
    # A date is a real date cell.
    assert isinstance(progress[1][4], dt.datetime)


def test_xlsx_text_that_looks_like_a_formula_stays_text(client, risky_update, officer):
    client.force_login(officer)
    book = load_workbook(io.BytesIO(client.get(f"/plans/{PLAN}/export.xlsx?as_at=2024-01-31").content))
    sheet = book["Milestones"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("commentary")
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "ms-2.5-3":
            cell = row[column]
            assert cell.data_type == "s"
            assert cell.value.startswith('=HYPERLINK(')
            break
    else:
        pytest.fail("ms-2.5-3 not in the Milestones sheet")


def test_sheet_names_fit_excel_rules():
    names = sheet_names([
        "Priorities / work areas for the year ahead", "Priorities / work areas for the year ahead too",
        "History", "Outputs", "outputs", "", "[Bad]:*?",
    ])
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert names[0] == "Priorities - work areas for the"
    assert names[2] == "History (sheet)"
    assert names[4] == "outputs (2)"
    assert not any(set(n) & set("[]:*?/\\") for n in names)


def test_command_line_exports_csv_xlsx_and_progress(tmp_path, risky_update):
    out = tmp_path / "plan.csv"
    call_command("plan_export", PLAN, format="csv", out=out, as_at="2024-01-31")
    rows = {r["key"]: r for r in read_csv(out.read_text(encoding="utf-8"))}
    # The command line is the operator: internal commentary is included.
    assert rows["ms-2.5-3"]["commentary"].startswith("'=HYPERLINK(")
    xlsx = tmp_path / "plan.xlsx"
    call_command("plan_export", PLAN, format="xlsx", out=xlsx)
    assert "Milestones" in load_workbook(xlsx).sheetnames
    history = tmp_path / "progress.csv"
    call_command("progress_export", out=history)
    assert len(read_csv(history.read_text(encoding="utf-8"))) == ProgressUpdate.objects.count()
    public = io.StringIO()
    call_command("progress_export", public=True, stdout=public)
    assert "staff shortage" not in public.getvalue()


def test_command_line_refuses_a_bad_date_and_xlsx_to_the_terminal():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("plan_export", PLAN, format="csv", as_at="March 2023")
    with pytest.raises(CommandError, match="--out"):
        call_command("plan_export", PLAN, format="xlsx")


def test_plan_page_links_to_every_download(pages, officer):
    html = pages.get(f"/plans/{PLAN}/").content.decode()
    for href in (f"/plans/{PLAN}/export.json", f"/plans/{PLAN}/export.yaml", f"/plans/{PLAN}/export.csv",
                 f"/plans/{PLAN}/export.xlsx", f"/progress/export.csv?plan={PLAN}"):
        assert f'href="{href}' in html
    assert "upload-progress" not in html
    pages.client.force_login(officer)
    assert f'href="/plans/{PLAN}/upload-progress/"' in pages.get(f"/plans/{PLAN}/").content.decode()


def test_the_civicplan_command_writes_every_format_and_the_progress_history(tmp_path, capsys, monkeypatch, risky_update):
    """`civicplan export SLUG --format ...` and `civicplan export-progress`, as typed at a prompt."""
    import json

    import yaml
    from django.db import connections

    from civicplan.cli import main

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction open
    assert main(["export", PLAN, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["meta"]["slug"] == PLAN
    assert main(["export", PLAN, "--format", "yaml"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["meta"]["slug"] == PLAN
    assert main(["export", PLAN, "--format", "csv", "--as-at", "2024-01-31"]) == 0
    rows = read_csv(capsys.readouterr().out)
    assert len(rows) == Element.objects.filter(plan__slug=PLAN).count()
    out = tmp_path / "plan.xlsx"
    assert main(["export", PLAN, "--format", "xlsx", "--out", str(out)]) == 0
    assert "Milestones" in load_workbook(out).sheetnames
    history = tmp_path / "history.csv"
    assert main(["export-progress", "--plan", PLAN, "--out", str(history)]) == 0
    assert len(read_csv(history.read_text(encoding="utf-8"))) == ProgressUpdate.objects.filter(plan__slug=PLAN).count()
    capsys.readouterr()
    # Mistakes are named with the command as typed, not the management command behind it.
    assert main(["export", PLAN, "--format", "pdf"]) == 2
    assert "civicplan export: error: argument --format: invalid choice: 'pdf'" in capsys.readouterr().err
