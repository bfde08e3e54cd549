"""`civicplan import` as a user runs it: JSON out without a database, or a stored draft plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicplan.plans.models import Plan
from civicplan.plans.services import SEED_DIR, plan_file_problems

ROOT = Path(__file__).resolve().parents[2]
SOURCES = SEED_DIR / "sources"


def test_out_writes_plan_json_v1_that_a_plan_file_accepts(tmp_path):
    target = tmp_path / "plan.json"
    call_command("plan_import", str(SOURCES / "lc-business-plan-2019-20.txt"), "--out", str(target), stdout=StringIO())
    data = json.loads(target.read_text())
    assert data["format"] == "civicplan-plan" and data["version"] == 1
    assert data["meta"]["status"] == "draft"
    assert data["meta"]["title"] == "London Councils Business Plan 2019/20"
    assert plan_file_problems(data) == []
    assert sum(1 for e in data["elements"] if e["kind"] == "pledge") == 55


def test_several_files_get_a_folder_a_progress_bar_and_a_summary_table(tmp_path, corpus):
    out = StringIO()
    files = [str(SOURCES / "lc-challenge-2017.txt"), str(corpus["docx"] / "lc-business-plan-2020-21.docx"),
             str(corpus["pdf"] / "lc-shared-ambitions-2022-23.pdf")]
    call_command("plan_import", *files, "--out", str(tmp_path / "drafts"), stdout=out)
    written = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert len(written) == 3 and all(name.endswith(".json") for name in written)
    table = out.getvalue()
    assert "Imported documents" in table and "milestones" in table
    assert "lc-shared-ambitions-2022-23.pdf" in table


def test_several_files_without_out_or_save_is_refused():
    with pytest.raises(CommandError, match="--out FOLDER"):
        call_command("plan_import", str(SOURCES / "lc-challenge-2017.txt"), str(SOURCES / "lc-business-plan-2013-14.txt"))


@pytest.mark.django_db
def test_save_stores_a_draft_plan_with_a_unique_slug(tmp_path):
    out = StringIO()
    call_command("plan_import", str(SOURCES / "lc-shared-ambitions-2022-23.txt"), "--save", stdout=out)
    # Another document with the same title (here: the same text, edited) gets its own slug.
    edited = tmp_path / "shared-ambitions-edited.txt"
    edited.write_bytes((SOURCES / "lc-shared-ambitions-2022-23.txt").read_bytes() + b"\n")
    call_command("plan_import", str(edited), "--save", stdout=out)
    plans = Plan.objects.filter(slug__startswith="london-councils-shared-ambitions-milestones").order_by("slug")
    assert [p.slug for p in plans] == ["london-councils-shared-ambitions-milestones",
                                       "london-councils-shared-ambitions-milestones-2"]
    plan = plans[0]
    assert plan.status == Plan.Status.DRAFT
    assert plan.elements.filter(kind="milestone").count() == 41
    assert plan.elements.get(title="Reform of asylum dispersal").date_text == "July 2022"
    assert "saved as london-councils-shared-ambitions-milestones" in out.getvalue()


def test_out_touches_no_database(tmp_path):
    """Run as a user would, with a database folder that does not exist: JSON still comes out."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CIVICPLAN_VAR_DIR"] = str(tmp_path / "var")
    result = subprocess.run([sys.executable, "-m", "civicplan.cli", "import", str(SOURCES / "lc-challenge-2017.txt")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["meta"]["title"] == "London Councils Challenge"
    database = tmp_path / "var" / "civicplan.sqlite3"
    assert not database.exists() or database.stat().st_size == 0


@pytest.mark.django_db
def test_save_and_out_together_store_the_draft_and_write_its_file(tmp_path):
    target = tmp_path / "draft.json"
    out = StringIO()
    before = Plan.objects.count()
    call_command("plan_import", str(SOURCES / "lc-challenge-2017.txt"), "--save", "--out", str(target), stdout=out)
    assert Plan.objects.count() == before + 1
    written = json.loads(target.read_text(encoding="utf-8"))
    saved = Plan.objects.get(slug=written["meta"]["slug"])
    assert saved.status == "draft" and saved.elements.count() == len(written["elements"])
    assert f"saved as {saved.slug} and written to {target}" in out.getvalue()


def test_a_folder_given_as_a_document_is_named_as_a_folder(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("plan_import", str(tmp_path), "--out", str(tmp_path / "x.json"))
    assert "is a folder" in str(error.value) and "*.pdf" in str(error.value)
