"""XmR limits and the NHS "Making Data Count" rules on crafted series.

The limit formulas (mean +/- 2.66 x average moving range) are those of D. J. Wheeler,
"Understanding Variation: the key to managing chaos" (SPC Press, 2nd ed. 2000), Appendix p. 60,
which NHS England's "Making Data Count" (2019) and its SPC tool follow; sigma = MR-bar / 1.128.
"""

import math

import pytest

from civicplan.indicators.spc import xmr


def test_limits_worked_by_hand():
    # 10, 12, 11, 13, 12: mean 58/5 = 11.6; moving ranges 2, 1, 2, 1 -> 1.5
    # limits 11.6 -/+ 2.66 x 1.5 = 3.99 -> 7.61 and 15.59; sigma 1.5 / 1.128 = 1.3298
    chart = xmr([10, 12, 11, 13, 12])
    assert math.isclose(chart.mean, 11.6)
    assert math.isclose(chart.mr_bar, 1.5)
    assert math.isclose(chart.lower_limit, 7.61)
    assert math.isclose(chart.upper_limit, 15.59)
    assert math.isclose(chart.sigma, 1.5 / 1.128)
    assert all(not p.signals for p in chart.points)
    assert chart.variation == "common cause"


def test_a_point_outside_the_limits_is_improvement_or_concern_by_polarity():
    series = [10, 11, 10, 11, 10, 11, 10, 30]
    higher = xmr(series, polarity="higher")
    assert "outside_limits" in higher.points[-1].signals
    assert higher.points[-1].variation == "improvement"
    assert xmr(series, polarity="lower").points[-1].variation == "concern"
    assert xmr(series, polarity="neutral").points[-1].variation == "special cause"


def test_a_run_of_seven_below_the_mean_but_not_six():
    seven = [20, 21, 20, 21, 20, 21, 20, 21, 15, 14, 15, 14, 15, 14, 15]
    chart = xmr(seven, polarity="higher")
    assert all("run_below" in p.signals for p in chart.points[8:])
    assert chart.points[-1].variation == "concern"
    six = [20, 21, 20, 21, 20, 21, 20, 21, 20, 15, 14, 15, 14, 15, 14, 21]
    assert not any("run_below" in p.signals for p in xmr(six).points)


def test_a_trend_of_seven_rising():
    chart = xmr([5, 3, 5, 1, 2, 3, 4, 5, 6, 7, 3], polarity="lower")
    assert [i for i, p in enumerate(chart.points) if "trend_up" in p.signals] == [3, 4, 5, 6, 7, 8, 9]
    assert chart.points[9].variation == "concern"
    assert not any("trend_up" in p.signals for p in xmr([1, 2, 3, 4, 5, 6, 1, 1]).points)


def test_two_of_three_beyond_two_sigma_on_the_same_side():
    # mean 132.9 / 13 = 10.223; moving ranges sum 15.8 / 12 = 1.317 -> sigma 1.167, two sigma
    # above the mean = 12.56, upper limit 13.73: 12.6 and 12.8 (two of three) are beyond two
    # sigma but inside the limits; 11.5 between them is not.
    series = [10, 9, 10, 9, 10, 9, 10, 12.6, 11.5, 12.8, 10, 9, 10]
    chart = xmr(series, polarity="higher")
    assert chart.upper_limit > 12.8
    flagged = [i for i, p in enumerate(chart.points) if "two_of_three" in p.signals]
    assert flagged == [7, 9]
    assert chart.points[9].variation == "improvement"


@pytest.mark.parametrize(
    ("target", "polarity", "assurance"),
    [(5, "higher", "consistently pass"), (5, "lower", "consistently fail"),
     (20, "higher", "consistently fail"), (20, "lower", "consistently pass"), (12, "higher", "hit and miss")],
)
def test_target_assurance(target, polarity, assurance):
    assert xmr([10, 12, 11, 13, 12], polarity=polarity, target=target).assurance == assurance


def test_fewer_than_two_points_is_refused():
    with pytest.raises(ValueError, match="at least two"):
        xmr([1])


def test_xmr_matches_the_nist_sematech_individuals_chart_worked_example():
    """NIST/SEMATECH e-Handbook of Statistical Methods, section 6.3.2.2 "Individuals Control
    Charts" (https://www.itl.nist.gov/div898/handbook/pmc/section3/pmc322.htm): ten batches of
    flow rate, 49.6 ... 52.1. Published: mean 50.81, average moving range 1.8778, UCL 55.8041 and
    LCL 45.8159, and the process is in control (no point outside the limits).

    NIST scales MR-bar by 3 / 1.128 (= 2.6596); Making Data Count, and so CivicPlan, by the
    rounded 2.66, which moves each limit by 0.0009: the limits agree to three decimal places."""
    from civicplan.indicators.spc import xmr

    chart = xmr([49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1], polarity="neutral")
    assert round(chart.mean, 4) == 50.81
    assert round(chart.mr_bar, 4) == 1.8778
    assert abs(chart.upper_limit - 55.8041) < 0.001
    assert abs(chart.lower_limit - 45.8159) < 0.001
    assert [p.signals for p in chart.points] == [[]] * 10
    assert chart.variation == "common cause"
