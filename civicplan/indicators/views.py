"""Indicator pages: the list, benchmarking for a period, the trend with its SPC chart, and an
authority's scorecard. The same views serve /public/ with published indicators only."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from civicplan.core.permissions import Role, user_role

from . import selectors, spc, stats
from .models import Area, Indicator
from .periods import period_label
from .svg import dot_chart, fmt, spc_chart

VERDICT_WORDS = {
    "better": "Better", "worse": "Worse", "similar": "Similar", "higher": "Higher", "lower": "Lower",
    "not compared": "Not compared",
}
SIGNAL_WORDS = selectors.SIGNAL_WORDS


def _public_nav(request):
    from civicplan.public.views import _nav

    return _nav(request)


def _context(request, public: bool, **extra) -> dict:
    extra["public"] = public
    extra["base_url"] = "/public/indicators/" if public else "/indicators/"
    if public:
        extra["nav_items"] = _public_nav(request)
    return extra


def _indicators(request, public: bool):
    """Published indicators for the public site and anyone not signed in; all for signed-in users."""
    return selectors.indicators_visible(public=public or user_role(request.user) < Role.VIEWER)


def _indicator(request, slug: str, public: bool) -> Indicator:
    return get_object_or_404(_indicators(request, public), slug=slug)


def indicator_list(request, public: bool = False):
    indicators = list(_indicators(request, public))
    attributions = sorted({i.attribution for i in indicators if i.attribution})
    return render(request, "indicators/indicator_list.html", _context(
        request, public, indicators=indicators, attributions=attributions,
        authorities=selectors.authorities(),
    ))


def benchmark(request, slug: str, public: bool = False):
    indicator = _indicator(request, slug, public)
    period = (request.GET.get("period") or "latest").strip()
    group = (request.GET.get("group") or "london").strip()
    anchor_code = (request.GET.get("area") or "").strip()
    k_text = (request.GET.get("k") or "5").strip()
    context_slugs = [s for s in request.GET.getlist("context") if s.strip()]
    errors = {}
    try:
        k = int(k_text)
    except ValueError:
        errors["k"] = f"The number of neighbours must be a whole number, not “{k_text[:20]}”."
        k = 5
    try:
        result = selectors.comparison(indicator=indicator, period=period, group=group, anchor_code=anchor_code,
                                      context_slugs=context_slugs, k=k)
    except selectors.ComparisonError as exc:
        errors[exc.parameter] = str(exc)
        try:
            result = selectors.comparison(indicator=indicator)
        except selectors.ComparisonError:
            result = None
    rows, chart = [], ""
    if result is not None:
        places = indicator.decimal_places
        ordered = sorted(result.rows, key=lambda r: (r.rank is None, r.rank or 0, r.area.name))
        rows = [{
            "row": r, "value": fmt(r.value, places), "lci": fmt(r.lci, places), "uci": fmt(r.uci, places),
            "vs_london": VERDICT_WORDS[r.vs_london], "vs_england": VERDICT_WORDS[r.vs_england],
        } for r in ordered]
        london = result.london.value if result.london else None
        england = result.england.value if result.england else None
        label = period_label(result.period)
        chart = mark_safe(dot_chart(  # noqa: S308 (every value is escaped in svg.py)
            title=f"{indicator.name}, {label}: {selectors.GROUPS[result.group]}",
            desc=(f"Dot chart of {len(ordered)} authorities ranked from best to worst, with 95% confidence "
                  f"intervals as whiskers where published; dashed lines at London ({fmt(london, places)}) and "
                  f"England ({fmt(england, places)}). The table below holds the same figures."),
            rows=[{"label": r.area.name, "value": r.value, "lci": r.lci, "uci": r.uci,
                   "highlight": result.anchor is not None and r.area == result.anchor} for r in ordered],
            london=london, england=england, places=places,
        ))
    return render(request, "indicators/benchmark.html", _context(
        request, public, indicator=indicator, result=result, rows=rows, chart=chart, errors=errors,
        groups=selectors.GROUPS, group_label=selectors.GROUPS[result.group] if result else "", authorities=selectors.authorities(), group=group, anchor_code=anchor_code, k=k,
        periods=[(p, period_label(p)) for p in (result.periods if result else [])],
        period_label=period_label(result.period) if result else "",
        median=fmt(result.median, indicator.decimal_places) if result else "–",
        context_choices=_indicators(request, public).exclude(pk=indicator.pk),
        chosen_context=[i.slug for i in (result.context if result else [])],
    ), status=400 if errors else 200)


def trend(request, slug: str, public: bool = False):
    indicator = _indicator(request, slug, public)
    code = (request.GET.get("area") or "").strip()
    areas = list(Area.objects.filter(values__indicator=indicator).distinct().order_by("kind", "name"))
    area = next((a for a in areas if a.code == code), None)
    error = ""
    if code and area is None:
        error = f"There are no values of {indicator.name} for “{code[:20]}”. Choose an area from the list."
    if area is None:
        area = next((a for a in areas if a.code == selectors.COMPARATOR_CODES["london"]), areas[0] if areas else None)
    if area is None:
        raise Http404("No values")
    series = selectors.series(indicator=indicator, area=area)
    chart_svg, points, chart = "", [], None
    places = indicator.decimal_places
    direction = stats.trend([v.value for v in series], polarity=indicator.polarity)
    if len(series) >= 2:
        chart = spc.xmr([v.value for v in series], polarity=indicator.polarity)
        labels = [period_label(v.period) for v in series]
        chart_svg = mark_safe(spc_chart(  # noqa: S308 (every value is escaped in svg.py)
            title=f"{indicator.name} in {area.name}: statistical process control chart",
            desc=(f"{len(series)} values from {labels[0]} to {labels[-1]}, mean {fmt(chart.mean, places)}, process "
                  f"limits {fmt(chart.lower_limit, places)} to {fmt(chart.upper_limit, places)}. Points showing "
                  "special cause variation are drawn as triangles (up: improvement, down: concern) or diamonds. "
                  "The table below holds the same figures."),
            labels=labels, values=[v.value for v in series], mean=chart.mean, lower=chart.lower_limit,
            upper=chart.upper_limit, variations=[p.variation for p in chart.points], places=places,
        ))
        points = [{
            "label": labels[i], "period": v.period, "value": fmt(v.value, places), "lci": fmt(v.lci, places),
            "uci": fmt(v.uci, places), "variation": chart.points[i].variation,
            "signals": [SIGNAL_WORDS[s] for s in chart.points[i].signals],
        } for i, v in enumerate(series)]
    return render(request, "indicators/trend.html", _context(
        request, public, indicator=indicator, area=area, areas=areas, error=error, chart=chart,
        chart_svg=chart_svg, points=points, direction=direction, places=places,
        mean=fmt(chart.mean, places) if chart else "", lower=fmt(chart.lower_limit, places) if chart else "",
        upper=fmt(chart.upper_limit, places) if chart else "",
    ), status=400 if error else 200)


def scorecard(request, code: str, public: bool = False):
    area = get_object_or_404(Area, code=code, kind=Area.Kind.AUTHORITY)
    visible = set(_indicators(request, public).values_list("pk", flat=True))
    rows = []
    for row in selectors.scorecard(area=area):
        if row["indicator"].pk not in visible:
            continue
        places = row["indicator"].decimal_places
        rows.append({**row, "shown": fmt(row["value"].value, places),
                     "london_shown": fmt(row["london"].value if row["london"] else None, places),
                     "period": period_label(row["value"].period), "verdict": VERDICT_WORDS[row["vs_london"]]})
    return render(request, "indicators/scorecard.html", _context(
        request, public, area=area, rows=rows, authorities=selectors.authorities(),
        attributions=sorted({r["indicator"].attribution for r in rows if r["indicator"].attribution}),
    ))




RAG_WORDS, RAG_TAGS = selectors.RAG_WORDS, selectors.RAG_TAGS
FORM_FIELDS = ("area", "period", "value", "status", "note", "target", "tolerance", "within_percent",
               "red_threshold", "reason")


def _rag_rows(indicator: Indicator, area: Area) -> list[dict]:
    """The area's values with the target in force for each period (latest version) and its RAG."""
    from .models import Target
    from .services import target_rag

    targets = {}
    for t in Target.objects.filter(indicator=indicator, area=area).order_by("period", "-version"):
        targets.setdefault(t.period, t)
    rows = []
    for v in selectors.series(indicator=indicator, area=area)[::-1]:
        target = targets.get(v.period)
        rag = target_rag(target=target, value=v.value, polarity=indicator.polarity) if target else ""
        rows.append({"value": v, "label": period_label(v.period), "target": target, "rag": rag,
                     "rag_words": RAG_WORDS[rag], "rag_tag": RAG_TAGS[rag],
                     "shown": fmt(v.value, indicator.decimal_places),
                     "target_shown": fmt(target.value, indicator.decimal_places) if target else "–"})
    return rows


