"""The drawn timeline of every seed plan, byte for byte, against drawings kept beside this test.

Printed committee papers and downloaded charts are compared with each other, so the drawing
must not change by accident: a change to how the timeline is built or drawn that alters a
single byte fails here. After a deliberate change to the drawing, look at the new files and
keep them with `CIVICPLAN_REDRAW=1` (the test then writes the files and fails, so a redraw is
never mistaken for a pass).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from html import escape
from pathlib import Path

import pytest

from civicplan.plans.models import Plan
from civicplan.timeline.build import NO_GROUPING, timeline_build, timeline_layout
from civicplan.timeline.draw import timeline_svg
from civicplan.timeline.views import table_html

pytestmark = pytest.mark.django_db

DRAWN = Path(__file__).with_name("drawn")
SEEDS = sorted(path.stem for path in (Path(__file__).parents[2] / "civicplan/plans/seeds").glob("*.yaml"))
AS_AT = dt.date(2023, 3, 31)
TODAY = dt.date(2023, 6, 30)  # fixed, so the faint "today" line does not move with the calendar


def drawings(slug: str) -> dict[str, str]:
    """Every drawing a reader meets for the plan: the download, the page's chart and its print
    drawings (one per group), the date-order chart and a chart as at today."""
    plan = Plan.objects.get(slug=slug)
    timeline = dataclasses.replace(timeline_build(plan=plan, as_at=AS_AT), today=TODAY)
    by_date = dataclasses.replace(timeline_build(plan=plan, as_at=AS_AT, group_by=NO_GROUPING), today=TODAY)
    today = dataclasses.replace(timeline_build(plan=plan, as_at=TODAY), today=TODAY)
    # As the page draws them: the chart and its print drawings from one layout.
    layout = timeline_layout(timeline)
    page = timeline_svg(timeline, heading=False, layout=layout)
    prints = "\n".join(
        timeline_svg(
            dataclasses.replace(timeline, groups=[group]), heading=False, id_prefix=f"print-tl{index + 1}", layout=layout
        )
        for index, group in enumerate(timeline.groups)
    )
    return {
        "download.svg": timeline_svg(timeline),
        "page.svg": page,
        "print.svg": prints,
        "date-order.svg": timeline_svg(by_date, heading=False, width=1200),
        "today.svg": timeline_svg(today, id_prefix="now"),
        "table.html": table_html(timeline, query="?as_at=2023-03-31"),
    }


@pytest.mark.parametrize("slug", SEEDS)
def test_the_drawing_of_each_seed_plan_is_unchanged(seeded, slug):
    drawn = drawings(slug)
    folder = DRAWN / slug
    if os.environ.get("CIVICPLAN_REDRAW"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in drawn.items():
            (folder / name).write_text(text, encoding="utf-8")
        pytest.fail(f"redrew {folder}: check the files and run again without CIVICPLAN_REDRAW")
    for name, text in drawn.items():
        kept = (folder / name).read_text(encoding="utf-8")
        assert text == kept, f"{slug}/{name} differs from the drawing kept beside this test"


def test_the_kept_drawings_show_each_plans_rows(seeded):
    """The kept files are real drawings of the plans, not empty ones: every dated row's key is in
    its plan's download."""
    for slug in SEEDS:
        plan = Plan.objects.get(slug=slug)
        timeline = timeline_build(plan=plan, as_at=AS_AT)
        kept = (DRAWN / slug / "download.svg").read_text(encoding="utf-8")
        assert kept.startswith("<svg ") and escape(plan.title, False) in kept
        for row in timeline.rows:
            assert f'data-key="{row.key}"' in kept


def test_a_group_drawn_alone_is_the_same_from_a_shared_layout_or_its_own(seeded):
    """The page lays its rows out once for the chart and the print drawings; a print drawing
    made that way is the drawing of that group made afresh, with its own ids."""
    plan = Plan.objects.get(slug="lc-shared-ambitions-2022-23")
    timeline = timeline_build(plan=plan, as_at=AS_AT)
    layout = timeline_layout(timeline)
    whole = timeline_svg(timeline, heading=False, layout=layout)
    assert len(timeline.groups) > 1
    for index, group in enumerate(timeline.groups):
        alone = dataclasses.replace(timeline, groups=[group])
        shared = timeline_svg(alone, heading=False, id_prefix=f"p{index}", layout=layout)
        assert shared == timeline_svg(alone, heading=False, id_prefix=f"p{index}")
        assert f'id="p{index}-title"' in shared and "url(#tl-" not in shared  # its own ids, not the chart's
    assert whole.count('class="tl-row ') == len(timeline.rows)
