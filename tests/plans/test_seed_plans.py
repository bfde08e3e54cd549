"""The five seed plans, checked against the papers they come from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.services import SEED_DIR, SEED_SLUGS

pytestmark = pytest.mark.django_db

SOURCES = SEED_DIR / "sources"


def fold(text: str) -> str:
    """Compare words, not layout: the papers were extracted from PDFs with broken wraps."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"(?m)^\s*\d+\.\s*$", " ", text)  # numbers detached onto their own line
    text = re.sub(r"(?m)^\s*-\s+", " ", text)  # "-" bullets
    text = re.sub(r"-\s*\n\s*", "-", text)
    text = text.replace("*", "")
    text = re.sub(r"[•¢>]", " ", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def test_the_five_plans_are_loaded_with_period_body_and_status():
    plans = {p.slug: p for p in Plan.objects.select_related("body")}
    assert set(plans) == set(SEED_SLUGS)
    assert plans["lc-business-plan-2019-20"].period_start == dt.date(2019, 4, 1)
    assert plans["lc-business-plan-2019-20"].period_end == dt.date(2020, 3, 31)
    assert plans["lc-business-plan-2019-20"].body.name == "Leaders' Committee"
    assert plans["lc-business-plan-2020-21"].body.name == "Executive"
    assert plans["lc-business-plan-2020-21"].status == Plan.Status.EXECUTIVE
    assert plans["lc-shared-ambitions-2022-23"].status == Plan.Status.IN_DELIVERY
    assert plans["lc-business-plan-2013-14"].body is None


def test_each_plan_follows_the_one_before():
    chain = [Plan.objects.get(slug=s).predecessor for s in SEED_SLUGS]
    assert chain[0] is None
    assert [p.slug for p in chain[1:]] == list(SEED_SLUGS[:-1])


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_title_and_text_is_worded_as_printed(slug):
    """No paraphrase: each element's words appear in the paper (line wraps aside)."""
    paper = fold((SOURCES / f"{slug}.txt").read_text(encoding="utf-8"))
    missing = []
    for element in Element.objects.filter(plan__slug=slug):
        if element.kind == "key_event" and not element.text:
            continue  # single occurrences split out of one printed bullet
        for words in (element.title, element.text):
            for paragraph in filter(None, words.split("\n")):
                if fold(paragraph).rstrip(".:;,") not in paper:
                    missing.append(f"{element.key}: {paragraph[:80]}")
    assert missing == []


def test_2019_20_has_46_pledges_in_seven_areas_and_work_areas_1_to_55():
    plan = Plan.objects.get(slug="lc-business-plan-2019-20")
    areas = plan.elements.filter(kind="pledge_area")
    assert [a.title for a in areas] == [
        "Housing", "Crime and Public Protection", "Better Health and Care",
        "Supporting Business and Inclusive Growth", "Transport and Environment",
        "Funding London", "New Ways of Working",
    ]
    top_level = plan.elements.filter(kind="pledge", parent__kind="pledge_area")
    assert top_level.count() == 46
    assert [areas[i].children.count() for i in range(7)] == [4, 9, 5, 8, 10, 6, 4]
    labels = list(plan.elements.filter(kind="priority").values_list("label", flat=True))
    assert labels == [str(n) for n in range(1, 56)]
    item_4 = plan.elements.get(kind="priority", label="4")
    assert "March 2020" in item_4.title
    assert plan.item_no == "19" and plan.meeting_date == dt.date(2019, 6, 4)
    assert plan.report_by == "John O'Brien" and plan.job_title == "Chief Executive"
    assert plan.contact_phone == "020 7934 9509"


def test_2019_20_charging_point_pledge_has_its_target():
    pledge = Element.objects.get(plan__slug="lc-business-plan-2019-20", title__startswith="Deliver at least 2500")
    assert pledge.date_text == "by 2022"
    assert pledge.date_end == dt.date(2022, 12, 31)


def test_2022_has_six_objectives_and_their_sub_priorities():
    plan = Plan.objects.get(slug="lc-shared-ambitions-2022-23")
    objectives = plan.elements.filter(kind="objective")
    assert [o.label for o in objectives] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert objectives[0].title == "London's Future"
    counts = [o.children.filter(kind="sub_priority").count() for o in objectives]
    assert counts == [6, 5, 6, 6, 5, 5]
    assert plan.elements.filter(kind="core_area").count() == 4
    assert plan.item_no == "4" and plan.meeting_date == dt.date(2022, 7, 27)
    assert plan.contact_officer == "Barbara Salmon"
    assert plan.recommendations == ["Note and approve the suggested shared ambitions milestones."]


def test_2022_milestones_keep_date_words_and_link_to_sub_priorities():
    plan = Plan.objects.get(slug="lc-shared-ambitions-2022-23")
    pilot = plan.elements.get(kind="milestone", title__startswith="Pilot to evaluate approaches")
    assert pilot.date_text == "September 2022"
    assert (pilot.date_start, pilot.date_end) == (dt.date(2022, 9, 1), dt.date(2022, 9, 30))
    targets = set(
        ElementLink.objects.filter(source=pilot, link_type="contributes_to").values_list("target__title", flat=True)
    )
    assert targets == {
        "Levelling up and tackling deprivation", "Shaping our city for the future",
        "Jobs, skills and support for young people", "Building collaboration between London partners",
        "Supporting Londoners through the cost-of-living crisis",
    }
    uasc = plan.elements.get(kind="milestone", date_text="by Jan 2023")
    assert uasc.date_start is None and uasc.date_end == dt.date(2023, 1, 31)
    ics = plan.elements.get(kind="milestone", date_text="July 2022 (and ongoing to April 2023)")
    assert (ics.date_start, ics.date_end) == (dt.date(2022, 7, 1), dt.date(2023, 4, 30))


def test_2022_a_bullet_with_several_dated_steps_holds_child_milestones():
    plan = Plan.objects.get(slug="lc-shared-ambitions-2022-23")
    contracts = plan.elements.get(kind="milestone", title__startswith="Climate change and sustainability are included")
    steps = list(contracts.children.values_list("date_text", flat=True))
    assert steps == ["Q2 2022", "Q1 2023", "Q2 2023", "TBC"]
    tbc = contracts.children.get(date_text="TBC")
    assert tbc.date_start is None and tbc.date_end is None and tbc.date_precision == "tbc"


def test_2022_key_political_events_are_under_policy_implications():
    plan = Plan.objects.get(slug="lc-shared-ambitions-2022-23")
    policy = plan.elements.get(kind="implication", title="Policy implications")
    events = policy.children.filter(kind="key_event")
    assert events.count() == 7
    assert "Spring Statement" in [e.title for e in events]


def test_2020_21_portfolios_priorities_and_outputs():
    plan = Plan.objects.get(slug="lc-business-plan-2020-21")
    portfolios = plan.elements.filter(kind="portfolio")
    assert portfolios.count() == 11
    transport = portfolios.get(title="Transport and Environment")
    assert Element.objects.filter(kind="priority", plan=plan, parent__in=[transport, *transport.children.all()]).count() == 10
    crime = portfolios.get(label="3")
    assert crime.note == "reflects very early inter-action with new portfolio holder"
    fair_funding = plan.elements.get(kind="priority", title__startswith="Delivering fair levels of funding")
    assert fair_funding.text.startswith("London local government receives its fair share")
    assert list(fair_funding.children.values_list("label", flat=True)) == list("abcdefg")


def test_2013_14_themes_directorates_and_equality_objectives():
    plan = Plan.objects.get(slug="lc-business-plan-2013-14")
    assert [t.title for t in plan.elements.filter(kind="theme")] == [
        "Resourcing London", "Securing devolution and localism", "Supporting London Delivery", "Organisational Change",
    ]
    assert plan.elements.filter(kind="directorate").count() == 2
    assert plan.elements.filter(kind="equality_objective").count() == 6


def test_2017_challenge_core_purpose_and_themes():
    plan = Plan.objects.get(slug="lc-challenge-2017")
    assert plan.elements.filter(kind="purpose").count() == 4
    assert plan.elements.filter(kind="theme").count() == 5
    labels = list(plan.elements.filter(kind="other").values_list("label", flat=True))
    assert labels == [str(n) for n in range(1, 23)]


def test_seed_files_are_kept_in_canonical_form():
    """The shipped files are exactly what export writes, so they round-trip byte for byte."""
    from civicplan.plans.planfiles.formats import dumps
    from civicplan.plans.selectors import plan_file_build

    for slug in SEED_SLUGS:
        on_disk = Path(SEED_DIR / f"{slug}.yaml").read_text(encoding="utf-8")
        exported = dumps(plan_file_build(plan=Plan.objects.get(slug=slug)), "yaml")
        assert exported == on_disk, f"{slug}.yaml is not in canonical form: run `make seeds-canonical`"


def test_stored_dates_are_the_reading_of_the_date_words():
    """The seed files carry the parser's reading; a change to either shows up here."""
    from civicplan.core.periods import parse_period

    convention = Plan.objects.first().organisation.period_convention
    drift = []
    for element in Element.objects.exclude(date_text=""):
        period = parse_period(element.date_text, convention)
        if (period.start, period.end, period.precision.value) != (
            element.date_start, element.date_end, element.date_precision
        ):
            drift.append(f"{element.plan.slug}/{element.key}: {element.date_text}")
    assert drift == []


def test_quarters_say_how_they_were_read():
    q2 = Element.objects.filter(plan__slug="lc-shared-ambitions-2022-23", date_text="Q2 2022").get()
    assert (q2.date_start, q2.date_end) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    assert "financial quarter" in q2.date_note
