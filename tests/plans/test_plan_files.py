"""Plan JSON v1 / plan YAML: export, validate, load into an empty database, round-trip."""

from __future__ import annotations

import copy
import io
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from civicplan.organisations.models import Organisation
from civicplan.plans.models import Element, Plan
from civicplan.plans.planfiles.formats import dumps, loads, plan_schema
from civicplan.plans.selectors import plan_file_build
from civicplan.plans.services import SEED_SLUGS, plan_file_load

pytestmark = pytest.mark.django_db


def export(slug: str, fmt: str) -> str:
    out = io.StringIO()
    call_command("plan_export", slug, format=fmt, stdout=out)
    return out.getvalue()


def empty_database() -> None:
    Plan.objects.all().delete()
    Organisation.objects.all().delete()


def test_export_prints_plan_json_v1_that_validates_against_the_schema():
    text = export("lc-shared-ambitions-2022-23", "json")
    data = json.loads(text)
    jsonschema.Draft202012Validator(plan_schema()).validate(data)
    assert data["meta"]["committee"] == "Leaders' Committee"
    assert data["meta"]["plan_period"] == {"start": "2022-07-01", "end": "2023-12-31", "text": "until the end of 2023"}
    milestone = next(e for e in data["elements"] if e["date_text"] == "by Jan 2023")
    assert set(["id", "kind", "parent", "label", "title", "text", "date_text", "start", "end", "links"]) <= set(milestone)
    assert milestone["start"] is None and milestone["end"] == "2023-01-31"
    assert milestone["links"] and all(link["type"] == "contributes_to" for link in milestone["links"])


@pytest.mark.parametrize("slug", SEED_SLUGS)
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_load_into_an_empty_database_and_export_again_is_identical(slug, fmt, tmp_path):
    first = export(slug, fmt)
    path = tmp_path / f"{slug}.{fmt}"
    path.write_text(first, encoding="utf-8")
    empty_database()
    call_command("plan_load", str(path), stdout=io.StringIO())
    assert export(slug, fmt) == first


def test_json_and_yaml_carry_the_same_content():
    slug = "lc-business-plan-2019-20"
    assert loads(export(slug, "yaml")) == json.loads(export(slug, "json"))


def test_export_to_a_file(tmp_path):
    out = tmp_path / "nested" / "plan.yaml"
    call_command("plan_export", "lc-challenge-2017", format="yaml", out=out, stderr=io.StringIO())
    assert out.read_text(encoding="utf-8").startswith("format: civicplan-plan\nversion: 1\n")


def test_export_of_an_unknown_plan_names_the_plans_there_are():
    with pytest.raises(CommandError, match="no plan with slug 'nope'.*lc-business-plan-2019-20"):
        export("nope", "json")


def test_loading_over_an_existing_plan_needs_replace(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(export("lc-challenge-2017", "json"), encoding="utf-8")
    with pytest.raises(CommandError, match="already exists; load with --replace"):
        call_command("plan_load", str(path))
    call_command("plan_load", str(path), replace=True, stdout=io.StringIO())
    assert Plan.objects.filter(slug="lc-challenge-2017").count() == 1


def test_loading_says_when_it_adds_a_committee_it_did_not_know(tmp_path):
    data = json.loads(export("lc-challenge-2017", "json"))
    data["meta"]["slug"] = "challenge-copy"
    data["meta"]["committee"] = "Leader's Comittee"  # misspelt
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("plan_load", str(path), stdout=out)
    assert "note: added the committee \"Leader's Comittee\", which was not known before" in out.getvalue()
    out = io.StringIO()
    call_command("plan_load", str(path), replace=True, stdout=out)
    assert "note:" not in out.getvalue()  # known now


def test_a_hand_written_file_gets_its_dates_from_the_words():
    data = {
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": "test-plan", "title": "Test plan", "kind": "milestones_plan", "status": "draft",
                 "organisation": "A Borough Council"},
        "framework": {"levels": [{"kind": "milestone", "name": "Milestone", "plural": "Milestones", "parents": []}]},
        "elements": [{"id": "m1", "kind": "milestone", "title": "Strategy agreed", "date_text": "Autumn 2022"}],
    }
    plan = plan_file_load(data=data)
    element = plan.elements.get()
    assert (element.date_start.isoformat(), element.date_end.isoformat()) == ("2022-09-01", "2022-11-30")
    assert element.date_precision == "season"
    assert plan.organisation.name == "A Borough Council"


