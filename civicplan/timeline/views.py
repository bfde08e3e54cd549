"""The timeline page and its SVG download: parse the request, build the timeline, render."""

from __future__ import annotations

import dataclasses
import hashlib
from html import escape as html_escape
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from civicplan.delivery.models import RAG_SYMBOL, RAG_TAG_COLOUR, Rag
from civicplan.standing.freshness import read_in_transaction
from civicplan.standing.memo import VersionMemo, status_cache_key
from civicplan.web.context_processors import as_at_query
from civicplan.web.views.common import parse_as_at, visible_plan

from .build import PRECISION_LABELS, SHARP_PRECISIONS, Timeline, timeline_build, timeline_layout
from .draw import timeline_svg


def _read_request(request, plan) -> tuple[Timeline, dict[str, str]]:
    """The timeline the request asks for, and a message for each bad parameter.

    Bad input never stops the page: it shows today's status, or the plan's own grouping,
    with a message saying what was wrong.
    """
    as_at, as_at_error = parse_as_at(request)
    group_by = (request.GET.get("group") or "").strip()
    errors: dict[str, str] = {}
    if as_at_error:
        errors["as_at"] = as_at_error
    try:
        timeline = timeline_build(plan=plan, as_at=as_at, group_by=group_by)
    except ValueError:
        timeline = timeline_build(plan=plan, as_at=as_at)
        choices = ", ".join(f"“{label}”" for _, label in timeline.group_by_options)
        errors["group"] = f"There is no grouping called “{group_by[:40]}”. Choose one of {choices}."
    return timeline, errors


def _tag(rag: str | None) -> dict[str, str]:
    if not rag:
        return {"classes": "govuk-tag--grey", "symbol": "–", "label": "No update"}
    colour = RAG_TAG_COLOUR[Rag(rag)]
    return {
        "classes": "" if colour == "blue" else f"govuk-tag--{colour}",
        "symbol": RAG_SYMBOL[Rag(rag)],
        "label": Rag(rag).label,
    }


NBSP = "\u00a0"


def _day(value) -> str:
    """A date that never breaks across lines in a narrow table column: 1 Sep 2022."""
    return NBSP.join(value.strftime("%-d %b %Y").split())


def _esc(value) -> str:
    """As the template's autoescape writes a value (Django's escape is html.escape)."""
    return value.__html__() if hasattr(value, "__html__") else html_escape(str(value))


_STATUS_CELLS: dict[str | None, str] = {}


def _hand_set(status) -> str:
    note = status.set_by_hand_note
    return f'<br><span class="govuk-body-s">{_esc(note[:1].upper() + note[1:])}</span>' if note else ""


def _status_cell(rag: str | None) -> str:
    """The status tag's markup, the same for every row with that status (built once)."""
    cell = _STATUS_CELLS.get(rag)
    if cell is None:
        tag = _tag(rag)
        status_text = f"{tag['symbol']}{NBSP}" if tag["symbol"] else ""
        cell = (
            f'<strong class="govuk-tag {_esc(tag["classes"])}"><span aria-hidden="true">{_esc(status_text)}'
            f'</span>{_esc(tag["label"].replace(" ", NBSP))}</strong>'
        )
        _STATUS_CELLS[rag] = cell
    return cell


_STEP_MARK = '<span aria-hidden="true">↳ </span>'
_FROM_STEPS = '<br><span class="govuk-body-s">from its steps</span>'
_OVERDUE = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'


def table_html(timeline: Timeline, query: str = "") -> str:
    """The table's row groups, written in Python rather than a template loop: a plan has
    hundreds of milestones and the page must stay fast. Every value is escaped."""
    parts = []
    for group in timeline.groups:
        parts.append(
            f'\n  <tbody class="govuk-table__body" data-group="{_esc(group.key)}">\n'
            f'    <tr class="govuk-table__row"><th scope="rowgroup" colspan="7" '
            f'class="govuk-table__header govuk-!-padding-top-6">{_esc(group.heading)}</th></tr>\n    '
        )
        for row in group.rows:
            key, depth, element = row.key, row.depth, row.element
            start, end, dated = element.date_start, element.date_end, row.dated
            indent = (
                ' class="govuk-!-padding-left-4"' if depth == 1
                else ' class="govuk-!-padding-left-6"' if depth > 1 else ""
            )
            if dated:
                precision = _esc(row.precision_label)
            else:
                precision = "TBC" if row.precision == "tbc" else "–"
            parts.append(
                f'\n    <tr class="govuk-table__row" data-key="{_esc(key)}">\n'
                f'      <td class="govuk-table__cell"><div{indent}>'
                f'{_STEP_MARK if depth else ""}'
                f'<a class="govuk-link" href="../elements/{_esc(quote(key, safe="/"))}/{_esc(query)}">{_esc(row.label)}</a></div></td>\n'
                f'      <td class="govuk-table__cell">{_esc(element.date_text or "None given")}</td>\n'
                f'      <td class="govuk-table__cell">{_day(start) if start else ("–" if end is None else "Open")}</td>\n'
                f'      <td class="govuk-table__cell">{_day(end) if end else ("–" if start is None else "Open")}</td>\n'
                f'      <td class="govuk-table__cell">{precision}</td>\n'
                f'      <td class="govuk-table__cell">{_status_cell(row.status.rag)}'
                f'{_FROM_STEPS if row.status.rolled_up else ""}'
                f'{_hand_set(row.status)}</td>\n'
                f'      <td class="govuk-table__cell">'
                f'{_OVERDUE if row.overdue else ""}</td>\n'
                f"    </tr>\n    "
            )
        parts.append("\n  </tbody>\n  ")
    return mark_safe("".join(parts))


