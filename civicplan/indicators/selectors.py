"""Reads: indicator lists, values, the comparison of every authority for a period, series for SPC.

Each page and the API call these, so a rule (which group, which period is latest, ranks and
quartiles) lives in one place.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from . import stats
from .models import Area, Indicator, Value
from .services import COLUMNS

GROUPS = {"london": "All London", "inner": "Inner London", "outer": "Outer London", "neighbours": "Nearest neighbours"}
COMPARATOR_CODES = {"london": "E12000007", "england": "E92000001"}


def indicators_visible(*, public: bool = False):
    qs = Indicator.objects.all()
    return qs.filter(published=True) if public else qs


def indicator_periods(*, indicator: Indicator) -> list[str]:
    """The indicator's periods, latest first (by start date)."""
    rows = (
        Value.objects.filter(indicator=indicator)
        .values("period").annotate(start=Min("period_start")).order_by("-start", "period")
    )
    return [r["period"] for r in rows]


def latest_comparable_period(*, indicator: Indicator) -> str:
    """The latest period with values for at least half as many authorities as the best-covered
    one: what "latest" means when comparing. A council's own newer figure for one area (its KPI
    recorded monthly) does not leave the benchmark showing a single authority."""
    rows = list(
        Value.objects.filter(indicator=indicator).values("period")
        .annotate(start=Min("period_start"), n=Count("id", filter=Q(area__kind=Area.Kind.AUTHORITY)))
        .order_by("-start", "period")
    )
    if not rows:
        return ""
    best = max(row["n"] for row in rows)
    return next(row["period"] for row in rows if row["n"] * 2 >= best)


def authorities() -> list[Area]:
    return list(Area.objects.filter(kind=Area.Kind.AUTHORITY).order_by("name"))


@dataclass
class Row:
    area: Area
    value: float | None
    lci: float | None
    uci: float | None
    flag: str
    note: str
    rank: int | None = None
    quartile: int | None = None
    vs_london: str = "not compared"
    vs_england: str = "not compared"
    reasons: list = field(default_factory=list)  # nearest-neighbour: variables that make it near


@dataclass
class Comparison:
    indicator: Indicator
    period: str
    periods: list[str]
    group: str
    rows: list[Row]
    median: float | None
    london: Value | None
    england: Value | None
    anchor: Area | None
    context: list[Indicator]

    @property
    def attribution(self) -> str:
        return self.indicator.attribution


class ComparisonError(ValueError):
    """A bad parameter: `parameter` names it and the message says what is allowed."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


def default_context(*, exclude: Indicator | None = None) -> list[Indicator]:
    """Context indicators for nearest neighbours when none are chosen: a few that describe a place
    rather than a service's performance (deprivation, income, qualifications, density proxies)."""
    wanted = [
        "gross-disposable-household-income", "children-in-relative-poverty-before-housing-costs",
        "level-3-or-above-qualifications-great-britain", "employment-rate", "greenhouse-gas-emissions",
    ]
    found = {i.slug: i for i in Indicator.objects.filter(slug__in=wanted)}
    chosen = [found[s] for s in wanted if s in found and found[s] != exclude]
    return chosen or list(Indicator.objects.exclude(pk=getattr(exclude, "pk", None))[:3])


def _latest_values(indicators: list[Indicator]) -> dict[str, dict[str, float]]:
    """For each authority, each indicator's latest value: {area code: {slug: value}}."""
    table: dict[str, dict[str, float]] = {}
    for indicator in indicators:
        latest = {}
        for code, start, value in (
            Value.objects.filter(indicator=indicator, area__kind=Area.Kind.AUTHORITY, value__isnull=False)
            .order_by("period_start").values_list("area__code", "period_start", "value")
        ):
            latest[code] = value
        for code, value in latest.items():
            table.setdefault(code, {})[indicator.slug] = value
    return table


def neighbours(*, anchor: Area, context: list[Indicator], k: int) -> list[stats.Neighbour]:
    table = _latest_values(context)
    return stats.nearest_neighbours(table, target=anchor.code, variables=[i.slug for i in context], k=k)