def _valid() -> dict:
    return json.loads(export("lc-shared-ambitions-2022-23", "json"))


BAD_FILES = [
    ("unknown kind", lambda d: d["elements"][0].update(kind="wish"), "kind"),
    ("missing parent", lambda d: d["elements"][5].update(parent="no-such-id"), "parent no-such-id does not exist"),
    ("duplicate id", lambda d: d["elements"][1].update(id=d["elements"][0]["id"]), "the id is used twice"),
    ("start after end", lambda d: next(e for e in d["elements"] if e["start"] and e["end"]).update(start="2030-01-01"), "is after end"),
    ("impossible date", lambda d: next(e for e in d["elements"] if e["end"]).update(end="2022-02-30"), "not a real date"),
    ("dangling link", lambda d: next(e for e in d["elements"] if e["links"])["links"][0].update(target="gone"), "link target gone does not exist"),
    ("kind not in framework", lambda d: d["framework"]["levels"].pop(), "not in the plan's framework"),
    ("bad slug", lambda d: d["meta"].update(slug="Not A Slug"), "meta.slug"),
    ("wrong nesting", lambda d: next(e for e in d["elements"] if e["kind"] == "sub_priority").update(parent=None), "may not sit at the top level"),
]


@pytest.mark.parametrize("name,spoil,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_saved(name, spoil, message, tmp_path):
    data = _valid()
    data["meta"]["slug"] = data["meta"]["slug"] if name == "bad slug" else "a-new-plan"
    spoil(data)
    before = (Plan.objects.count(), Element.objects.count())
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("plan_load", str(path))
    assert (Plan.objects.count(), Element.objects.count()) == before


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "the file is empty"),
        (b"format: [unclosed", "not valid YAML"),
        (b'{"format": ', "not valid JSON"),
        (b"\xff\xfe\x00junk", "not UTF-8"),
        (b"- just\n- a list\n", "must be a mapping"),
    ],
)
def test_unreadable_files_get_a_one_line_reason(content, message, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("plan_load", str(path))


def test_a_failure_half_way_leaves_the_database_as_it_was(monkeypatch):
    data = _valid()
    data["meta"]["slug"] = "half-way"
    from civicplan.plans import services

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_links_create", explode)
    before = Element.objects.count()
    with pytest.raises(RuntimeError):
        plan_file_load(data=copy.deepcopy(data))
    assert not Plan.objects.filter(slug="half-way").exists()
    assert Element.objects.count() == before


def test_loading_seeds_twice_adds_nothing():
    before = (Plan.objects.count(), Element.objects.count(), Organisation.objects.get().members.count())
    out = io.StringIO()
    call_command("plan_load", seeds=True, stdout=out)
    assert "already present" in out.getvalue()
    after = (Plan.objects.count(), Element.objects.count(), Organisation.objects.get().members.count())
    assert after == before


def test_a_cross_plan_link_survives_until_its_target_is_loaded(tmp_path):
    data = _valid()
    data["meta"]["slug"] = "later-plan"
    data["elements"][0]["links"] = [{"type": "continues", "target": "lc-business-plan-2020-21#nowhere-yet"}]
    plan_file_load(data=data)
    exported = plan_file_build(plan=Plan.objects.get(slug="later-plan"))
    assert exported["elements"][0]["links"] == [{"type": "continues", "target": "lc-business-plan-2020-21#nowhere-yet"}]


def test_yaml_is_readable_by_people():
    text = export("lc-business-plan-2020-21", "yaml")
    assert "title: Delivering fair levels of funding for local public services in London" in text
    assert dumps(loads(text), "yaml") == text