def _query(request, **changes) -> str:
    params = {k: (request.GET.get(k) or "").strip() for k in ("as_at", "group")}
    params.update(changes)
    kept = {k: v for k, v in params.items() if v}
    return f"?{urlencode(kept)}" if kept else ""


def _drawn(request, plan):
    """The timeline, its drawings and its table, drawn once per plan version: cached under the
    plan's version (ADR 0018), which every write to the plan changes."""
    as_at, as_at_error = parse_as_at(request)
    query = as_at_query(request)["as_at_query"]
    key = None
    if not as_at_error:
        key = status_cache_key(plan=plan, as_at=as_at, what="timeline", version=plan.version)  # read just now
        read_in_transaction(plan.pk)
        if key:
            # Today's date too: a chart of a past date marks today, which moves at midnight.
            today = timezone.localdate().isoformat()
            key += ":" + hashlib.sha256(f"{request.GET.get('group') or ''}|{query}|{today}".encode()).hexdigest()[:24]
            drawn = _DRAWN.get(key)
            if drawn is not None:
                return drawn, key
    timeline, errors = _read_request(request, plan)
    # One layout for the chart and its print drawings: each row is placed once.
    layout = timeline_layout(timeline)
    svg = timeline_svg(timeline, heading=False, layout=layout) if timeline.rows else ""
    # On paper a drawing cannot run across pages, and the whole plan's is pages tall: print one
    # drawing per group instead, each on a landscape page (as the committee report does).
    print_svgs = [
        timeline_svg(
            dataclasses.replace(timeline, groups=[group]), heading=False, id_prefix=f"print-tl{index + 1}", layout=layout
        )
        for index, group in enumerate(timeline.groups)
    ] if svg and len(timeline.groups) > 1 else []
    drawn = (timeline, errors, svg, print_svgs, table_html(timeline, query=query))
    if key and not errors:
        _DRAWN.put(key, drawn)
    return drawn, key if not errors else None


# Drawn timelines by (plan, date, version, grouping), kept in this process: the key names the
# version committed in the database, so every worker sees every write (ADR 0018). The page only
# reads what is kept.
_DRAWN = VersionMemo("timelines")
# The page below its form, by the same key and the download link.
_PAGES = VersionMemo("timeline-pages", size=32)


def timeline_page(request, slug: str):
    plan = visible_plan(request, slug)
    (timeline, errors, svg, print_svgs, table), key = _drawn(request, plan)
    download_query = _query(
        request,
        as_at="" if "as_at" in errors else (request.GET.get("as_at") or "").strip(),
        group="" if "group" in errors else timeline.group_by,
    )

    def draw() -> str:
        return render_to_string("timeline/includes/drawn.html", {
            "plan": plan, "timeline": timeline, "svg": svg, "print_svgs": print_svgs, "table_html": table,
            "legend": [(_tag(r.value), r.label) for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_STARTED, Rag.COMPLETE)],
            "sharp_precisions": ", ".join(PRECISION_LABELS[p].lower() for p in sorted(SHARP_PRECISIONS)),
            "download_query": download_query,
        })

    # The part below the form is the same for everyone reading this drawing with this download link.
    drawn_html = _PAGES.get_or_make(f"{key}:{download_query}" if key else None, draw)
    return render(
        request,
        "timeline/timeline.html",
        {
            "plan": plan,
            "timeline": timeline,
            "errors": errors,
            "as_at_value": (request.GET.get("as_at") or "").strip()[:40],
            "drawn_html": drawn_html,
        },
        status=400 if errors else 200,
    )


def timeline_download(request, slug: str):
    """The chart alone, with the plan's title on it, to download, print or embed."""
    plan = visible_plan(request, slug)
    timeline, errors = _read_request(request, plan)
    if errors:
        return HttpResponse(
            " ".join(errors.values()), status=400, content_type="text/plain; charset=utf-8"
        )
    svg = timeline_svg(timeline)
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg,
        content_type="image/svg+xml; charset=utf-8",
    )
    filename = f"{plan.slug}-timeline-{timeline.as_at.isoformat()}.svg"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
