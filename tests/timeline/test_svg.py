"""The timeline chart: what a reader of the drawn (or printed) Gantt chart sees."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.plans.models import Element, Plan
from civicplan.timeline.build import timeline_build
from civicplan.timeline.draw import timeline_svg
from tests.timeline.plans import timeline_plan

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PLAN = "lc-shared-ambitions-2022-23"
AS_AT = dt.date(2023, 3, 31)


def draw(slug: str = PLAN, as_at: dt.date = AS_AT, **kwargs) -> ET.Element:
    plan = Plan.objects.get(slug=slug)
    return ET.fromstring(timeline_svg(timeline_build(plan=plan, as_at=as_at, **kwargs)))


def classes(node: ET.Element) -> set[str]:
    return set((node.get("class") or "").split())


def find_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [node for node in root.iter() if name in classes(node)]


def row(root: ET.Element, key: str) -> ET.Element:
    found = [node for node in find_class(root, "tl-row") if node.get("data-key") == key]
    assert len(found) == 1, f"{key}: {len(found)} rows"
    return found[0]


def label_of(node: ET.Element) -> str:
    """A row's label as drawn: its lines joined, as a reader runs them together."""
    text = node.find(f"{SVG}text")
    return " ".join(" ".join("".join(span.itertext()).split()) for span in text.iter(f"{SVG}tspan"))


def no_progress(slug: str = PLAN) -> None:
    """Forget the sample history, for tests about a plan with no updates yet."""
    ProgressUpdate.objects.filter(element__plan__slug=slug).delete()


def words(node: ET.Element) -> str:
    """The visible words of a part of the chart (text and tspans, not tooltips)."""
    parts = []
    for text in node.iter(f"{SVG}text"):
        parts.append(" ".join("".join(text.itertext()).split()))
    return " | ".join(parts)


def test_the_chart_is_an_accessible_standalone_svg(seeded):
    root = draw()
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and "London Councils' Shared Ambitions Milestones" in title.text
    assert desc is not None and "41 milestones" in desc.text and "31 Mar 2023" in desc.text
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert root.get("viewBox").startswith("0 0 1000 ")


def test_every_milestone_of_the_2022_plan_is_a_row_with_its_words(seeded):
    root = draw()
    milestones = Element.objects.filter(plan__slug=PLAN, kind="milestone").order_by("position")
    dated = [m for m in milestones if m.date_start or m.date_end]
    assert len(dated) == 37
    for milestone in dated:
        node = row(root, milestone.key)
        assert node.find(f"{SVG}title").text.startswith(
            milestone.title.rstrip(". ") + ". Target: " + milestone.date_text  # one full stop, not two
        )
        label = label_of(node)
        assert milestone.title.startswith(label.rstrip("…").rstrip()), (label, milestone.title)
        assert milestone.date_text in words(node)
    # Undated ones are rows too, saying so.
    assert "no date (TBC)" in words(row(root, "ms-2.2-3-d"))
    assert "no date (TBC)" in words(row(root, "ms-2.1-1"))
    assert len(find_class(root, "tl-row")) == milestones.count() == 41


def test_rows_are_grouped_under_their_objective_with_steps_indented(seeded):
    root = draw()
    headings = [words(node) for node in find_class(root, "tl-group-heading")]
    assert headings[0] == "Objective 2.1: London's Future"
    assert len(headings) == 6
    assert "tl-row--depth-1" in classes(row(root, "ms-2.1-1-a"))
    assert "tl-row--depth-0" in classes(row(root, "ms-2.1-1"))
    # A milestone with no date of its own spans its steps with a bracket.
    assert find_class(row(root, "ms-2.1-1"), "tl-summary")


