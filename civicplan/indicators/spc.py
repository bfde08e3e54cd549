"""Statistical process control: XmR charts with NHS England's "Making Data Count" rules.

Limits are mean +/- 2.66 x mean moving range; sigma is MR-bar / 1.128 (d2 for n=2).
Rules (NHS "Making Data Count" SPC guidance): a point outside the limits; a run of 7 or more
on one side of the mean; a trend of 7 or more rising or falling; two of three points beyond
two sigma on the same side. Each signal is improvement or concern by polarity.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

RUN = 7
TREND = 7
D2 = 1.128
LIMIT = 2.66


@dataclass
class Point:
    value: float
    signals: list[str] = field(default_factory=list)  # outside_limits, run_above, run_below, trend_up, trend_down, two_of_three
    variation: str = "common cause"  # or "improvement", "concern", "special cause" (neutral)


@dataclass
class XmR:
    mean: float
    mr_bar: float
    lower_limit: float
    upper_limit: float
    sigma: float
    points: list[Point]
    variation: str  # of the last point
    assurance: str | None  # for a target: "consistently pass", "consistently fail", "hit and miss"


def _mark(points, indices, name):
    for i in indices:
        if name not in points[i].signals:
            points[i].signals.append(name)


def xmr(values: list[float], *, polarity: str = "neutral", target: float | None = None) -> XmR:
    """The XmR chart of a series (at least 2 values): limits, signals per point and target assurance."""
    if len(values) < 2:
        raise ValueError("an XmR chart needs at least two values")
    mean = statistics.fmean(values)
    moving = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    mr_bar = statistics.fmean(moving)
    lower, upper = mean - LIMIT * mr_bar, mean + LIMIT * mr_bar
    sigma = mr_bar / D2
    points = [Point(v) for v in values]
    n = len(values)
    # 1. outside the limits
    _mark(points, [i for i, v in enumerate(values) if v > upper or v < lower], "outside_limits")
    # 2. runs of 7+ on one side of the mean (a point on the mean breaks the run)
    for side, test in (("run_above", lambda v: v > mean), ("run_below", lambda v: v < mean)):
        start = None
        for i in range(n + 1):
            if i < n and test(values[i]):
                start = i if start is None else start
            else:
                if start is not None and i - start >= RUN:
                    _mark(points, range(start, i), side)
                start = None
    # 3. trends of 7+ points each higher (or lower) than the one before
    for side, test in (("trend_up", lambda a, b: b > a), ("trend_down", lambda a, b: b < a)):
        start = 0
        for i in range(1, n + 1):
            if i < n and test(values[i - 1], values[i]):
                continue
            if i - start >= TREND:
                _mark(points, range(start, i), side)
            start = i
    # 4. two of three consecutive points beyond 2 sigma on the same side
    for i in range(n - 2):
        window = range(i, i + 3)
        for name, test in (("two_of_three", lambda v: v > mean + 2 * sigma), ("two_of_three", lambda v: v < mean - 2 * sigma)):
            beyond = [j for j in window if test(values[j])]
            if len(beyond) >= 2:
                _mark(points, beyond, name)
    for p in points:
        if not p.signals:
            continue
        high = p.value > mean
        if polarity == "neutral":
            p.variation = "special cause"
        else:
            p.variation = "improvement" if high == (polarity == "higher") else "concern"
    assurance = None
    if target is not None:
        if lower <= target <= upper:
            assurance = "hit and miss"
        else:
            above = target > upper
            passes = (not above) if polarity != "lower" else above
            assurance = "consistently pass" if passes else "consistently fail"
    return XmR(mean, mr_bar, lower, upper, sigma, points, points[-1].variation, assurance)
