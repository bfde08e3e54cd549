"""Dashboard charts: RAG by group and status over time, drawn on the server as SVG with a table
twin. Every count comes from the one read model (civicplan.standing.summary.plan_summary)."""

from __future__ import annotations

import datetime as dt

from django.utils.safestring import mark_safe

from civicplan.delivery.models import RAG_SYMBOL, Rag
from civicplan.indicators.svg import stacked_bars
from civicplan.standing.summary import plan_counts

RAG_COLOURS = {Rag.NOT_STARTED: "#b1b4b6", Rag.GREEN: "#00703c", Rag.AMBER: "#ffdd00", Rag.RED: "#d4351c",
               Rag.COMPLETE: "#1d70b8", "none": "#f3f2f1"}
QUARTERS_BACK = 4


def _series():
    return [(r.value, r.label, RAG_COLOURS[r], RAG_SYMBOL[r]) for r in Rag] + [("none", "No update", RAG_COLOURS["none"], "–")]


def quarter_ends(as_at: dt.date, n: int = QUARTERS_BACK) -> list[dt.date]:
    """The last days of the n calendar quarters before as_at, oldest first, then as_at itself."""
    ends, day = [], as_at
    for _ in range(n):
        first = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        day = first - dt.timedelta(days=1)
        ends.append(day)
    return [*reversed(ends), as_at]


def group_chart(*, plan, group_rows: list[dict], tracked_name: str) -> dict:
    """RAG by group: the counts the dashboard's group table already holds (from plan_summary)."""
    rows = [(f"{r['group'].label} {r['group'].title}".strip() if r["group"] else "Not grouped", r["counts"])
            for r in group_rows]
    title = f"{tracked_name[:1].upper() + tracked_name[1:]} by status in each group"
    return {
        "title": title,
        "svg": mark_safe(stacked_bars(  # noqa: S308 (every text is escaped in svg.py)
            title=title, desc="One bar per group, split by delivery status; each part is labelled with its "
                              "status symbol and count. The table below gives the same counts.",
            rows=rows, series=_series(), chart_id="chart-rag-by-group")),
    }


def history_chart(*, plan, as_at: dt.date, tracked_name: str) -> dict:
    """Status over time: plan_summary at the end of each of the last quarters and on the date shown."""
    rows = []
    for day in quarter_ends(as_at):
        counts = plan_counts(plan=plan, as_at=day)
        rows.append({"date": day, "counts": counts, "total": sum(counts.values())})
    title = f"{tracked_name[:1].upper() + tracked_name[1:]} by status over time"
    return {
        "title": title, "rows": rows,
        "svg": mark_safe(stacked_bars(  # noqa: S308
            title=title, desc=(f"One bar per date, from {rows[0]['date']:%-d %B %Y} to {rows[-1]['date']:%-d %B %Y}, "
                               "split by delivery status with symbols and counts. The table below gives the same counts."),
            rows=[(f"{r['date']:%-d %b %Y}", r["counts"]) for r in rows], series=_series(),
            chart_id="chart-status-over-time")),
    }


def dashboard_charts(*, plan, as_at: dt.date, group_rows: list[dict], tracked_name: str, tracked: int) -> dict:
    """What the dashboard adds for its charts and service KPIs (context entries)."""
    from civicplan.indicators.selectors import plan_kpis

    out = {"kpis": plan_kpis(plan=plan)}
    if tracked:
        out["group_chart"] = group_chart(plan=plan, group_rows=group_rows, tracked_name=tracked_name)
        out["history_chart"] = history_chart(plan=plan, as_at=as_at, tracked_name=tracked_name)
    return out
