"""Bulk progress upload: every row checked, problems named by row, all saved or none."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from civicplan.delivery.models import ProgressUpdate
from civicplan.exports.services import UploadRejected, progress_upload_apply
from civicplan.exports.upload import MAX_ROWS, ElementFinder, parse_percent
from civicplan.plans.models import Element, Plan
from tests.conftest import text_of

from .conftest import PLAN

pytestmark = pytest.mark.django_db

HEADER = "element,rag,percent,commentary,as_at,achieved_date,evidence_url,internal\r\n"


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\r\n".join(lines) + "\r\n").encode("utf-8")


def upload(user, content: bytes, *, filename="updates.csv", check_only=False, plan=PLAN):
    return progress_upload_apply(
        plan=Plan.objects.get(slug=plan), user=user, filename=filename, content=content, check_only=check_only,
        today=dt.date(2024, 3, 1),
    )


def rejected(user, content: bytes, **kwargs) -> list[str]:
    with pytest.raises(UploadRejected) as info:
        upload(user, content, **kwargs)
    return [str(p) for p in info.value.problems]


def test_a_plan_manager_uploads_updates_that_are_approved_at_once(manager):
    before = ProgressUpdate.objects.count()
    result = upload(manager, csv_file(
        "ms-2.5-1,Green,40,On track,2024-02-29,,,no",
        "2.5 > Milestone 2 > Milestone 3,amber,55%,Slipping,29/02/2024,,https://example.org/r.pdf,yes",
        "2.1 > Milestone 1,COMPLETE,100,,,2024-01-15,,",
    ))
    assert ProgressUpdate.objects.count() == before + 3
    assert result.approved == 3 and result.pending == 0
    assert result.summary() == "Saved 3 progress updates (3 approved)."
    second = ProgressUpdate.objects.get(element__key="ms-2.5-2-c", as_at=dt.date(2024, 2, 29))
    assert second.rag == "amber" and second.percent_complete == 55 and second.commentary_internal
    assert second.evidence_url == "https://example.org/r.pdf"
    third = ProgressUpdate.objects.filter(element__key="ms-2.1-1").latest("id")
    assert third.as_at == dt.date(2024, 3, 1)  # no date given: today
    assert third.achieved_date == dt.date(2024, 1, 15)


def test_an_officers_updates_wait_for_approval_and_other_elements_are_refused(officer):
    result = upload(officer, csv_file("ms-2.5-1,Green,40,,2024-02-29,,,"))
    assert result.pending == 1
    assert ProgressUpdate.objects.get(pk=result.updates[0].pk).status == "pending"
    problems = rejected(officer, csv_file("ms-2.5-3,Green,40,,2024-02-29,,,", "ms-2.1-1,Red,10,,2024-02-29,,,"))
    assert problems == [
        "Row 3: you can update only the elements you own, and ‘2.1 > Milestone 1’ (ms-2.1-1) is not one of them"
    ]


def test_every_bad_row_is_reported_and_nothing_is_saved(manager):
    before = ProgressUpdate.objects.count()
    problems = rejected(manager, csv_file(
        "ms-2.5-1,Green,40,fine,2024-02-29,,,",
        "ms-2.5-2,Green,140,,2024-02-29,,,",
        "ms-2.5-3,Purple,40,,2024-02-29,,,",
        "no-such-element,Green,40,,2024-02-29,,,",
        "ms-2.5-2-a,Green,40,,2024-02-30,,,",
        "ms-2.5-2-b,Complete,90,,2024-02-29,,,",
        "ms-2.5-2-c,Green,40,,2024-02-29,,not a url,maybe",
        "ms-2.5-2-d,Green,4.5,,2099-01-01,,,",
    ))
    assert ProgressUpdate.objects.count() == before
    assert "Row 3: percent ‘140’ must be between 0 and 100" in problems
    assert "Row 4: RAG ‘Purple’ is not a status: use Not started, Green, Amber, Red or Complete" in problems
    assert any(p.startswith("Row 5: element ‘no-such-element’ not found") for p in problems)
    assert "Row 6: as at ‘2024-02-30’ is not a date: write it as 2023-03-31 or 31/03/2023" in problems
    assert "Row 7: percent: A complete element is 100% complete." in problems
    assert "Row 7: achieved date: Enter the date the milestone was achieved." in problems
    assert "Row 8: internal ‘maybe’ must be yes or no" in problems
    assert "Row 8: evidence URL ‘not a url’ is not a web address: start it with https://" in problems
    assert "Row 9: percent ‘4.5’ must be a whole number from 0 to 100" in problems
    assert any(p.startswith("Row 9: as at 01/01/2099 is in the future") for p in problems)
    assert not any(p.startswith("Row 2:") for p in problems)


def test_check_only_saves_nothing_even_when_every_row_is_good(manager):
    before = ProgressUpdate.objects.count()
    result = upload(manager, csv_file("ms-2.5-1,Green,40,,2024-02-29,,,"), check_only=True)
    assert not result.saved and len(result.updates) == 1
    assert "no problems found" in result.summary()
    assert ProgressUpdate.objects.count() == before


def test_a_repeated_element_and_date_is_refused(manager):
    problems = rejected(manager, csv_file("ms-2.5-1,Green,40,,2024-02-29,,,", "ms-2.5-1,Amber,45,,29/02/2024,,,"))
    assert problems == ["Row 3: repeats row 2: the same element (ms-2.5-1) and as at date; keep one of them"]


@pytest.mark.parametrize("content, message", [
    (b"", "The file is empty."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old-style Excel file (.xls)"),
    (b"%PDF-1.7 ...", "This is a PDF"),
    (b"element,rag\r\nms-2.5-1,Green\r\n", "The header row needs percent column"),
    (b"element,rag,percent,colour\r\nms-2.5-1,Green,4,red\r\n", "does not read: \u201ccolour\u201d"),
    (b"element,rag,percent\r\n", "has a header row but no updates"),
    (b"element,rag,percent,status\r\nms-2.5-1,Green,4,red\r\n", "both give the RAG"),
])
def test_files_that_cannot_be_read_say_why(manager, content, message):
    problems = rejected(manager, content)
    assert len(problems) == 1 and message in problems[0], problems


def test_macro_workbooks_and_oversized_files_are_refused(manager):
    assert "macros" in rejected(manager, b"PK\x03\x04 whatever", filename="plan.xlsm")[0].lower()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"macro")
    assert "contains macros" in rejected(manager, buffer.getvalue(), filename="plan.xlsx")[0]
    assert "larger than 5 MB" in rejected(manager, b"element,rag,percent\r\n" + b"x" * (5 * 1024 * 1024))[0]
    many = csv_file(*["ms-2.5-1,Green,40,,2024-02-29,,,"] * (MAX_ROWS + 1))
    assert "more than 5,000 updates" in rejected(manager, many)[0]


def xlsx_file(rows: list[list], *, percent_format=False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Element", "RAG", "Percent complete", "Commentary", "As at", "Internal"])
    for row in rows:
        sheet.append(row)
    if percent_format:
        for cell in sheet["C"][1:]:
            cell.number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_date_cells_and_percent_cells_uploads(manager):
    content = xlsx_file([
        ["ms-2.5-1", "G", 0.4, "from a workbook", dt.datetime(2024, 2, 29), "No"],
        ["ms-2.5-3", "Not started", 0, None, dt.date(2024, 2, 28), None],
    ], percent_format=True)
    result = upload(manager, content, filename="updates.xlsx")
    assert [(u.element.key, u.rag, u.percent_complete, u.as_at) for u in result.updates] == [
        ("ms-2.5-1", "green", 40, dt.date(2024, 2, 29)), ("ms-2.5-3", "not_started", 0, dt.date(2024, 2, 28)),
    ]


def test_an_xlsx_formula_without_a_saved_result_is_reported(manager):
    content = xlsx_file([["ms-2.5-1", "Green", "=20+20", None, "2024-02-29", "no"]])
    problems = rejected(manager, content, filename="updates.xlsx")
    assert "Row 2: the percent cell holds a formula with no saved result" in problems[0]


def test_label_paths_use_printed_labels_level_names_and_titles():
    finder = ElementFinder(Plan.objects.get(slug=PLAN))
    assert finder.find("2.5 > Milestone 2 > Milestone 3").key == "ms-2.5-2-c"
    assert finder.find("2.5 > milestone 1").key == "ms-2.5-1"
    assert finder.find("2.5 > Sub-priority 2").key == "sp-2.5-2"
    assert finder.find("2.5 >  led by the boroughs").key == "sp-2.5-1"
    assert finder.find("MS-2.5-1").key == "ms-2.5-1"
    assert finder.describe(finder.find("ms-2.5-2-c")) == "2.5 > Milestone 2 > Milestone 3"
    with pytest.raises(ValueError, match="nothing under ‘2.5’ is called ‘Milestone 99’"):
        finder.find("2.5 > Milestone 99")
    with pytest.raises(ValueError, match="separate the steps of a label path with >"):
        finder.find("2.5/3")
    plan_2020 = ElementFinder(Plan.objects.get(slug="lc-business-plan-2020-21"))
    assert plan_2020.find("1 > 2 > b").key == "out-1.2-b"


def test_percent_reads_spreadsheet_numbers():
    assert parse_percent("45%") == 45
    assert parse_percent(45.0) == 45
    assert parse_percent(0.45, percent_format=True) == 45
    with pytest.raises(ValueError, match="must be between 0 and 100"):
        parse_percent(-1)


# --- The page ------------------------------------------------------------------------------


def test_the_upload_page_is_for_officers(client, pages, officer, viewer):
    url = f"/plans/{PLAN}/upload-progress/"
    assert client.get(url).status_code == 302
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    html = text_of(pages.get(url).content.decode())
    assert "Upload progress" in html and "2.1 > Milestone 3" in html


def test_template_lists_the_officers_own_elements_and_uploads_back(client, officer):
    client.force_login(officer)
    response = client.get(f"/plans/{PLAN}/upload-progress/template.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8").lstrip("\ufeff")
    lines = text.splitlines()
    assert lines[0] == "element,level,title,current_status,rag,percent,commentary,as_at,achieved_date,evidence_url,internal"
    keys = [line.split(",")[0] for line in lines[1:]]
    assert "ms-2.5-1" in keys and "obj-2.5" in keys and "ms-2.1-1" not in keys
    # Fill in one row and send the whole template back: the untouched rows are skipped.
    filled = text.replace(
        next(line for line in lines if line.startswith("ms-2.5-1,")),
        next(line for line in lines if line.startswith("ms-2.5-1,")).rsplit(",", 7)[0] + ",Amber,30,Late,2024-02-29,,,no",
    )
    result = upload(officer, filled.encode("utf-8"), filename="template.csv")
    assert len(result.updates) == 1 and result.skipped == len(keys) - 1


def test_uploading_on_the_page_saves_and_says_so(client, officer):
    client.force_login(officer)
    url = f"/plans/{PLAN}/upload-progress/"
    response = client.post(url, {"file": SimpleUploadedFile("u.csv", csv_file("ms-2.5-1,Green,40,,2024-02-29,,,"))},
                           follow=True)
    assert response.redirect_chain[-1][0] == f"/plans/{PLAN}/"
    assert "Saved 1 progress update (1 awaiting approval)." in text_of(response.content.decode())


def test_a_refused_upload_lists_each_row_problem_on_the_page(client, pages, officer):
    client.force_login(officer)
    url = f"/plans/{PLAN}/upload-progress/"
    before = ProgressUpdate.objects.count()
    response = client.post(url, {"file": SimpleUploadedFile("u.csv", csv_file(
        "ms-2.5-1,Green,140,,2024-02-29,,,", "ms-2.5-3,Blue,40,,2024-02-29,,,"))})
    assert response.status_code == 200
    pages.check_html(url, response.content.decode())
    page = text_of(response.content.decode())
    assert "There is a problem" in page and "The file has 2 problems: nothing has been saved" in page
    assert "Row 2: percent ‘140’ must be between 0 and 100" in page
    assert "Row 3: RAG ‘Blue’ is not a status" in page
    assert ProgressUpdate.objects.count() == before
    empty = client.post(url, {})
    assert "Select a CSV or XLSX file of progress updates" in text_of(empty.content.decode())


def test_command_line_upload_checks_then_saves(tmp_path, manager):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_file("ms-2.5-1,Green,40,,2024-02-29,,,"))
    out = io.StringIO()
    before = ProgressUpdate.objects.count()
    call_command("progress_upload", PLAN, str(good), user="manager", check=True, stdout=out)
    assert "ready to upload" in out.getvalue() and ProgressUpdate.objects.count() == before
    call_command("progress_upload", PLAN, str(good), user="manager", stdout=out)
    assert ProgressUpdate.objects.count() == before + 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file("ms-2.5-1,Green,400,,2024-02-29,,,"))
    with pytest.raises(CommandError, match="Row 2: percent ‘400’ must be between 0 and 100"):
        call_command("progress_upload", PLAN, str(bad), user="manager")
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("progress_upload", PLAN, str(good), user="nobody")


def test_a_viewer_cannot_upload_through_the_service(viewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(viewer, csv_file("ms-2.5-1,Green,40,,2024-02-29,,,"))
    assert Element.objects.filter(plan__slug=PLAN).exists()
