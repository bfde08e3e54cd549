"""Dashboard charts: RAG by group and status over time, as SVG with a title, a description and a
table of the same counts, which are plan_summary's (the one read model)."""

import datetime as dt
import re

from civicplan.plans.models import Plan
from civicplan.standing.summary import plan_summary
from civicplan.web.views.dashboard_charts import quarter_ends
from tests.conftest import text_of

PLAN = "lc-shared-ambitions-2022-23"


def test_quarter_ends_are_the_last_days_of_the_four_quarters_before():
    assert quarter_ends(dt.date(2024, 5, 10)) == [
        dt.date(2023, 6, 30), dt.date(2023, 9, 30), dt.date(2023, 12, 31), dt.date(2024, 3, 31), dt.date(2024, 5, 10)]


def test_the_dashboard_draws_both_charts_with_tables_of_plan_summary_counts(pages, seeded):
    as_at = dt.date(2023, 3, 31)
    html = pages.get(f"/plans/{PLAN}/dashboard/?as_at={as_at.isoformat()}").content.decode()
    for chart_id in ("chart-rag-by-group", "chart-status-over-time"):
        svg = re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', html, re.S).group(0)
        assert 'role="img"' in svg and f"{chart_id}-title" in svg and "<desc" in svg
    plan = Plan.objects.get(slug=PLAN)
    table = html[html.index('id="status-over-time-table"'):]
    table = table[:table.index("</table>")]
    for day in quarter_ends(as_at):
        counts = plan_summary(plan=plan, as_at=day).counts
        row = re.search(rf"<th[^>]*>{day.day} {day:%b %Y}</th>(.*?)</tr>", table, re.S).group(1)
        shown = [int(n) for n in re.findall(r">(\d+)</td>", row)]
        assert shown[:6] == [counts["not_started"], counts["green"], counts["amber"], counts["red"],
                             counts["complete"], counts["none"]]
    # Status is said in words in the chart too: the legend names each symbol.
    legend = text_of(re.search(r'<svg[^>]*id="chart-status-over-time".*?</svg>', html, re.S).group(0))
    for words in ("■ Red", "▲ Amber", "● Green", "✓ Complete", "○ Not started"):
        assert words in legend


def test_kept_counts_for_a_past_date_follow_a_write_to_the_plan(seeded):
    """The chart's past-date figures are kept by plan version: an approved update shows at once."""
    from civicplan.core.permissions import Role
    from civicplan.delivery.services import progress_update_submit
    from civicplan.plans.models import Element
    from civicplan.standing.summary import plan_counts
    from tests.factories import make_user

    plan = Plan.objects.get(slug=PLAN)
    day = dt.date(2023, 3, 31)
    before = plan_counts(plan=plan, as_at=day)
    assert plan_counts(plan=plan, as_at=day) == before  # read again: the kept figures
    counted = plan_summary(plan=plan, as_at=day).counted
    target = next(s.element for s in counted if s.rag != "red")
    progress_update_submit(element=Element.objects.get(pk=target.pk), user=make_user(Role.PLAN_MANAGER, "chart-manager"),
                           rag="red", percent_complete=5, as_at=day)
    after = plan_counts(plan=plan, as_at=day)
    assert after["red"] == before["red"] + 1 and after == plan_summary(plan=plan, as_at=day).counts
