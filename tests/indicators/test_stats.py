"""Benchmarking statistics on small hand-worked examples (the working is in the comments)."""

import math

import pytest

from civicplan.indicators import stats


def test_ranks_follow_polarity_and_ties_share_the_best_rank():
    values = {"A": 10.0, "B": 30.0, "C": 20.0, "D": 20.0, "E": None}
    assert stats.ranks(values, polarity="higher") == {"B": 1, "C": 2, "D": 2, "A": 4}
    assert stats.ranks(values, polarity="lower") == {"A": 1, "C": 2, "D": 2, "B": 4}


def test_quartiles_put_the_best_quarter_first():
    # 1..8: inclusive quartiles are 2.75, 4.5, 6.25 -> {1,2}, {3,4}, {5,6}, {7,8}
    values = {str(i): float(i) for i in range(1, 9)}
    assert stats.quartile_cuts(list(values.values())) == (2.75, 4.5, 6.25)
    higher = stats.quartiles(values, polarity="higher")
    assert [higher[str(i)] for i in range(1, 9)] == [4, 4, 3, 3, 2, 2, 1, 1]
    lower = stats.quartiles(values, polarity="lower")
    assert [lower[str(i)] for i in range(1, 9)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert stats.median([3.0, None, 1.0, 2.0, 10.0]) == 2.5


@pytest.mark.parametrize(
    ("value", "interval", "polarity", "said"),
    [
        (60, (58, 62), "higher", "better"),   # 58 > London's upper 56: no overlap, above
        (60, (58, 62), "lower", "worse"),
        (50, (48, 52), "higher", "worse"),    # 52 < London's lower 54
        (57, (55, 59), "higher", "similar"),  # 55..59 overlaps 54..56
        (60, (56, 64), "higher", "similar"),  # touching at 56 counts as overlap
        (60, (58, 62), "neutral", "higher"),
        (60, (None, None), "higher", "not compared"),
    ],
)
def test_better_or_worse_than_london_only_where_intervals_do_not_overlap(value, interval, polarity, said):
    assert stats.compare(value=value, lci=interval[0], uci=interval[1], ref=55, ref_lci=54, ref_uci=56, polarity=polarity) == said


def test_trend_reads_the_slope_through_the_polarity():
    assert stats.trend([1, 2, 3, 4], polarity="higher").direction == "improving"
    assert stats.trend([1, 2, 3, 4], polarity="lower").direction == "worsening"
    assert stats.trend([4, None, 2, 1], polarity="lower").direction == "improving"
    assert stats.trend([5, 5, 5], polarity="higher").direction == "no change"
    assert stats.trend([5], polarity="higher").direction == "not enough data"
    assert stats.trend([1, 3], polarity="neutral").slope == 2


def test_nearest_neighbours_on_a_hand_worked_example():
    # Two context variables over four areas.
    # x: 0, 2, 4, 6 -> mean 3, population sd sqrt(5) = 2.2361 -> z -1.342, -0.447, 0.447, 1.342
    # y: 10, 10, 30, 30 -> mean 20, sd 10 -> z -1, -1, 1, 1
    # From A: B differs by (0.894, 0) -> 0.894; C by (1.789, 2) -> 2.683; D by (2.683, 2) -> 3.347
    table = {
        "A": {"x": 0, "y": 10}, "B": {"x": 2, "y": 10},
        "C": {"x": 4, "y": 30}, "D": {"x": 6, "y": 30}, "E": {"x": 1, "y": None},
    }
    found = stats.nearest_neighbours(table, target="A", variables=["x", "y"], k=2, explain=1)
    assert [n.key for n in found] == ["B", "C"]
    assert math.isclose(found[0].distance, 2 / math.sqrt(5), rel_tol=1e-9)
    assert math.isclose(found[1].distance, math.sqrt(16 / 5 + 4), rel_tol=1e-9)
    assert found[0].nearest_by == [("y", 0.0)]  # B is near A because y is the same
    assert found[1].nearest_by[0][0] == "x"
    with pytest.raises(ValueError, match="every chosen context indicator"):
        stats.nearest_neighbours(table, target="E", variables=["x", "y"])


@pytest.mark.django_db
def test_latest_for_comparison_is_the_latest_period_most_authorities_have():
    """A council's own newer figure for one area does not leave the benchmark with one authority."""
    from civicplan.indicators.models import Area, Indicator, Value
    from civicplan.indicators.selectors import comparison, latest_comparable_period

    indicator = Indicator.objects.create(name="Missed bin collections", slug="missed-bins", unit="count",
                                         measure="count", polarity="lower")
    areas = [Area.objects.create(code=f"X0900000{n}", name=f"Borough {n}", kind=Area.Kind.AUTHORITY) for n in range(6)]
    for area in areas:
        Value.objects.create(indicator=indicator, area=area, period="2024-04-01/P1Y", period_start="2024-04-01",
                             period_end="2025-03-31", value=10)
    Value.objects.create(indicator=indicator, area=areas[0], period="2025-04-01/P3M", period_start="2025-04-01",
                         period_end="2025-06-30", value=3)
    assert latest_comparable_period(indicator=indicator) == "2024-04-01/P1Y"
    assert len(comparison(indicator=indicator).rows) == 6
