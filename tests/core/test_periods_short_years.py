"""Financial years printed with a one-digit tail, as local plan timetables print them."""

from datetime import date

from civicplan.core.periods import Precision, parse_period


def test_winter_2025_6_is_the_winter_spanning_the_two_years():
    p = parse_period("Winter 2025/6")
    assert (p.start, p.end, p.precision) == (date(2025, 12, 1), date(2026, 2, 28), Precision.SEASON)


def test_a_one_digit_tail_reads_as_the_financial_year():
    p = parse_period("2025/6")
    assert (p.start, p.end, p.precision) == (date(2025, 4, 1), date(2026, 3, 31), Precision.FINANCIAL_YEAR)


def test_a_one_digit_tail_that_is_not_the_next_year_is_not_read():
    assert parse_period("2025/7").start is None
    assert parse_period("2025-6").start is None
