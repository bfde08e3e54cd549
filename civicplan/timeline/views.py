"""The timeline page and its SVG download: parse the request, build the timeline, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render

from civicplan.delivery.models import RAG_SYMBOL, RAG_TAG_COLOUR, Rag
from civicplan.web.views.common import parse_as_at, visible_plan

from .svg import PRECISION_LABELS, SHARP_PRECISIONS, Timeline, timeline_build, timeline_svg


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


def _row_item(row) -> dict:
    tag = _tag(row.rag)
    return {
        "row": row,
        "tag": tag,
        "status_text": f"{tag['symbol']}{NBSP}" if tag["symbol"] else "",
        "status_label": tag["label"].replace(" ", NBSP),
        "start_text": _day(row.start) if row.start else ("Open" if row.open_start else "–"),
        "end_text": _day(row.end) if row.end else ("Open" if row.open_end else "–"),
    }


def _query(request, **changes) -> str:
    params = {k: (request.GET.get(k) or "").strip() for k in ("as_at", "group")}
    params.update(changes)
    kept = {k: v for k, v in params.items() if v}
    return f"?{urlencode(kept)}" if kept else ""


def timeline_page(request, slug: str):
    plan = visible_plan(request, slug)
    timeline, errors = _read_request(request, plan)
    svg = timeline_svg(timeline, heading=False) if timeline.rows else ""
    table_groups = [
        {
            "group": group,
            "rows": [_row_item(row) for row in group.rows],
        }
        for group in timeline.groups
    ]
    download_query = _query(
        request,
        as_at="" if "as_at" in errors else (request.GET.get("as_at") or "").strip(),
        group="" if "group" in errors else timeline.group_by,
    )
    return render(
        request,
        "timeline/timeline.html",
        {
            "plan": plan,
            "timeline": timeline,
            "svg": svg,
            "table_groups": table_groups,
            "errors": errors,
            "as_at_value": (request.GET.get("as_at") or "").strip()[:40],
            "legend": [
                (_tag(r.value), r.label)
                for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_STARTED, Rag.COMPLETE)
            ],
            "sharp_precisions": ", ".join(
                PRECISION_LABELS[p].lower() for p in sorted(SHARP_PRECISIONS)
            ),
            "download_query": download_query,
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