def _number(form: dict, name: str, label: str, errors: dict, numbers: dict) -> None:
    try:
        numbers[name] = float(form[name].replace(",", ""))
    except ValueError:
        errors[name] = f"{label} must be a number, like 1250 or 97.5, not “{form[name][:20]}”."


def _record_post(request, indicator: Indicator, area: Area | None, form: dict) -> dict:
    """Check the form and save the value (and target) in one transaction; the errors by field."""
    from django.db import transaction

    from .services import target_set, value_record

    errors, numbers = {}, {}
    if area is None:
        errors["area"] = "Choose the area the value is for."
    if not form["period"]:
        errors["period"] = "Enter the period, for example 2024-04-01/P3M for April to June 2024."
    if not form["value"]:
        errors["value"] = "Enter the value."
    else:
        _number(form, "value", "Value", errors, numbers)
    if form["target"]:
        _number(form, "target", "Target", errors, numbers)
        form["tolerance"] = form["tolerance"] or (
            "bands" if form["red_threshold"] else "percent" if form["within_percent"] else "")
        if form["tolerance"] == "bands":
            if not form["red_threshold"]:
                errors["red_threshold"] = "Enter the value at which the target is red."
            else:
                _number(form, "red_threshold", "The red threshold", errors, numbers)
        elif form["tolerance"] == "percent":
            if not form["within_percent"]:
                errors["within_percent"] = "Enter how many per cent short of the target is still amber."
            else:
                _number(form, "within_percent", "The tolerance", errors, numbers)
        else:
            errors["tolerance"] = "Choose how the tolerance is set: within a percentage, or a red threshold."
        if not form["reason"]:
            errors["reason"] = "Say why the target is set or changed."
    if errors:
        return errors
    try:
        with transaction.atomic():
            value_record(indicator=indicator, area=area, period=form["period"], value=numbers["value"],
                         status=form["status"], note=form["note"])
            if "target" in numbers:
                target_set(indicator=indicator, area=area, period=form["period"], value=numbers["target"],
                           within_percent=numbers.get("within_percent"),
                           red_threshold=numbers.get("red_threshold"),
                           amber_threshold=numbers["target"] if "red_threshold" in numbers else None,
                           reason=form["reason"], user=request.user)
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        errors[field if field in form else "period"] = message[:1].upper() + message[1:]
    return errors