def test_a_season_is_drawn_fuzzy_and_a_month_sharp(seeded):
    root = draw()
    autumn = row(root, "ms-2.1-6")  # "Autumn 2022"
    assert autumn.get("data-precision") == "season"
    bar = find_class(autumn, "tl-bar")[0]
    assert "tl-bar--fuzzy" in classes(bar) and "tl-bar--sharp" not in classes(bar)
    fades = find_class(bar, "tl-edge--fuzzy")
    assert len(fades) == 2 and all(f.get("fill").startswith("url(#") for f in fades)

    september = row(root, "ms-2.1-2")  # "September 2022"
    bar = find_class(september, "tl-bar")[0]
    assert "tl-bar--sharp" in classes(bar) and "tl-bar--fuzzy" not in classes(bar)
    assert not find_class(bar, "tl-edge--fuzzy")
    rect = bar.find(f"{SVG}rect")
    assert rect.get("stroke") and not rect.get("fill").startswith("url(")


def test_open_ended_periods_trail_off_with_an_arrow(seeded):
    root = draw()
    from_sep = find_class(row(root, "ms-2.1-4"), "tl-bar")[0]  # "from September 2022"
    assert "tl-bar--open-end" in classes(from_sep) and find_class(from_sep, "tl-arrow")
    by_jan = find_class(row(root, "ms-2.1-3"), "tl-bar")[0]  # "by Jan 2023"
    assert "tl-bar--open-start" in classes(by_jan) and find_class(by_jan, "tl-arrow")
    # "2022-25" runs past the end of the axis: clipped, with an arrow, its words still shown.
    long_run = row(root, "ms-2.6-4")
    assert "tl-bar--clipped" in classes(find_class(long_run, "tl-bar")[0])
    assert "2022-25" in words(long_run)


def test_the_as_at_line_moves_with_the_date(seeded):
    def as_at_x(day):
        lines = find_class(draw(as_at=day), "tl-asat-line")
        assert len(lines) == 1
        return float(lines[0].get("x1"))

    autumn, spring = as_at_x(dt.date(2022, 10, 1)), as_at_x(dt.date(2023, 3, 31))
    assert autumn < spring
    assert as_at_x(dt.date(2023, 3, 31)) == spring
    # A date after the chart says so rather than drawing off the edge.
    root = draw(as_at=dt.date(2026, 1, 1))
    assert not find_class(root, "tl-asat-line")
    assert "after this timeline" in words(find_class(root, "tl-asat")[0])
    assert "1 Jan 2026" in words(find_class(root, "tl-asat")[0])


def test_key_political_events_are_on_the_same_axis(seeded):
    root = draw()
    events = find_class(root, "tl-event")
    labels = {words(e) for e in events}
    assert {
        "COP 27",
        "COP 28",
        "Spring Statement",
        "Party Conferences 2022",
        "Autumn Budget 2023",
    } <= labels
    # The "Sep Oct 2022/23" heading is drawn as its two dated occurrences, not itself.
    assert "ke-1" not in {e.get("data-key") for e in events}
    cop = next(e for e in events if words(e) == "COP 27")
    assert find_class(cop, "tl-event-marker")


def test_status_is_shown_as_it_stood_on_the_date_in_colour_shape_and_words(seeded):
    no_progress()
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.2-1")  # March 2023
    ProgressUpdate.objects.create(
        element=element,
        rag=Rag.AMBER,
        percent_complete=40,
        as_at=dt.date(2022, 12, 31),
        status=ProgressUpdate.Status.APPROVED,
    )
    ProgressUpdate.objects.create(
        element=element,
        rag=Rag.COMPLETE,
        percent_complete=100,
        as_at=dt.date(2023, 3, 20),
        status=ProgressUpdate.Status.APPROVED,
    )

    before = row(draw(as_at=dt.date(2023, 1, 15)), "ms-2.2-1")
    assert before.get("data-status") == "amber"
    assert find_class(before, "tl-shape--amber") and "Amber" in words(before)
    assert "tl-bar--amber" in classes(find_class(before, "tl-bar")[0])

    after = row(draw(as_at=dt.date(2023, 6, 1)), "ms-2.2-1")
    assert after.get("data-status") == "complete"
    assert find_class(after, "tl-shape--complete") and "Complete" in words(after)
    assert "Overdue" not in words(after)


