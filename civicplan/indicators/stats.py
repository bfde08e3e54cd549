"""Benchmarking statistics in plain Python: ranks, quartiles, comparisons, trends, nearest neighbours.

No database here: selectors pass numbers in, pages and the API show what comes out.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"


def ranks(values: dict[str, float | None], *, polarity: str) -> dict[str, int]:
    """1 = best (highest if higher is better, lowest otherwise; neutral ranks highest first).
    Ties share the best rank (1, 2, 2, 4). Missing values get no rank."""
    present = {k: v for k, v in values.items() if v is not None}
    reverse = polarity != LOWER
    ordered = sorted(present.values(), reverse=reverse)
    first_at: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_at.setdefault(value, position)
    return {k: first_at[v] for k, v in present.items()}


def quartile_cuts(values: list[float]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile (the 'inclusive' method Excel's QUARTILE uses)."""
    if not values:
        raise ValueError("no values")
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def quartiles(values: dict[str, float | None], *, polarity: str) -> dict[str, int]:
    """Quartile 1 (best quarter) to 4 (worst) by polarity; neutral: 1 = highest quarter."""
    present = {k: v for k, v in values.items() if v is not None}
    if not present:
        return {}
    q1, q2, q3 = quartile_cuts(list(present.values()))
    out = {}
    for key, v in present.items():
        band = 1 if v <= q1 else 2 if v <= q2 else 3 if v <= q3 else 4  # 1 = lowest quarter
        out[key] = band if polarity == LOWER else 5 - band
    return out


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def compare(*, value: float | None, lci: float | None, uci: float | None,
            ref: float | None, ref_lci: float | None, ref_uci: float | None, polarity: str) -> str:
    """'better', 'worse' or 'similar' than a comparator, said only where the 95% intervals do not
    overlap ('not compared' without intervals on both sides; 'higher'/'lower' for neutral)."""
    if value is None or ref is None or None in (lci, uci, ref_lci, ref_uci):
        return "not compared"
    if lci <= ref_uci and ref_lci <= uci:
        return "similar"
    above = lci > ref_uci
    if polarity == NEUTRAL:
        return "higher" if above else "lower"
    return "better" if above == (polarity == HIGHER) else "worse"


@dataclass(frozen=True)
class Trend:
    direction: str  # "improving", "worsening", "no change", "increasing", "decreasing", "not enough data"
    slope: float | None  # per period, by least squares
    change: float | None  # last minus first


def trend(series: list[float | None], *, polarity: str, tolerance: float = 0.0) -> Trend:
    """Direction of travel from a least-squares line over the series, read through the polarity.
    A slope whose size is at most `tolerance` per period counts as no change."""
    points = [(i, v) for i, v in enumerate(series) if v is not None]
    if len(points) < 2:
        return Trend("not enough data", None, None)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)
    change = ys[-1] - ys[0]
    if abs(slope) <= tolerance:
        return Trend("no change", slope, change)
    if polarity == NEUTRAL:
        return Trend("increasing" if slope > 0 else "decreasing", slope, change)
    return Trend("improving" if (slope > 0) == (polarity == HIGHER) else "worsening", slope, change)


@dataclass(frozen=True)
class Neighbour:
    key: str
    distance: float
    nearest_by: list[tuple[str, float]]  # variables with the smallest standardised differences


def z_scores(table: dict[str, dict[str, float]], variables: list[str]) -> dict[str, dict[str, float]]:
    """Each variable standardised over the areas (mean 0, population standard deviation 1)."""
    out: dict[str, dict[str, float]] = {k: {} for k in table}
    for var in variables:
        column = [row[var] for row in table.values()]
        mean = statistics.fmean(column)
        sd = statistics.pstdev(column)
        for key, row in table.items():
            out[key][var] = 0.0 if sd == 0 else (row[var] - mean) / sd
    return out


def nearest_neighbours(table: dict[str, dict[str, float | None]], *, target: str, variables: list[str],
                       k: int = 5, explain: int = 3) -> list[Neighbour]:
    """The k areas closest to `target` by Euclidean distance over z-scored variables (CIPFA's
    method, equal weights). Areas missing any chosen variable are left out. Each neighbour lists
    the `explain` variables on which it is closest."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if not variables:
        raise ValueError("choose at least one context indicator")
    complete = {a: row for a, row in table.items() if all(row.get(v) is not None for v in variables)}
    if target not in complete:
        raise ValueError(f"{target} has no value for every chosen context indicator")
    z = z_scores(complete, variables)
    result = []
    for area, row in z.items():
        if area == target:
            continue
        diffs = [(v, abs(row[v] - z[target][v])) for v in variables]
        distance = math.sqrt(sum(d * d for _, d in diffs))
        result.append(Neighbour(area, distance, sorted(diffs, key=lambda d: (d[1], d[0]))[:explain]))
    result.sort(key=lambda n: (n.distance, n.key))
    return result[:k]
