"""The generated corpus of other councils' layouts: what a user sees after importing each genre,
and `civicplan import-eval --corpus` scoring it."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicplan.importer.pipeline import import_file

CORPUS = Path(__file__).resolve().parent / "corpus"


def _by_title(plan: dict) -> dict[str, dict]:
    return {e["title"]: e for e in plan["elements"]}


@pytest.mark.parametrize("ext", ["docx", "md", "pdf"])
def test_an_action_table_row_is_a_milestone_with_its_date_owner_measure_and_outcome_links(ext):
    plan = import_file(CORPUS / f"action-plan-harrowfield-district-council-{ext}.{ext}").plan
    elements = _by_title(plan)
    grant = elements["Publish a grant scheme for small businesses fitting solar panels"]
    assert grant["kind"] == "milestone"
    assert (grant["date_text"], grant["start"], grant["end"]) == ("Spring 2026", "2026-03-01", "2026-05-31")
    assert grant["owner"] == "Economy Lead"
    assert grant["note"] == "Grants paid"
    ids = {e["id"]: e for e in plan["elements"]}
    targets = [ids[link["target"]] for link in grant["links"]]
    assert [(t["kind"], t["label"], t["title"]) for t in targets] == [
        ("objective", "SO1", "Cut the council's own carbon emissions"),
        ("objective", "SO3", "Grow green jobs and skills"),
    ]
    # The header row is a header, never an element.
    assert not any("Led by" in e["title"] for e in plan["elements"])


@pytest.mark.parametrize("ext", ["docx", "md"])
def test_a_pledge_list_under_area_headings_reads_as_pledges_with_sub_pledges(ext):
    plan = import_file(CORPUS / f"pledges-marston-fold-council-{ext}.{ext}").plan
    elements = _by_title(plan)
    ids = {e["id"]: e for e in plan["elements"]}
    assert elements["Better homes"]["kind"] == "pledge_area"
    homes = elements["Build 400 council homes"]
    assert homes["kind"] == "pledge" and ids[homes["parent"]]["title"] == "Better homes"
    sub = elements["All to a zero carbon standard"]
    assert sub["kind"] == "pledge" and sub["parent"] == homes["id"]


def test_a_local_plan_timetable_reads_winter_2025_6():
    plan = import_file(CORPUS / "timetable-brackley-heath-district-council-docx.docx").plan
    stage = _by_title(plan)["Regulation 18 consultation"]
    assert (stage["kind"], stage["start"], stage["end"]) == ("milestone", "2025-12-01", "2026-02-28")


def test_every_corpus_document_has_a_hand_checked_expected_plan_file():
    documents = [p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".docx", ".md")]
    assert len(documents) >= 25
    for path in documents:
        expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text())
        assert expected["format"] == "civicplan-plan" and expected["elements"]


def test_import_eval_corpus_prints_each_document_and_the_whole_corpus():
    out = StringIO()
    call_command("plan_import_eval", "--corpus", str(CORPUS), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["document", "reviewed", "imported", "recall", "dates", "parents", "links", "precision"]
    assert any(line.startswith("pledges-elmbridge-vale-council-md.md") for line in lines)
    total = lines[-1].split()
    assert total[:3] == ["all", "36", "documents"]
    recall, dates, parents, links, precision = (float(x) for x in total[5:10])
    # The figures issue 12 asks of the importer on documents no rule was written from.
    assert recall >= 0.95 and dates >= 0.95 and parents >= 0.95 and links >= 0.95 and precision >= 0.9


def test_import_eval_corpus_names_a_document_without_its_expected_plan(tmp_path):
    (tmp_path / "plan.md").write_text("# Plan\n\n1. Do a thing\n")
    with pytest.raises(CommandError, match="plan.md: no expected plan file plan.expected.json"):
        call_command("plan_import_eval", "--corpus", str(tmp_path), stdout=StringIO())


def test_a_line_naming_only_the_organisation_is_the_plans_organisation_not_an_element(tmp_path):
    path = tmp_path / "programme.md"
    path.write_text("# Waterside Regeneration Programme\n\nNorthbank Borough Council\n\n"
                    "| Stage | Date |\n|---|---|\n| Masterplan adopted | Spring 2026 |\n"
                    "| Site works begin | Q3 2026 |\n", encoding="utf-8")
    plan = import_file(path).plan
    assert plan["meta"]["organisation"] == "Northbank Borough Council"
    assert [(e["kind"], e["title"]) for e in plan["elements"]] == [
        ("milestone", "Masterplan adopted"), ("milestone", "Site works begin")]


def test_a_pdf_banner_naming_the_council_beside_the_title_gives_the_title_and_no_extra_element():
    plan = import_file(CORPUS / "tracker-corringham-city-council-pdf.pdf").plan
    assert plan["meta"]["title"] == "Housing Service Action Plan"
    assert plan["meta"]["organisation"] == "Corringham City Council"
    assert [e["kind"] for e in plan["elements"]] == ["milestone"] * 3