def test_a_milestone_past_its_date_and_not_complete_is_marked_overdue_in_words(seeded):
    no_progress()
    root = draw(as_at=dt.date(2023, 3, 31))
    late = row(root, "ms-2.1-2")  # September 2022, no update
    assert "tl-row--overdue" in classes(late) and "Overdue" in words(late)
    not_yet = row(root, "ms-2.1-6-a")  # May 2023
    assert "Overdue" not in words(not_yet)


def test_grouping_can_be_turned_off_for_one_list_in_date_order(seeded):
    plan = Plan.objects.get(slug=PLAN)
    timeline = timeline_build(plan=plan, as_at=AS_AT, group_by="none")
    assert len(timeline.groups) == 1
    top = [r for r in timeline.rows if r.depth == 0 and r.start]
    assert [r.start for r in top] == sorted(r.start for r in top)
    with pytest.raises(ValueError):
        timeline_build(plan=plan, as_at=AS_AT, group_by="colour")


def test_the_same_timeline_draws_the_same_svg(seeded):
    plan = Plan.objects.get(slug=PLAN)
    first = timeline_svg(timeline_build(plan=plan, as_at=AS_AT))
    second = timeline_svg(timeline_build(plan=plan, as_at=AS_AT))
    assert first == second


def test_words_are_escaped(seeded):
    plan = timeline_plan(slug="tl-escape", milestones=8, title='Plans <&> "quotes"')
    root = draw(slug=plan.slug)
    assert 'Plans <&> "quotes"' in root.find(f"{SVG}title").text
    assert "Milestone 0 <deliver> & report" in words(row(root, "ms-0"))


def test_plans_without_dated_milestones_show_what_they_have_or_say_so(seeded):
    pledges = timeline_build(plan=Plan.objects.get(slug="lc-business-plan-2019-20"), as_at=AS_AT)
    assert pledges.fallback and pledges.row_plural == "Pledges"
    assert "no dated milestones" in pledges.message
    assert {r.key for r in pledges.rows} == {"pledge-2-a", "pledge-28"}
    assert pledges.groups[0].heading.startswith("Pledge area")
    # Due "by 2022", well after the plan year: the axis stretches to show them, not a stub.
    assert pledges.axis_end >= dt.date(2022, 12, 31)
    root = ET.fromstring(timeline_svg(pledges))
    bar = find_class(row(root, "pledge-28"), "tl-bar")[0]
    assert "tl-bar--open-start" in classes(bar) and "tl-bar--clipped" not in classes(bar)

    nothing = timeline_build(plan=Plan.objects.get(slug="lc-business-plan-2013-14"), as_at=AS_AT)
    assert not nothing.rows
    assert (
        nothing.message
        == "This plan has no dated milestones, so there is nothing to show on a timeline."
    )
    root = ET.fromstring(timeline_svg(nothing))
    assert "This plan has no dated milestones" in words(root)
    assert root.get("role") == "img"


def test_today_gets_its_own_line_when_the_chart_shows_another_date(seeded):
    import dataclasses

    timeline = timeline_build(plan=Plan.objects.get(slug=PLAN), as_at=dt.date(2022, 10, 1))
    root = ET.fromstring(timeline_svg(dataclasses.replace(timeline, today=dt.date(2023, 5, 15))))
    today = find_class(root, "tl-today")
    assert len(today) == 1 and "Today" in words(today[0])
    as_at = float(find_class(root, "tl-asat-line")[0].get("x1"))
    assert float(today[0].find(f"{SVG}line").get("x1")) > as_at
    # On today's date there is one line, labelled as today.
    same = timeline_svg(dataclasses.replace(timeline, today=dt.date(2022, 10, 1)))
    root = ET.fromstring(same)
    assert not find_class(root, "tl-today")
    assert "Today, 1 Oct 2022" in words(find_class(root, "tl-asat")[0])