def comparison(*, indicator: Indicator, period: str = "latest", group: str = "london",
               anchor_code: str = "", context_slugs: list[str] | None = None, k: int = 5) -> Comparison:
    """Every authority in the group for one period: value, interval, rank, quartile, and the
    verdict against London and England (only where intervals do not overlap)."""
    periods = indicator_periods(indicator=indicator)
    if not periods:
        raise ComparisonError("period", f"{indicator.name} has no values yet")
    if period in ("", "latest"):
        period = latest_comparable_period(indicator=indicator)
    elif period not in periods:
        raise ComparisonError("period", f"no values for period “{period[:40]}”; latest is {periods[0]}")
    if group not in GROUPS:
        raise ComparisonError("group", f"group must be one of {', '.join(GROUPS)}")
    values = list(
        Value.objects.filter(indicator=indicator, period=period).select_related("area").order_by("area__name")
    )
    by_code = {v.area.code: v for v in values}
    london, england = by_code.get(COMPARATOR_CODES["london"]), by_code.get(COMPARATOR_CODES["england"])
    rows = [
        Row(v.area, v.value, v.lci, v.uci, v.flag, v.note)
        for v in values if v.area.kind == Area.Kind.AUTHORITY
    ]
    anchor, context, reasons = None, [], {}
    if group in ("inner", "outer"):
        rows = [r for r in rows if r.area.sub_region == group]
    elif group == "neighbours":
        anchor = Area.objects.filter(code=anchor_code, kind=Area.Kind.AUTHORITY).first()
        if anchor is None:
            raise ComparisonError("area", "choose an authority (its ONS code) to find its nearest neighbours")
        if k < 1 or k > 32:
            raise ComparisonError("k", "k must be a whole number from 1 to 32")
        if context_slugs:
            found = {i.slug: i for i in Indicator.objects.filter(slug__in=context_slugs)}
            unknown = [s for s in context_slugs if s not in found]
            if unknown:
                raise ComparisonError("context", f"no indicator called {', '.join(unknown)[:80]}")
            context = [found[s] for s in context_slugs]
        else:
            context = default_context(exclude=indicator)
        try:
            near = neighbours(anchor=anchor, context=context, k=k)
        except ValueError as exc:
            raise ComparisonError("area", str(exc)) from None
        names = {i.slug: i.name for i in context}
        reasons = {n.key: [names[v] for v, _ in n.nearest_by] for n in near}
        keep = {anchor.code, *reasons}
        rows = [r for r in rows if r.area.code in keep]
    data = {r.area.code: r.value for r in rows}
    ranks = stats.ranks(data, polarity=indicator.polarity)
    quartiles = stats.quartiles(data, polarity=indicator.polarity)
    for r in rows:
        r.rank, r.quartile = ranks.get(r.area.code), quartiles.get(r.area.code)
        r.reasons = reasons.get(r.area.code, [])
        for ref, attr in ((london, "vs_london"), (england, "vs_england")):
            if ref is not None:
                setattr(r, attr, stats.compare(value=r.value, lci=r.lci, uci=r.uci, ref=ref.value,
                                               ref_lci=ref.lci, ref_uci=ref.uci, polarity=indicator.polarity))
    return Comparison(indicator, period, periods, group, rows, stats.median(list(data.values())),
                      london, england, anchor, context)


def series(*, indicator: Indicator, area: Area) -> list[Value]:
    """An area's values over time, oldest first, only those with a figure."""
    return list(Value.objects.filter(indicator=indicator, area=area, value__isnull=False).order_by("period_start"))


