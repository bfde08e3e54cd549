"""Writes: loading indicator values from the long CSV/XLSX format (all or nothing) and targets."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import ONS_ATTRIBUTION, Area, Indicator, Target, Value
from .periods import period_parse

DATA_DIR = Path(__file__).parent / "data"
SHIPPED_FILE = DATA_DIR / "ons-local-statistics" / "london.csv"
COLUMNS = [
    "indicator_slug", "areacd", "areanm", "geography", "indicator", "period", "observation",
    "measure", "unit", "lci_95", "uci_95", "status", "notes",
]
REQUIRED = ["indicator_slug", "areacd", "areanm", "indicator", "period", "observation"]
GEOGRAPHY_KINDS = {
    "nation": Area.Kind.NATION, "region": Area.Kind.REGION, "local authority district": Area.Kind.AUTHORITY,
    "local authority": Area.Kind.AUTHORITY, "member authority": Area.Kind.AUTHORITY,
    "authority": Area.Kind.AUTHORITY, "organisation": Area.Kind.ORGANISATION, "": Area.Kind.AUTHORITY,
}
# ONS quality marks: u low reliability, x not available, z not applicable, c confidential.
FLAGS = {"u": "Low reliability", "x": "Not available", "z": "Not applicable", "c": "Confidential"}
STATUSES = {"": "", "provisional": "provisional", "p": "provisional", "revised": "revised", "r": "revised"}
BATCH = 2000


class LoadError(Exception):
    """A file that cannot be loaded; `problems` names each row and column."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s); nothing was saved")
        self.problems = problems

    def __reduce__(self):  # rebuilt from its problems when it comes back from the reading process
        return (type(self), (self.problems,))


@dataclass
class LoadResult:
    indicators_added: int
    areas_added: int
    values_added: int
    values_updated: int


def _measure_kind(measure: str, unit: str) -> str:
    text = f"{measure} {unit}".lower()
    if "percent" in text or unit.strip() == "%":
        return Indicator.Measure.PERCENTAGE
    if "rate" in text or " per " in text:
        return Indicator.Measure.RATE
    if "pound" in text or "£" in text:
        return Indicator.Measure.MONEY
    if "minute" in text or "mins" in text or "years" in text or "yrs" in text or "night" in text:
        return Indicator.Measure.DURATION
    if "number" in text or "count" in text:
        return Indicator.Measure.COUNT
    return Indicator.Measure.OTHER


def _number(text, column: str, where: str, problems: list[str]) -> float | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        problems.append(f"{where}, column {column}: “{str(text)[:40]}” is not a number")
        return None
    if not math.isfinite(value):
        problems.append(f"{where}, column {column}: “{str(text)[:40]}” is not a finite number")
        return None
    return value


