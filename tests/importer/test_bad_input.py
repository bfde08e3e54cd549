"""Bad documents: each gets one clear line, a non-zero exit, and nothing is saved."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicplan.importer.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    ScannedDocument,
    UnsupportedFileType,
)
from civicplan.importer.pipeline import import_document
from civicplan.plans.models import Plan

from .conftest import html_pdf

ROOT = Path(__file__).resolve().parents[2]

PLAN_HTML = "<h1>Delivery plan 2025</h1><h2>Priorities</h2><ol><li>Build more homes.</li><li>Cut waiting lists.</li></ol>"


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    import pypdf

    folder = tmp_path_factory.mktemp("bad")
    good = html_pdf(PLAN_HTML)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good)))
    writer.encrypt("secret")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    (folder / "encrypted.pdf").write_bytes(encrypted.getvalue())
    (folder / "corrupt.pdf").write_bytes(good[: len(good) // 3])
    (folder / "empty.pdf").write_bytes(b"")
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
             "DwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    (folder / "scanned.pdf").write_bytes(html_pdf(f'<img src="{pixel}" style="width:15cm;height:20cm">'))
    (folder / "really-a-pdf.docx").write_bytes(good)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(210):
                part.write(chunk)
    (folder / "bomb.docx").write_bytes(bomb.getvalue())
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (folder / "really-a-workbook.docx").write_bytes(workbook.getvalue())
    (folder / "huge.txt").write_bytes(b"1. Deliver more homes.\n" * (50 * 1024 * 1024 // 23 + 1))
    blank = pypdf.PdfWriter()
    for _ in range(501):
        blank.add_blank_page(width=200, height=200)
    many = io.BytesIO()
    blank.write(many)
    (folder / "too-long.pdf").write_bytes(many.getvalue())
    return folder


@pytest.mark.parametrize("name,error,words", [
    ("encrypted.pdf", EncryptedDocument, "password-protected"),
    ("corrupt.pdf", CorruptDocument, "damaged"),
    ("empty.pdf", EmptyDocument, "empty"),
    ("scanned.pdf", ScannedDocument, "no text layer: this looks like a scanned document"),
    ("really-a-pdf.docx", CorruptDocument, "really a PDF"),
    ("bomb.docx", DocumentTooLarge, "zip bomb"),
    ("budget.xlsx", UnsupportedFileType, "cannot import .xlsx"),
    ("really-a-workbook.docx", CorruptDocument, "really an Excel workbook"),
    ("huge.txt", DocumentTooLarge, "the largest accepted is 50 MB"),
    ("too-long.pdf", DocumentTooLarge, "501 pages"),
])
def test_each_bad_document_gets_one_clear_line(bad_files, name, error, words):
    with pytest.raises(error) as caught:
        import_document(data=(bad_files / name).read_bytes(), name=name)
    message = str(caught.value)
    assert words in message and "\n" not in message and message.startswith(name)


def test_a_document_with_nothing_recognisable_says_so():
    from civicplan.importer.errors import NothingRecognised

    with pytest.raises(NothingRecognised, match="nothing in this document looks like a plan"):
        import_document(data=b"lorem ipsum dolor sit amet, consectetur adipiscing elit.", name="note.txt")


def test_a_300_page_document_is_read():
    """300 pages is inside the documented limits (500 pages, 50 MB): it imports, it is not refused."""
    pages = "".join(
        f'<section style="page-break-after: always"><h2>Area {n}</h2><ol style="counter-reset: list-item {n - 1}"><li>Deliver improvement {n} '
        f'for residents by March 2026.</li></ol></section>' for n in range(1, 301)
    )
    data = html_pdf(f"<h1>Long plan</h1><h2>Priorities</h2>{pages}")
    result = import_document(data=data, name="long.pdf")
    assert result.pages >= 300
    priorities = [e for e in result.plan["elements"] if e["kind"] == "priority"]
    assert len(priorities) == 300 and priorities[-1]["label"] == "300"


@pytest.mark.django_db
def test_the_command_exits_non_zero_and_saves_nothing(bad_files):
    before = Plan.objects.count()
    for name in ("encrypted.pdf", "scanned.pdf", "bomb.docx", "budget.xlsx"):
        with pytest.raises(CommandError) as caught:
            call_command("plan_import", str(bad_files / name), "--save")
        assert "\n" not in str(caught.value)
    assert Plan.objects.count() == before


def test_civicplan_import_prints_one_line_and_exits_non_zero(bad_files, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CIVICPLAN_VAR_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "civicplan.cli", "import", str(bad_files / "scanned.pdf"),
                             "--out", str(tmp_path / "out.json")], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no text layer" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()