def scorecard(*, area: Area) -> list[dict]:
    """Every indicator's latest value for an area with its rank among London authorities,
    quartile, London value, verdict against London and direction of travel.

    A fixed number of queries whatever the number of indicators: the area's own history (as
    numbers, not model objects), its latest values, the areas' kinds, then every area's values
    for exactly the (indicator, period) pairs that are the area's latest (the comparison index)."""
    from django.db.models import Q

    # Only numbers here (no dates, no text): converting two thousand rows' dates was most of the cost.
    history: dict[int, list[float | None]] = {}
    last_pk: dict[int, int] = {}
    for indicator_id, pk, value in (Value.objects.filter(area=area).order_by("period_start")
                                    .values_list("indicator_id", "pk", "value").iterator(chunk_size=20000)):
        history.setdefault(indicator_id, []).append(value)
        if value is not None:
            last_pk[indicator_id] = pk
    latest = {v.indicator_id: v for v in Value.objects.filter(pk__in=list(last_pk.values())).order_by()}
    if not latest:
        return []
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=latest)}
    kinds = dict(Area.objects.values_list("pk", "kind"))
    london_pk = next((pk for pk, code in Area.objects.filter(code=COMPARATOR_CODES["london"]).values_list("pk", "code")),
                     None)
    # One condition per distinct (period start, period): the indicators whose latest it is.
    by_period: dict[tuple, list[int]] = {}
    for pk, v in latest.items():
        by_period.setdefault((v.period_start, v.period), []).append(pk)
    condition = Q()
    for (start, period), pks in by_period.items():
        condition |= Q(indicator_id__in=pks, period_start=start, period=period)
    peers: dict[int, list[tuple]] = {}
    # One fetch of every row: Django's default fetching in chunks of 100 tripled the time here.
    # No order (the model's default joins two tables to sort by their names).
    for row in (Value.objects.filter(condition).order_by().values_list("indicator_id", "area_id", "value", "lci", "uci")
                .iterator(chunk_size=20000)):
        peers.setdefault(row[0], []).append(row[1:])
    out = []
    for pk, indicator in sorted(indicators.items(), key=lambda kv: kv[1].name):
        mine = latest[pk]
        group = {a: value for a, value, _, _ in peers.get(pk, []) if kinds.get(a) == Area.Kind.AUTHORITY}
        london = next((Value(value=value, lci=lci, uci=uci) for a, value, lci, uci in peers.get(pk, [])
                       if a == london_pk), None)
        out.append({
            "indicator": indicator, "value": mine,
            "rank": stats.ranks(group, polarity=indicator.polarity).get(area.pk),
            "of": sum(1 for v in group.values() if v is not None),
            "quartile": stats.quartiles(group, polarity=indicator.polarity).get(area.pk),
            "london": london,
            "vs_london": stats.compare(value=mine.value, lci=mine.lci, uci=mine.uci, ref=getattr(london, "value", None),
                                       ref_lci=getattr(london, "lci", None), ref_uci=getattr(london, "uci", None),
                                       polarity=indicator.polarity),
            "trend": stats.trend(history[pk], polarity=indicator.polarity),
        })
    return out


def values_csv(*, indicator: Indicator | None = None) -> str:
    """Values in the same long format the loader reads, with the attribution in its own column."""
    qs = Value.objects.select_related("indicator", "area").order_by("indicator__name", "area__code", "period_start")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    geography = {Area.Kind.NATION: "Nation", Area.Kind.REGION: "Region", Area.Kind.AUTHORITY: "Local Authority District",
                 Area.Kind.ORGANISATION: "Organisation"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "attribution"])
    fmt = lambda x: "" if x is None else repr(x)  # noqa: E731  (full precision, round-trips)
    for v in qs.iterator(chunk_size=2000):
        i = v.indicator
        writer.writerow([
            i.dataset or i.slug, v.area.code, v.area.name, geography[v.area.kind], i.name, v.period,
            fmt(v.value), i.unit_label, i.unit, fmt(v.lci), fmt(v.uci), v.flag or v.status, v.note, i.attribution,
        ])
    return out.getvalue()


# --- Service KPIs: the one place a KPI's latest value, target and RAG are decided ---

RAG_WORDS = {"green": "On target", "amber": "Within tolerance", "red": "Off target", "": "No target"}
RAG_TAGS = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red", "": "govuk-tag--grey"}
SIGNAL_WORDS = {
    "outside_limits": "outside the process limits", "run_above": "run of 7 or more above the mean",
    "run_below": "run of 7 or more below the mean", "trend_up": "7 or more rising", "trend_down": "7 or more falling",
    "two_of_three": "two of three beyond two sigma",
}


@dataclass
class Kpi:
    """An indicator's latest recorded value for its KPI area, the target in force and the RAG."""

    indicator: Indicator
    area: Area | None = None
    value: Value | None = None
    target: object | None = None  # the latest version of the Target for that period
    rag: str = ""  # green, amber, red or "" (no target or no value)
    variation: str = ""  # SPC variation of the latest point ("concern", "improvement", ...)
    signals: list[str] = field(default_factory=list)
    series: list[Value] = field(default_factory=list)
    spc: object | None = None  # the XmR chart when there are at least two values

    @property
    def rag_words(self) -> str:
        return RAG_WORDS[self.rag] if self.value is not None else "No value recorded"

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS[self.rag]

    @property
    def shown(self) -> str:
        from .svg import fmt

        return fmt(self.value.value if self.value else None, self.indicator.decimal_places)

    @property
    def target_shown(self) -> str:
        from .svg import fmt

        return fmt(self.target.value if self.target else None, self.indicator.decimal_places)

    @property
    def period_label(self) -> str:
        from .periods import period_label

        return period_label(self.value.period) if self.value else ""

    @property
    def exception(self) -> bool:
        """Red or amber, or the latest point a signal of concern: what the performance annex lists."""
        return self.rag in ("red", "amber") or self.variation == "concern"

    @property
    def signal_words(self) -> str:
        return "; ".join(SIGNAL_WORDS.get(s, s) for s in self.signals)