def read_table(*, filename: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by the (lower-cased) header; LoadError if unreadable.

    Read in a child process under the parse memory and time limits (civicplan.core.bounded).
    """
    from civicplan.core.bounded import ParseLimitExceeded, run_bounded

    try:
        return run_bounded("civicplan.indicators.services:read_table_here", django=True,
                           filename=filename, content=content).value
    except ParseLimitExceeded as exc:
        raise LoadError([f"{filename}: {exc}"]) from None


def read_table_here(*, filename: str, content: bytes) -> list[dict[str, str]]:
    """`read_table` in this process, without limits: what the bounded child runs."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        from civicplan.exports.upload import MAX_XLSX_UNPACKED_BYTES, xlsx_unpacked_bytes

        unpacked = xlsx_unpacked_bytes(content)
        if unpacked is not None and unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise LoadError([f"{filename}: the workbook unpacks to more than "
                             f"{MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB; save the sheet as CSV"])
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise LoadError([f"{filename}: not a readable XLSX workbook ({type(exc).__name__})"]) from None
        cells = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LoadError([f"{filename}: not UTF-8 text; save it as CSV UTF-8"]) from None
        cells = list(csv.reader(io.StringIO(text)))
    if not cells:
        raise LoadError([f"{filename}: the file is empty"])
    header = [h.strip().lower() for h in cells[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError([f"row 1 (header): missing column(s) {', '.join(missing)}"])
    return [dict(zip(header, row, strict=False)) for row in cells[1:] if any(str(c).strip() for c in row)]


def _polarities() -> dict[str, str]:
    data = json.loads((DATA_DIR / "polarity.json").read_text(encoding="utf-8"))
    return {slug: kind for kind in ("higher", "lower") for slug in data[kind]}


def _sub_regions() -> dict[str, dict]:
    data = json.loads((DATA_DIR / "areas.json").read_text(encoding="utf-8"))
    return {a["code"]: a for a in data["areas"]}


def _metadata(dataset: str) -> dict:
    path = DATA_DIR / "ons-local-statistics" / "metadata" / f"{dataset}.json"
    if not path.is_file():
        return {}
    meta = json.loads(path.read_text(encoding="utf-8")).get("ess-beta-metadata", {})
    return meta if isinstance(meta, dict) else {}


def indicator_slug_for(name: str) -> str:
    """One rule for an indicator's slug: its name, slugified (a dataset may hold several indicators)."""
    return slugify(name)[:100]


def _getter(row: dict):
    """A row's cell by column name, as stripped text ('' where missing)."""
    return lambda column: str(row.get(column) or "").strip()


def values_load(*, filename: str, content: bytes, source: str = "", licence: str = "", attribution: str = "",
                only: Indicator | None = None) -> LoadResult:
    """Load every row or none: each row is checked first and every problem is reported by row and column.
    With `only`, every row must be for that indicator (a manager's upload on its page).

    Reading and checking happen outside any transaction; only the writes are in one
    (docs/adr/0022), so other people's writes are not held up while a large file is checked.
    """
    rows = read_table(filename=filename, content=content)
    problems: list[str] = []
    parsed = []
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):
        where = f"row {number}"
        get = _getter(row)
        for column in REQUIRED:
            if column != "observation" and not get(column):
                problems.append(f"{where}, column {column}: empty")
        try:
            start, end = period_parse(get("period")) if get("period") else (None, None)
        except ValueError as exc:
            problems.append(f"{where}, column period: {exc}")
            start = end = None
        value = _number(row.get("observation"), "observation", where, problems)
        lci = _number(row.get("lci_95"), "lci_95", where, problems)
        uci = _number(row.get("uci_95"), "uci_95", where, problems)
        if lci is not None and uci is not None and lci > uci:
            problems.append(f"{where}, columns lci_95/uci_95: the lower limit {lci} is above the upper limit {uci}")
        status_text = get("status").lower()
        if status_text not in STATUSES and status_text not in FLAGS:
            problems.append(f"{where}, column status: “{status_text[:20]}” is not one of provisional, revised, u, x, z, c")
        geography = get("geography").lower()
        if geography not in GEOGRAPHY_KINDS:
            problems.append(f"{where}, column geography: “{geography[:40]}” is not Nation, Region, Local Authority District or Organisation")
        slug = indicator_slug_for(get("indicator"))
        if only is not None and get("indicator") and slug != only.slug:
            problems.append(f"{where}, column indicator: “{get('indicator')[:60]}” is not {only.name}")
        key = (slug, get("areacd"), get("period"))
        if key in seen and get("indicator"):
            problems.append(f"{where}: the same indicator, area and period as row {seen[key]}")
        seen.setdefault(key, number)
        parsed.append((row, get, slug, start, end, value, lci, uci, status_text))
    if problems:
        raise LoadError(problems)
    with transaction.atomic():
        return _values_write(parsed, source=source, licence=licence, attribution=attribution)


def _values_write(parsed: list, *, source: str, licence: str, attribution: str) -> LoadResult:
    """The checked rows' areas, indicators and values, written in the caller's transaction."""
    polarities, sub_regions = _polarities(), _sub_regions()
    areas = {a.code: a for a in Area.objects.all()}
    new_areas = {}
    for _, get, *_rest in parsed:
        code = get("areacd")
        if code not in areas and code not in new_areas:
            shipped = sub_regions.get(code, {})
            new_areas[code] = Area(
                code=code, name=shipped.get("name") or get("areanm"),
                kind=shipped.get("kind") or GEOGRAPHY_KINDS[get("geography").lower()],
                sub_region=shipped.get("sub_region", ""),
            )
    Area.objects.bulk_create(new_areas.values(), batch_size=BATCH)
    areas = {a.code: a for a in Area.objects.all()}

    indicators = {i.slug: i for i in Indicator.objects.all()}
    new_indicators = {}
    for _, get, slug, *_rest in parsed:
        if slug in indicators or slug in new_indicators:
            continue
        meta = _metadata(get("indicator_slug"))
        new_indicators[slug] = Indicator(
            name=get("indicator"), slug=slug, dataset=get("indicator_slug"),
            definition=meta.get("subtitle") or meta.get("longDescription") or "",
            unit=get("unit"), unit_label=get("measure"), measure=_measure_kind(get("measure"), get("unit")),
            polarity=polarities.get(slug, Indicator.Polarity.NEUTRAL),
            frequency=Indicator.Frequency.ANNUAL,
            decimal_places=int(meta.get("decimalPlaces") or 1),
            source=meta.get("sourceOrg") or source, source_url=meta.get("sourceURL") or "",
            licence=licence, attribution=attribution, published=bool(attribution),
        )
    Indicator.objects.bulk_create(new_indicators.values(), batch_size=BATCH)
    indicators = {i.slug: i for i in Indicator.objects.filter(slug__in={p[2] for p in parsed})}

    existing = {
        (v.indicator_id, v.area_id, v.period): v
        for v in Value.objects.filter(indicator__in=indicators.values())
    }
    create, update = [], []
    for row, get, slug, start, end, value, lci, uci, status_text in parsed:
        indicator, area = indicators[slug], areas[get("areacd")]
        fields = dict(
            period_start=start, period_end=end, value=value, lci=lci, uci=uci,
            status=STATUSES.get(status_text, ""), flag=status_text if status_text in FLAGS else "",
            note=get("notes"),
        )
        current = existing.get((indicator.pk, area.pk, get("period")))
        if current is None:
            create.append(Value(indicator=indicator, area=area, period=get("period"), **fields))
        else:
            for name, val in fields.items():
                setattr(current, name, val)
            update.append(current)
    Value.objects.bulk_create(create, batch_size=BATCH)
    if update:
        Value.objects.bulk_update(update, ["period_start", "period_end", "value", "lci", "uci", "status", "flag", "note"], batch_size=BATCH)
    return LoadResult(len(new_indicators), len(new_areas), len(create), len(update))


def shipped_data_load() -> LoadResult | None:
    """Load the shipped ONS data once (None if it is already there): what `setup` calls."""
    if Indicator.objects.filter(attribution=ONS_ATTRIBUTION).exists():
        return None
    return values_load(
        filename=SHIPPED_FILE.name, content=SHIPPED_FILE.read_bytes(),
        source="Office for National Statistics", licence="Open Government Licence v3.0",
        attribution=ONS_ATTRIBUTION,
    )


@transaction.atomic
def target_set(*, indicator: Indicator, area: Area, period: str, value: float, reason: str, user=None,
               within_percent: float | None = None, amber_threshold: float | None = None,
               red_threshold: float | None = None) -> Target:
    """A new version of the target (earlier versions stay as history); ValueError naming a bad field."""
    period_parse(period)
    if not (reason or "").strip():
        raise ValueError("reason: say why the target is set or changed")
    if within_percent is None and (amber_threshold is None or red_threshold is None):
        raise ValueError("tolerance: give either within_percent or both amber and red thresholds")
    if within_percent is not None and within_percent < 0:
        raise ValueError("within_percent: must not be negative")
    if within_percent is None and indicator.polarity != Indicator.Polarity.NEUTRAL:
        worse = -1 if indicator.polarity == Indicator.Polarity.LOWER else 1
        if (value - red_threshold) * worse < 0:
            side = "above" if worse < 0 else "below"
            raise ValueError(f"red_threshold: must be {side} the target ({indicator.get_polarity_display().lower()})")
    last = Target.objects.filter(indicator=indicator, area=area, period=period).order_by("-version").first()
    return Target.objects.create(
        indicator=indicator, area=area, period=period, value=value, reason=reason.strip(), set_by=user,
        tolerance=Target.Tolerance.PERCENT if within_percent is not None else Target.Tolerance.BANDS,
        within_percent=within_percent, amber_threshold=amber_threshold, red_threshold=red_threshold,
        version=(last.version + 1) if last else 1,
    )


def target_rag(*, target: Target, value: float, polarity: str) -> str:
    """Green, amber or red for a value against a target and its tolerance, by polarity."""
    better = -1 if polarity == Indicator.Polarity.LOWER else 1
    if target.tolerance == Target.Tolerance.PERCENT:
        if (value - target.value) * better >= 0:
            return "green"
        gap = abs(value - target.value) / abs(target.value) * 100 if target.value else math.inf
        return "amber" if gap <= target.within_percent else "red"
    if (value - target.value) * better >= 0:
        return "green"
    if (value - target.red_threshold) * better <= 0:
        return "red"
    return "amber"


@transaction.atomic
def value_record(*, indicator: Indicator, area: Area, period: str, value: float, status: str = "", note: str = "",
                 lci: float | None = None, uci: float | None = None) -> Value:
    """Record (or correct) one value from the web form; ValueError naming the bad field."""
    try:
        start, end = period_parse(period)
    except ValueError as exc:
        raise ValueError(f"period: {exc}") from None
    if not math.isfinite(value):
        raise ValueError("value: must be a finite number")
    if status not in ("", Value.Status.PROVISIONAL, Value.Status.REVISED):
        raise ValueError("status: choose final, provisional or revised")
    if lci is not None and uci is not None and lci > uci:
        raise ValueError("lci: the lower limit is above the upper limit")
    record, _ = Value.objects.update_or_create(
        indicator=indicator, area=area, period=period.strip(),
        defaults=dict(period_start=start, period_end=end, value=value, lci=lci, uci=uci, status=status,
                      note=note.strip(), flag=""),
    )
    return record


def latest_target(*, indicator: Indicator, area: Area, period: str) -> Target | None:
    return Target.objects.filter(indicator=indicator, area=area, period=period).order_by("-version").first()