def record(request, slug: str):
    """A plan manager records a monthly or quarterly value (and optionally its target) for an area,
    or uploads many in the long CSV/XLSX format (all or nothing)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from civicplan.core.permissions import role_required

    @role_required(Role.PLAN_MANAGER)
    def view(request):
        from .services import LoadError, values_load

        indicator = get_object_or_404(Indicator, slug=slug)
        areas = list(Area.objects.order_by("kind", "name"))
        form = {k: (request.POST.get(k) or "").strip() for k in FORM_FIELDS}
        form["tolerance"] = form["tolerance"] or ("percent" if request.method == "GET" else "")
        area = next((a for a in areas if a.code == (form["area"] or request.GET.get("area", ""))), None)
        errors, problems = {}, []
        if request.method == "POST" and request.POST.get("action") == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                errors["file"] = "Choose a CSV or XLSX file to upload."
            elif not upload.name.lower().endswith((".csv", ".xlsx")):
                errors["file"] = f"“{upload.name[:60]}” is not a CSV or XLSX file."
            elif upload.size > 10 * 1024 * 1024:
                errors["file"] = "The file is larger than 10 MB; split it into smaller files."
            else:
                try:
                    result = values_load(filename=upload.name, content=upload.read(), only=indicator)
                except LoadError as exc:
                    problems = exc.problems
                    errors["file"] = f"{len(problems)} problem(s) in {upload.name[:60]}; nothing was saved."
                else:
                    messages.success(request, f"{result.values_added} value(s) added and {result.values_updated} "
                                              f"corrected from {upload.name}.")
                    return redirect(request.path + (f"?area={area.code}" if area else ""))
        elif request.method == "POST":
            errors = _record_post(request, indicator, area, form)
            if not errors:
                messages.success(request, f"{indicator.name} for {form['period']} saved.")
                return redirect(f"{request.path}?area={area.code}")
        return render(request, "indicators/record.html", {
            "indicator": indicator, "areas": areas, "area": area, "errors": errors, "form": form,
            "problems": problems[:200], "more_problems": max(0, len(problems) - 200),
            "rows": _rag_rows(indicator, area) if area else [],
        }, status=400 if errors else 200)

    return view(request)