def kpis(*, indicators, as_at=None) -> list[Kpi]:
    """For each indicator: the area its KPI is kept for (that of its latest target, else the
    organisation's, else none), the latest value there, the target in force and the RAG from
    its tolerance, and the SPC variation of the latest point. With `as_at`, only periods ended
    by then count (a report as at a date). A few queries whatever the number of indicators."""
    from .models import Target
    from .services import target_rag
    from .spc import xmr

    indicators = list(indicators)
    if not indicators:
        return []
    targets: dict[tuple[int, int, str], Target] = {}
    kpi_area: dict[int, int] = {}
    for t in Target.objects.filter(indicator__in=indicators).order_by("-set_at", "-version", "-pk"):
        targets.setdefault((t.indicator_id, t.area_id, t.period), t)
        kpi_area.setdefault(t.indicator_id, t.area_id)
    org_values = (Value.objects.filter(indicator__in=[i for i in indicators if i.pk not in kpi_area],
                                       area__kind=Area.Kind.ORGANISATION, value__isnull=False)
                  .order_by("-period_start").values_list("indicator_id", "area_id"))
    for indicator_id, area_id in org_values:
        kpi_area.setdefault(indicator_id, area_id)
    wanted = set(kpi_area.items())
    history: dict[int, list[Value]] = {}
    values = Value.objects.filter(indicator__in=list(kpi_area), area_id__in=set(kpi_area.values()), value__isnull=False)
    if as_at is not None:
        values = values.filter(period_end__lte=as_at)
    for v in values.select_related("area").order_by("period_start"):
        if (v.indicator_id, v.area_id) in wanted:
            history.setdefault(v.indicator_id, []).append(v)
    areas = {v.area_id: v.area for values in history.values() for v in values}
    missing = set(kpi_area.values()) - set(areas)
    areas.update({a.pk: a for a in Area.objects.filter(pk__in=missing)})
    out = []
    for indicator in sorted(indicators, key=lambda i: i.name):
        kpi = Kpi(indicator)
        out.append(kpi)
        if indicator.pk not in kpi_area:
            continue
        kpi.area = areas.get(kpi_area[indicator.pk])
        kpi.series = history.get(indicator.pk, [])
        if not kpi.series:
            continue
        kpi.value = kpi.series[-1]
        kpi.target = targets.get((indicator.pk, kpi.value.area_id, kpi.value.period))
        if kpi.target is not None:
            kpi.rag = target_rag(target=kpi.target, value=kpi.value.value, polarity=indicator.polarity)
        if len(kpi.series) >= 2:
            kpi.spc = xmr([v.value for v in kpi.series], polarity=indicator.polarity)
            last = kpi.spc.points[-1]
            kpi.variation, kpi.signals = last.variation, list(last.signals)
    return out


def element_kpis(*, element_ids) -> dict[int, list[Kpi]]:
    """The KPIs of the indicators that measure each element: {element id: [Kpi, ...]}."""
    links = list(Indicator.elements.through.objects.filter(element_id__in=list(element_ids))
                 .values_list("element_id", "indicator_id"))
    if not links:
        return {}
    by_indicator = {k.indicator.pk: k for k in kpis(indicators=Indicator.objects.filter(pk__in={i for _, i in links}))}
    out: dict[int, list[Kpi]] = {}
    for element_id, indicator_id in links:
        out.setdefault(element_id, []).append(by_indicator[indicator_id])
    for rows in out.values():
        rows.sort(key=lambda k: k.indicator.name)
    return out


def plan_kpis(*, plan, as_at=None) -> list[Kpi]:
    """The KPIs of every indicator linked to an element of the plan (dashboard, progress report)."""
    return kpis(indicators=Indicator.objects.filter(elements__plan=plan).distinct(), as_at=as_at)
