"""Target-date phrases: every reading pinned down, so a change in reading is a visible decision.

Plain pytest (no Django).  The example tables come from the seed papers in
civicplan/plans/seeds/sources and from the domain brief; the property tests
check the rules that must hold for any input (never raise, never alter the
words, never produce a period that ends before it starts).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicplan.core.periods import (
    MAX_YEAR,
    MIN_YEAR,
    PeriodConvention,
    Precision,
    TargetPeriod,
    find_period,
    find_periods,
    parse_period,
)

P = Precision
CAL = PeriodConvention()
FIN = PeriodConvention(quarters="financial")
SOURCES = Path(__file__).resolve().parents[2] / "civicplan" / "plans" / "seeds" / "sources"
FAST = settings(max_examples=200, deadline=None)


def d(iso: str | None) -> date | None:
    return None if iso is None else date.fromisoformat(iso)


def check(text: str, start: str | None, end: str | None, precision: Precision,
          convention: PeriodConvention = CAL) -> TargetPeriod:
    period = parse_period(text, convention)
    assert period.text == text
    assert (period.start, period.end, period.precision) == (d(start), d(end), precision), period
    return period


# --------------------------------------------------------------------------- the seed papers

# Every date phrase in the five seed papers, as written there (grep of the sources).
PAPER_PHRASES = [
    # lc-shared-ambitions-2022-23.txt
    ("27th July 2022", "2022-07-27", "2022-07-27", P.DAY),
    ("until the end of 2023", None, "2023-12-31", P.YEAR),
    ("(until the end of 2023)", None, "2023-12-31", P.YEAR),
    ("October 2022", "2022-10-01", "2022-10-31", P.MONTH),
    ("by June 2022", None, "2022-06-30", P.MONTH),
    ("June 2022", "2022-06-01", "2022-06-30", P.MONTH),
    ("July 2022", "2022-07-01", "2022-07-31", P.MONTH),
    ("September 2022", "2022-09-01", "2022-09-30", P.MONTH),
    ("by Jan 2023", None, "2023-01-31", P.MONTH),
    ("from September 2022", "2022-09-01", None, P.MONTH),
    ("(July 2022)", "2022-07-01", "2022-07-31", P.MONTH),
    ("Autumn 2022", "2022-09-01", "2022-11-30", P.SEASON),
    ("May 2023", "2023-05-01", "2023-05-31", P.MONTH),
    ("(UKREIFF May 2023)", None, None, P.UNKNOWN),  # a name in front: a sentence, not a date field
    ("- November 2022", "2022-11-01", "2022-11-30", P.MONTH),
    ("November 2022", "2022-11-01", "2022-11-30", P.MONTH),
    ("March 2023", "2023-03-01", "2023-03-31", P.MONTH),
    ("Q2 2022", "2022-04-01", "2022-06-30", P.QUARTER),
    ("Q1 2023", "2023-01-01", "2023-03-31", P.QUARTER),
    ("Q2 2023", "2023-04-01", "2023-06-30", P.QUARTER),
    ("TBC", None, None, P.TBC),
    ("July 2022 (and ongoing to April 2023)", "2022-07-01", "2023-04-30", P.SPAN),
    ("by 2023", None, "2023-12-31", P.YEAR),
    ("(to launch in September 2022)", None, None, P.UNKNOWN),
    ("in September 2022", "2022-09-01", "2022-09-30", P.MONTH),
    ("by September 2022", None, "2022-09-30", P.MONTH),
    ("June 2022 and beyond", "2022-06-01", None, P.MONTH),
    ("11 May 2022", "2022-05-11", "2022-05-11", P.DAY),
    ("8 June 2022", "2022-06-08", "2022-06-08", P.DAY),
    ("on 8 June 2022", "2022-06-08", "2022-06-08", P.DAY),
    ("Summer/Autumn 2022", "2022-06-01", "2022-11-30", P.SPAN),
    ("2023-24", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("summer 2022", "2022-06-01", "2022-08-31", P.SEASON),
    ("(likely summer 2022)", None, None, P.UNKNOWN),
    ("2023/24", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("(summer/autumn)", None, None, P.UNKNOWN),  # no year: never guessed
    ("December 2022", "2022-12-01", "2022-12-31", P.MONTH),
    ("2022-2023", "2022-01-01", "2023-12-31", P.SPAN),
    ("(Autumn 2022)", "2022-09-01", "2022-11-30", P.SEASON),
    ("(Spring 2023)", "2023-03-01", "2023-05-31", P.SEASON),
    ("(March 2023)", "2023-03-01", "2023-03-31", P.MONTH),
    ("(December 2022)", "2022-12-01", "2022-12-31", P.MONTH),
    ("Summer 2022", "2022-06-01", "2022-08-31", P.SEASON),
    ("(September 2022)", "2022-09-01", "2022-09-30", P.MONTH),
    ("(November 2022)", "2022-11-01", "2022-11-30", P.MONTH),
    ("2022-25", "2022-01-01", "2025-12-31", P.SPAN),
    ("to April 2022", None, "2022-04-30", P.MONTH),
    ("Sep Oct 2022/23", None, None, P.UNKNOWN),
    ("Oct 2022/Oct 2023", None, None, P.UNKNOWN),
    ("Nov 2022/Nov 2023", None, None, P.UNKNOWN),
    ("March/April 2023", "2023-03-01", "2023-04-30", P.SPAN),
    ("Mar 2023", "2023-03-01", "2023-03-31", P.MONTH),
    ("the next 18 months", None, None, P.UNKNOWN),
    ("next eighteen months", None, None, P.UNKNOWN),
    ("in 2020 and 2021", None, None, P.UNKNOWN),  # two separate years, in parts
    ("to 2030", None, "2030-12-31", P.YEAR),
    ("February", None, None, P.UNKNOWN),
    # lc-business-plan-2019-20.txt
    ("2019/20", "2019-04-01", "2020-03-31", P.FINANCIAL_YEAR),
    ("4 June 2019", "2019-06-04", "2019-06-04", P.DAY),
    ("19 March 2019", "2019-03-19", "2019-03-19", P.DAY),
    ("to 2022", None, "2022-12-31", P.YEAR),
    ("by 2022", None, "2022-12-31", P.YEAR),
    ("starting in 2019", "2019-01-01", None, P.YEAR),
    ("March 2020", "2020-03-01", "2020-03-31", P.MONTH),
    ("April 2021 to March 2025", "2021-04-01", "2025-03-31", P.SPAN),
    ("April 2020 onwards", "2020-04-01", None, P.MONTH),
    ("for April 2020 onwards", "2020-04-01", None, P.MONTH),
    ("Spending Review 2019", None, None, P.UNKNOWN),
    # lc-business-plan-2020-21.txt
    ("2020/21", "2020-04-01", "2021-03-31", P.FINANCIAL_YEAR),
    ("2020-21", "2020-04-01", "2021-03-31", P.FINANCIAL_YEAR),
    ("3 March 2020", "2020-03-03", "2020-03-03", P.DAY),
    ("20 December", None, None, P.UNKNOWN),  # no year
    ("24th March", None, None, P.UNKNOWN),
    ("20th December", None, None, P.UNKNOWN),
    ("January", None, None, P.UNKNOWN),
    ("last Autumn", None, None, P.UNKNOWN),
    ("2021-25", "2021-01-01", "2025-12-31", P.SPAN),
    ("2021 -25", "2021-01-01", "2025-12-31", P.SPAN),
    ("2017-2021", "2017-01-01", "2021-12-31", P.SPAN),
    ("Spending Review 2020", None, None, P.UNKNOWN),
    # lc-business-plan-2013-14.txt
    ("2013/14", "2013-04-01", "2014-03-31", P.FINANCIAL_YEAR),
    ("2012/14", "2012-01-01", "2014-12-31", P.SPAN),
    ("2014-2020", "2014-01-01", "2020-12-31", P.SPAN),
    ("June 2013", "2013-06-01", "2013-06-30", P.MONTH),
    # lc-challenge-2017.txt
    ("in 2016", "2016-01-01", "2016-12-31", P.YEAR),
    ("June 2016", "2016-06-01", "2016-06-30", P.MONTH),
    ("July 2016", "2016-07-01", "2016-07-31", P.MONTH),
    ("September 2016", "2016-09-01", "2016-09-30", P.MONTH),
    ("the end of November 2016", None, "2016-11-30", P.MONTH),
    ("December 2016", "2016-12-01", "2016-12-31", P.MONTH),
    ("the summer of 2015", "2015-06-01", "2015-08-31", P.SEASON),
    ("2017/18 onwards", "2017-04-01", None, P.FINANCIAL_YEAR),
    ("2017/18", "2017-04-01", "2018-03-31", P.FINANCIAL_YEAR),
]


@pytest.mark.parametrize("text,start,end,precision", PAPER_PHRASES,
                         ids=[r[0] for r in PAPER_PHRASES])
def test_paper_phrases(text, start, end, precision):
    check(text, start, end, precision)


# --------------------------------------------------------------------------- the brief's list

BRIEF_PHRASES = [
    # months, full or abbreviated, any case; days
    ("Sept 2022", "2022-09-01", "2022-09-30", P.MONTH),
    ("Sept. 2022", "2022-09-01", "2022-09-30", P.MONTH),
    ("Sep 2022", "2022-09-01", "2022-09-30", P.MONTH),
    ("Jan 2023", "2023-01-01", "2023-01-31", P.MONTH),
    ("JULY 2022", "2022-07-01", "2022-07-31", P.MONTH),
    ("july 2022", "2022-07-01", "2022-07-31", P.MONTH),
    ("the July 2022", "2022-07-01", "2022-07-31", P.MONTH),
    ("July of 2022", "2022-07-01", "2022-07-31", P.MONTH),
    ("Feb 2024", "2024-02-01", "2024-02-29", P.MONTH),  # leap year
    ("Feb 2023", "2023-02-01", "2023-02-28", P.MONTH),
    ("Feb 1900", "1900-02-01", "1900-02-28", P.MONTH),  # 1900 was not a leap year
    ("Feb 2000", "2000-02-01", "2000-02-29", P.MONTH),  # 2000 was
    ("29 February 2024", "2024-02-29", "2024-02-29", P.DAY),
    ("29 February 2023", None, None, P.UNKNOWN),  # no such day
    ("31 June 2022", None, None, P.UNKNOWN),
    ("the 27th of July 2022", "2022-07-27", "2022-07-27", P.DAY),
    ("1st April 2023", "2023-04-01", "2023-04-01", P.DAY),
    ("11 May, 2022", "2022-05-11", "2022-05-11", P.DAY),
    ("May 11, 2022", "2022-05-11", "2022-05-11", P.DAY),
    ("July 27th 2022", "2022-07-27", "2022-07-27", P.DAY),
    ("Wednesday 8 June 2022", "2022-06-08", "2022-06-08", P.DAY),
    ("Tuesday 8 June 2022", None, None, P.UNKNOWN),  # the weekday contradicts the date
    ("2022-06-08", "2022-06-08", "2022-06-08", P.DAY),  # ISO
    ("08/06/2022", None, None, P.UNKNOWN),  # numeric day/month order is a guess
    ("Jan 23", None, None, P.UNKNOWN),  # 23 January or January 2023?
    ("July 22", None, None, P.UNKNOWN),
    # by / until / to the end of: open start
    ("by 2023", None, "2023-12-31", P.YEAR),
    ("By 2023.", None, "2023-12-31", P.YEAR),
    ("by the end of 2023", None, "2023-12-31", P.YEAR),
    ("by the end of March 2023", None, "2023-03-31", P.MONTH),
    ("by end of March 2023", None, "2023-03-31", P.MONTH),
    ("by end March 2023", None, "2023-03-31", P.MONTH),
    ("by end-March 2023", None, "2023-03-31", P.MONTH),
    ("by the end of 2022/23", None, "2023-03-31", P.FINANCIAL_YEAR),
    ("by the end of Q2 2023/24", None, "2023-09-30", P.QUARTER),
    ("by Autumn 2022", None, "2022-11-30", P.SEASON),
    ("by 31 March 2023", None, "2023-03-31", P.DAY),
    ("no later than 31 March 2023", None, "2023-03-31", P.DAY),
    ("until July 2023", None, "2023-07-31", P.MONTH),
    ("until the end of 2023", None, "2023-12-31", P.YEAR),
    ("till June 2023", None, "2023-06-30", P.MONTH),
    ("up to March 2024", None, "2024-03-31", P.MONTH),
    ("to the end of March 2024", None, "2024-03-31", P.MONTH),
    ("end of 2023", None, "2023-12-31", P.YEAR),
    ("March 2023 at the latest", None, "2023-03-31", P.MONTH),
    ("before April 2023", None, "2023-03-31", P.MONTH),
    ("before 2023", None, "2022-12-31", P.YEAR),
    # from / onwards / and beyond: open end
    ("from 2024", "2024-01-01", None, P.YEAR),
    ("from Autumn 2022", "2022-09-01", None, P.SEASON),
    ("from the start of 2024/25", "2024-04-01", None, P.FINANCIAL_YEAR),
    ("from April 2020 onwards", "2020-04-01", None, P.MONTH),
    ("starting September 2022", "2022-09-01", None, P.MONTH),
    ("commencing 1 April 2023", "2023-04-01", None, P.DAY),
    ("since 2019", "2019-01-01", None, P.YEAR),
    ("2024 onwards", "2024-01-01", None, P.YEAR),
    ("Q3 2022/23 onwards", "2022-10-01", None, P.QUARTER),
    ("July 2022 and ongoing", "2022-07-01", None, P.MONTH),
    ("July 2022 (ongoing)", "2022-07-01", None, P.MONTH),
    ("July 2022 - ongoing", "2022-07-01", None, P.MONTH),
    ("after 2023", "2024-01-01", None, P.YEAR),
    ("after March 2023", "2023-04-01", None, P.MONTH),
    # seasons (meteorological)
    ("autumn 2022", "2022-09-01", "2022-11-30", P.SEASON),
    ("AUTUMN 2022", "2022-09-01", "2022-11-30", P.SEASON),
    ("Spring 2023", "2023-03-01", "2023-05-31", P.SEASON),
    ("Winter 2022", "2022-12-01", "2023-02-28", P.SEASON),
    ("Winter 2023", "2023-12-01", "2024-02-29", P.SEASON),
    ("Winter 2022/23", "2022-12-01", "2023-02-28", P.SEASON),
    ("winter 2022-23", "2022-12-01", "2023-02-28", P.SEASON),
    ("Summer/Autumn 2022", "2022-06-01", "2022-11-30", P.SPAN),
    ("summer-autumn 2022", "2022-06-01", "2022-11-30", P.SPAN),
    ("Autumn/Winter 2022", "2022-09-01", "2023-02-28", P.SPAN),
    ("Winter/Spring 2023", None, None, P.UNKNOWN),  # which winter? not guessed
    ("Summer/Autumn 2022/23", None, None, P.UNKNOWN),
    ("Autumn", None, None, P.UNKNOWN),
    # early / mid / late: approximate thirds of the year
    ("early 2023", "2023-01-01", "2023-04-30", P.SPAN),
    ("mid 2023", "2023-05-01", "2023-08-31", P.SPAN),
    ("mid-2023", "2023-05-01", "2023-08-31", P.SPAN),
    ("Mid-2023", "2023-05-01", "2023-08-31", P.SPAN),
    ("late 2022", "2022-09-01", "2022-12-31", P.SPAN),
    ("by late 2022", None, "2022-12-31", P.SPAN),
    ("early March 2023", "2023-03-01", "2023-03-31", P.MONTH),
    ("early", None, None, P.UNKNOWN),
    # quarters and halves (calendar convention here; financial below)
    ("Q2 2022", "2022-04-01", "2022-06-30", P.QUARTER),
    ("q2 2022", "2022-04-01", "2022-06-30", P.QUARTER),
    ("Q4 2022", "2022-10-01", "2022-12-31", P.QUARTER),
    ("Quarter 2 2022", "2022-04-01", "2022-06-30", P.QUARTER),
    ("the second quarter of 2022", "2022-04-01", "2022-06-30", P.QUARTER),
    ("2022 Q2", "2022-04-01", "2022-06-30", P.QUARTER),
    ("Q1 2023/24", "2023-04-01", "2023-06-30", P.QUARTER),
    ("Q4 2023/24", "2024-01-01", "2024-03-31", P.QUARTER),
    ("Q1 FY2023/24", "2023-04-01", "2023-06-30", P.QUARTER),
    ("Q1 2023-24", "2023-04-01", "2023-06-30", P.QUARTER),
    ("2023/24 Q3", "2023-10-01", "2023-12-31", P.QUARTER),
    ("Q1-Q2 2023", "2023-01-01", "2023-06-30", P.SPAN),
    ("Q2 2022 - Q1 2023", "2022-04-01", "2023-03-31", P.SPAN),
    ("H1 2023", "2023-01-01", "2023-06-30", P.HALF),
    ("H2 2023", "2023-07-01", "2023-12-31", P.HALF),
    ("first half of 2023", "2023-01-01", "2023-06-30", P.HALF),
    ("the second half of 2023", "2023-07-01", "2023-12-31", P.HALF),
    ("H2 2023/24", "2023-10-01", "2024-03-31", P.HALF),
    ("Q5 2023", None, None, P.UNKNOWN),
    ("Q2", None, None, P.UNKNOWN),
    # financial years
    ("2019/20", "2019-04-01", "2020-03-31", P.FINANCIAL_YEAR),
    ("2022/23", "2022-04-01", "2023-03-31", P.FINANCIAL_YEAR),
    ("2019/2020", "2019-04-01", "2020-03-31", P.FINANCIAL_YEAR),
    ("2019-20", "2019-04-01", "2020-03-31", P.FINANCIAL_YEAR),
    ("2019–20", "2019-04-01", "2020-03-31", P.FINANCIAL_YEAR),
    ("2019 / 20", "2019-04-01", "2020-03-31", P.FINANCIAL_YEAR),
    ("FY 2023/24", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("FY2023/24", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("FY23/24", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("FY 2023-2024", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("financial year 2023/24", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("2023/24 financial year", "2023-04-01", "2024-03-31", P.FINANCIAL_YEAR),
    ("1999/00", "1999-04-01", "2000-03-31", P.FINANCIAL_YEAR),
    ("2019/21", "2019-01-01", "2021-12-31", P.SPAN),  # not consecutive: years, with a note
    ("2019/18", None, None, P.UNKNOWN),
    ("FY 2023", None, None, P.UNKNOWN),  # FY starting or ending in 2023? not guessed
    # calendar years: a bare year only when it is the whole text (or has a cue)
    ("2023", "2023-01-01", "2023-12-31", P.YEAR),
    (" 2023 ", "2023-01-01", "2023-12-31", P.YEAR),
    ("in 2022", "2022-01-01", "2022-12-31", P.YEAR),
    ("during 2022", "2022-01-01", "2022-12-31", P.YEAR),
    ("calendar year 2023", "2023-01-01", "2023-12-31", P.YEAR),
    ("2500", None, None, P.UNKNOWN),  # outside 1900-2099: a quantity
    ("1850", None, None, P.UNKNOWN),
    ("2020s", None, None, P.UNKNOWN),
    # ranges
    ("2022-2023", "2022-01-01", "2023-12-31", P.SPAN),
    ("2017-2021", "2017-01-01", "2021-12-31", P.SPAN),
    ("2021-25", "2021-01-01", "2025-12-31", P.SPAN),
    ("2021 - 2025", "2021-01-01", "2025-12-31", P.SPAN),
    ("2021–2025", "2021-01-01", "2025-12-31", P.SPAN),  # en dash
    ("2021—2025", "2021-01-01", "2025-12-31", P.SPAN),  # em dash
    ("2021 – 25", "2021-01-01", "2025-12-31", P.SPAN),
    ("2025-2021", None, None, P.UNKNOWN),
    ("2022 to 2025", "2022-01-01", "2025-12-31", P.SPAN),
    ("from 2022-25", "2022-01-01", "2025-12-31", P.SPAN),
    ("from 2019 to 2022", "2019-01-01", "2022-12-31", P.SPAN),
    ("between 2022 and 2025", "2022-01-01", "2025-12-31", P.SPAN),
    ("between March 2023 and June 2023", "2023-03-01", "2023-06-30", P.SPAN),
    ("between June 2023 and March 2023", None, None, P.UNKNOWN),
    ("from April 2021 to March 2025", "2021-04-01", "2025-03-31", P.SPAN),
    ("April 2021 – March 2025", "2021-04-01", "2025-03-31", P.SPAN),
    ("April 2021—March 2025", "2021-04-01", "2025-03-31", P.SPAN),
    ("April 2021 until March 2025", "2021-04-01", "2025-03-31", P.SPAN),
    ("March 2025 to April 2021", None, None, P.UNKNOWN),
    ("March/April 2023", "2023-03-01", "2023-04-30", P.SPAN),
    ("March to May 2023", "2023-03-01", "2023-05-31", P.SPAN),
    ("Sep Oct 2022", "2022-09-01", "2022-10-31", P.SPAN),
    ("Sep-Nov 2022", "2022-09-01", "2022-11-30", P.SPAN),
    ("Sep–Nov 2022", "2022-09-01", "2022-11-30", P.SPAN),
    ("Nov-Feb 2023", None, None, P.UNKNOWN),  # which November? not guessed
    ("11-12 May 2022", "2022-05-11", "2022-05-12", P.SPAN),
    ("11 May – 8 June 2022", "2022-05-11", "2022-06-08", P.SPAN),
    ("June 2022 – Q1 2023", "2022-06-01", "2023-03-31", P.SPAN),
    ("July 2022 (and ongoing to April 2023)", "2022-07-01", "2023-04-30", P.SPAN),
    ("July 2022 (ongoing until the end of 2023)", "2022-07-01", "2023-12-31", P.SPAN),
    ("July 2022 (and ongoing to April 2023", None, None, P.UNKNOWN),  # unbalanced bracket
    # open ends
    ("June 2022 and beyond", "2022-06-01", None, P.MONTH),
    ("2022-25 and beyond", "2022-01-01", None, P.SPAN),
    ("ongoing", None, None, P.UNKNOWN),
    ("Ongoing.", None, None, P.UNKNOWN),
    # to be confirmed
    ("TBC", None, None, P.TBC),
    ("tbc", None, None, P.TBC),
    ("TBD", None, None, P.TBC),
    ("To be confirmed", None, None, P.TBC),
    ("to be determined", None, None, P.TBC),
    ("Date TBC", None, None, P.TBC),
    ("(TBC)", None, None, P.TBC),
    # several occurrences
    ("Oct 2022/Oct 2023", None, None, P.UNKNOWN),
    ("March and June 2023", None, None, P.UNKNOWN),
    ("11 and 12 May 2022", None, None, P.UNKNOWN),
    ("2022/23 and 2023/24", None, None, P.UNKNOWN),
    # unreadable: kept, never guessed
    ("soon", None, None, P.UNKNOWN),
    ("next 18 months", None, None, P.UNKNOWN),
    ("", None, None, P.UNKNOWN),
    ("   ", None, None, P.UNKNOWN),
    ("as and when", None, None, P.UNKNOWN),
    ("asap", None, None, P.UNKNOWN),
    ("the beginning of 2023", None, None, P.UNKNOWN),
    ("600 officers", None, None, P.UNKNOWN),
    ("£32.5 billion", None, None, P.UNKNOWN),
    ("COP 27", None, None, P.UNKNOWN),
    ("July 2022 or August 2022", None, None, P.UNKNOWN),
    ("sometime in 2023", None, None, P.UNKNOWN),
]


@pytest.mark.parametrize("text,start,end,precision", BRIEF_PHRASES,
                         ids=[repr(r[0]) for r in BRIEF_PHRASES])
def test_brief_phrases(text, start, end, precision):
    check(text, start, end, precision)


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("text,cal,fin", [
    ("Q1 2022", ("2022-01-01", "2022-03-31"), ("2022-04-01", "2022-06-30")),
    ("Q2 2022", ("2022-04-01", "2022-06-30"), ("2022-07-01", "2022-09-30")),
    ("Q3 2022", ("2022-07-01", "2022-09-30"), ("2022-10-01", "2022-12-31")),
    ("Q4 2022", ("2022-10-01", "2022-12-31"), ("2023-01-01", "2023-03-31")),
    ("H1 2023", ("2023-01-01", "2023-06-30"), ("2023-04-01", "2023-09-30")),
    ("H2 2023", ("2023-07-01", "2023-12-31"), ("2023-10-01", "2024-03-31")),
])
def test_quarters_follow_the_organisations_convention(text, cal, fin):
    """A bare "Q2 2022" depends on who wrote it; the other reading always goes in the note."""
    precision = P.QUARTER if text.startswith("Q") else P.HALF
    calendar_reading = check(text, *cal, precision, CAL)
    financial_reading = check(text, *fin, precision, FIN)
    assert "financial" in calendar_reading.note and "calendar" in financial_reading.note


def test_quarter_notes_say_the_other_reading():
    assert parse_period("Q2 2022").note == (
        "Q2 2022 read as calendar quarter (Apr–Jun 2022); "
        "as a financial quarter it would be Jul–Sep 2022.")
    assert parse_period("Q2 2022", FIN).note == (
        "Q2 2022 read as financial quarter 2 of 2022/23 (Jul–Sep 2022); "
        "as a calendar quarter it would be Apr–Jun 2022.")


@pytest.mark.parametrize("convention", [CAL, FIN])
def test_a_named_financial_year_quarter_is_not_ambiguous(convention):
    period = check("Q1 2023/24", "2023-04-01", "2023-06-30", P.QUARTER, convention)
    assert period.note == ""


def test_financial_year_start_month_is_a_setting():
    july = PeriodConvention(fy_start_month=7)
    check("2019/20", "2019-07-01", "2020-06-30", P.FINANCIAL_YEAR, july)
    check("Q1 2023/24", "2023-07-01", "2023-09-30", P.QUARTER, july)
    check("Q2 2022", "2022-10-01", "2022-12-31", P.QUARTER,
          PeriodConvention(quarters="financial", fy_start_month=7))


def test_when_both_readings_agree_there_is_no_note():
    january = PeriodConvention(quarters="financial", fy_start_month=1)
    assert check("Q2 2022", "2022-04-01", "2022-06-30", P.QUARTER, january).note == ""


@pytest.mark.parametrize("kwargs", [{"quarters": "fiscal"}, {"fy_start_month": 0},
                                    {"fy_start_month": 13}])
def test_convention_rejects_nonsense(kwargs):
    with pytest.raises(ValueError):
        PeriodConvention(**kwargs)


# --------------------------------------------------------------------------- notes and parts


@pytest.mark.parametrize("text,fragment", [
    ("2022-25", "Read as calendar years 2022 to 2025; a financial-year reading would be "
                "1 Apr 2022 – 31 Mar 2025."),
    ("2022-2023", "a financial-year reading would be 1 Apr 2022 – 31 Mar 2023"),
    ("2012/14", "Read as calendar years 2012 to 2014"),
    ("early 2023", "Approximate"),
    ("late 2022", "Sep–Dec 2022"),
    ("early March 2023", "Approximate"),
    ("Winter 2022", "Dec 2022 – Feb 2023"),
    ("the end of November 2016", "deadline"),
    ("Sep Oct 2022/23", "financial year 2022/23"),
    ("Oct 2022/Oct 2023", "Two separate dates"),
    ("31 June 2022", "not a real date"),
    ("Tuesday 8 June 2022", "was a Wednesday"),
    ("Nov-Feb 2023", "no dates were guessed"),
    ("24th March", "No year given"),
    ("ongoing", "Ongoing"),
])
def test_ambiguity_is_explained_in_the_note(text, fragment):
    assert fragment in parse_period(text).note


@pytest.mark.parametrize("text", ["July 2022", "2019/20", "by Jan 2023", "Autumn 2022",
                                  "Q1 2023/24", "TBC", "Winter 2022/23", "March/April 2023"])
def test_plain_phrases_have_no_note(text):
    assert parse_period(text).note == ""


@pytest.mark.parametrize("text,parts", [
    ("Oct 2022/Oct 2023", [("Oct 2022", "2022-10-01", "2022-10-31"),
                           ("Oct 2023", "2023-10-01", "2023-10-31")]),
    ("Nov 2022/Nov 2023", [("Nov 2022", "2022-11-01", "2022-11-30"),
                           ("Nov 2023", "2023-11-01", "2023-11-30")]),
    ("Oct 2022 / Oct 2023 / Oct 2024", [("Oct 2022", "2022-10-01", "2022-10-31"),
                                        ("Oct 2023", "2023-10-01", "2023-10-31"),
                                        ("Oct 2024", "2024-10-01", "2024-10-31")]),
    ("March and June 2023", [("March", "2023-03-01", "2023-03-31"),
                             ("June 2023", "2023-06-01", "2023-06-30")]),
    ("2020 and 2021", [("2020", "2020-01-01", "2020-12-31"),
                       ("2021", "2021-01-01", "2021-12-31")]),
])
def test_separate_occurrences_are_parts_not_a_range(text, parts):
    """A range from the first to the last would invent the months in between."""
    period = parse_period(text)
    assert (period.start, period.end, period.precision) == (None, None, P.UNKNOWN)
    assert [(p.text, p.start, p.end) for p in period.parts] == [
        (t, d(s), d(e)) for t, s, e in parts]
    assert period.note.startswith(("Two separate dates", "Three separate dates"))


def test_sep_oct_2022_23_is_left_unread():
    """Sep-Oct in both 2022 and 2023 (the paper's meaning), or Sep-Oct within FY 2022/23?"""
    period = check("Sep Oct 2022/23", None, None, P.UNKNOWN)
    assert period.parts == ()
    assert "2022 and 2023" in period.note and "financial year 2022/23" in period.note


@pytest.mark.parametrize("text", ["(July 2022)", " July 2022. ", "- November 2022",
                                  "\tJuly 2022\n", "“July 2022”", "July 2022;", "* July 2022"])
def test_punctuation_is_tolerated_and_text_kept(text):
    period = check(text, "2022-07-01" if "July" in text else "2022-11-01",
                   "2022-07-31" if "July" in text else "2022-11-30", P.MONTH)
    assert period.text == text


# --------------------------------------------------------------------------- labels and flags


@pytest.mark.parametrize("text,label", [
    ("Autumn 2022", "Sep–Nov 2022"),
    ("2019/20", "1 Apr 2019 – 31 Mar 2020"),
    ("by Jan 2023", "by 31 Jan 2023"),
    ("from September 2022", "from 1 Sep 2022"),
    ("TBC", "TBC"),
    ("July 2022", "Jul 2022"),
    ("11 May 2022", "11 May 2022"),
    ("11-12 May 2022", "11–12 May 2022"),
    ("2023", "2023"),
    ("2022-25", "2022–2025"),
    ("Winter 2022", "Dec 2022 – Feb 2023"),
    ("April 2021 to March 2025", "Apr 2021 – Mar 2025"),
    ("11 May – 8 June 2022", "11 May 2022 – 8 Jun 2022"),
    ("Oct 2022/Oct 2023", "Oct 2022 / Oct 2023"),
    ("soon", "Unknown"),
])
def test_label(text, label):
    assert parse_period(text).label() == label


def test_open_flags():
    by, since, both, tbc = (parse_period(t) for t in ("by 2023", "from 2023", "2023", "TBC"))
    assert by.has_dates and by.is_open_start and not by.is_open_end
    assert since.has_dates and since.is_open_end and not since.is_open_start
    assert both.has_dates and not both.is_open_start and not both.is_open_end
    assert not tbc.has_dates and not tbc.is_open_start and not tbc.is_open_end


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        TargetPeriod("x", date(2023, 1, 2), date(2023, 1, 1), P.SPAN)


def test_precision_values_are_stable():
    """Stored in the database by value."""
    assert [p.value for p in Precision] == [
        "day", "month", "season", "quarter", "half", "year", "financial_year", "span",
        "tbc", "unknown"]
    assert Precision("financial_year") is P.FINANCIAL_YEAR and P.TBC == "tbc"


# --------------------------------------------------------------------------- finding in sentences

FIND_CASES = [
    ("Pilot to evaluate approaches to Local Welfare Assistance in seven boroughs September 2022 "
     "– development of a pan-London approach to local welfare", ["September 2022"]),
    ("Supporting 55,000 disadvantaged Londoners towards a job", []),
    ("Deliver at least 2500 charging points for electric vehicles by 2022, including the option "
     "for 20 charging hubs", ["by 2022"]),
    ("600 officers, 2500 charging points, £32.5 billion, COP 27, Cohort 6 and the 30th percentile",
     []),
    ("Submit co-designed UKSPF investment plan and put in place suitable governance July 2022; "
     "start delivery October 2022.", ["July 2022", "October 2022"]),
    ("A survey of UASC experience in London will be completed to make further recommendations "
     "by Jan 2023. (Developing London's role as a global city)", ["by Jan 2023"]),
    ("Lead on the London position on refugee resettlement from September 2022 apply Learning "
     "from Afghan resettlement", ["from September 2022"]),
    ("Climate change and sustainability are included when negotiating future Transport and "
     "Mobility Contracts Q2 2022 (LLCS and HEB) – Q1 2023 for Taxicard, Q2 2023 for Freedom "
     "Pass, London Tribunals TBC.", ["Q2 2022", "Q1 2023", "Q2 2023", "TBC"]),
    ("Drive up representation of London boroughs in the five new ICSs established across London "
     "July 2022 (and ongoing to April 2023) embed a strong partnership",
     ["July 2022 (and ongoing to April 2023)"]),
    ("Making the case to government on the Levelling Up and Regeneration Bill June 2022 and "
     "beyond – first reading of the bill took place on 11 May 2022, with the second reading due "
     "to take place on 8 June 2022.", ["June 2022 and beyond", "11 May 2022", "8 June 2022"]),
    ("Fair funding campaigning Summer/Autumn 2022. To influence local government funding reforms "
     "and 2023-24 finance settlement", ["Summer/Autumn 2022", "2023-24"]),
    ("Development of a senior workforce strategy that supports the London borough leadership of "
     "the future 2022-2023 – deliver a programme of workshops for new Leaders to support senior "
     "recruitment (Autumn 2022), establish a new senior leadership programme for future Chief "
     "Executives in London (Spring 2023), Deliver Cohort 6 of the LLP (March 2023) and "
     "procurement of cohorts 7 and 8 (December 2022).",
     ["2022-2023", "Autumn 2022", "Spring 2023", "March 2023", "December 2022"]),
    ("Embed race equality across the organisation by delivering the Corporate Race Equality "
     "Strategy 2022-25 – includes a range of measures", ["2022-25"]),
    ("- Sep Oct 2022/23 Party Conferences", ["Sep Oct 2022/23"]),
    ("- Oct 2022/Oct 2023 Autumn Budget", ["Oct 2022/Oct 2023"]),
    ("- Nov 2022/Nov 2023 UNFCCC COP 27/28", ["Nov 2022/Nov 2023"]),
    ("- March/April 2023 Levelling up and Regeneration Bill, Schools Bill", ["March/April 2023"]),
    ("Milestones for the next eighteen months (until the end of 2023)",
     ["until the end of 2023"]),
    ("The health and economic crisis in 2020 and 2021 motivated our leaders",
     ["2020 and 2021"]),
    ("Those missions have goals out to 2030 and we remain committed to them", ["to 2030"]),
    ("Scope out and agree proposals for the April 2021 to March 2025 Grants Programme",
     ["April 2021 to March 2025"]),
    ("Represent boroughs' interests with trade unions and employers in any pay negotiations for "
     "April 2020 onwards;", ["April 2020 onwards"]),
    ("devolved powers starting in 2019; supporting in work progression", ["starting in 2019"]),
    ("In 2016 London Councils commissioned research", ["2016"]),
    ("Executive had an Awayday session at the end of November 2016 to",
     ["end of November 2016"]),
    ("both in the summer of 2015 and in its consideration", ["summer of 2015"]),
    ("Plan for 2017/18 onwards", ["2017/18 onwards"]),
    ("support the development of the Police and Crime Plan for 2021-25, working through",
     ["2021-25"]),
    ("Manage the 2017-2021 Grants Programme", ["2017-2021"]),
    ("The Chair wrote to the Executive on 20 December proposing that the 2020/21 Business "
     "Planning process", ["2020/21"]),
    ("for comment by Leaders' Committee on 24th March", []),
    ("submission to government ahead of Spending Review 2020", []),
    ("in line with our obligations under the Equalities Act 2010", []),
    ("the Mayor's 2020 Vision and other initiatives", []),
    ("investment in the 2020s", []),
    ("Telephone: 020 7934 9524", []),
    ("increased by 2000 by 2025", ["by 2025"]),
    ("build 2000 homes in 2000 sites", []),
    ("reduce by 1950 households", []),
    ("the committee sat 8 June 2022 to agree", ["8 June 2022"]),
    ("Dates: 2022-06-08 and 08/06/2022", ["2022-06-08"]),
    ("the number rose from 2000 to 2500 last year", []),
    ("up to 2000 places by 2024", ["by 2024"]),
    ("deliver the strategy by 2022-25", ["2022-25"]),
    ("deliver by 2023 - 2,500 homes in all", ["by 2023"]),
    ("", []),
]


@pytest.mark.parametrize("sentence,expected", FIND_CASES, ids=[c[0][:40] for c in FIND_CASES])
def test_find_periods_in_real_sentences(sentence, expected):
    found = find_periods(sentence)
    assert [sentence[a:b] for a, b, _ in found] == expected
    for a, b, period in found:
        assert period.text == sentence[a:b]


def test_find_period_returns_the_first_with_its_reading():
    sentence = ("Pilot to evaluate approaches to Local Welfare Assistance in seven boroughs "
                "September 2022 – development of a pan-London approach")
    start, end, period = find_period(sentence)
    assert sentence[start:end] == "September 2022"
    assert (period.start, period.end, period.precision) == (
        date(2022, 9, 1), date(2022, 9, 30), P.MONTH)
    assert find_period("Supporting 55,000 disadvantaged Londoners towards a job") is None
    start, end, period = find_period(
        "Deliver at least 2500 charging points for electric vehicles by 2022")
    assert (period.start, period.end, period.precision) == (None, date(2022, 12, 31), P.YEAR)


def test_find_uses_the_convention():
    _, _, period = find_period("Contracts Q2 2022 (LLCS and HEB)", FIN)
    assert (period.start, period.end) == (date(2022, 7, 1), date(2022, 9, 30))


def test_find_keeps_the_parts_of_separate_occurrences():
    _, _, period = find_period("- Oct 2022/Oct 2023 Autumn Budget")
    assert [p.text for p in period.parts] == ["Oct 2022", "Oct 2023"]


def _seed_lines():
    lines = [(path.name, n, line) for path in sorted(SOURCES.glob("*.txt"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    assert lines, f"the seed papers are missing from {SOURCES}"
    return lines


def test_every_phrase_found_in_the_seed_papers_reads_the_same_on_its_own():
    """What the importer finds in a sentence must be what the date field would store."""
    found = 0
    for name, n, line in _seed_lines():
        for a, b, period in find_periods(line):
            found += 1
            alone = parse_period(line[a:b])
            assert (alone.start, alone.end, alone.precision) == (
                period.start, period.end, period.precision), (name, n, line[a:b])
            # No stray numbers: a bare year is found only after a cue word.
            if line[a:b].isdigit():
                words_before = re.findall(r"[^\W\d_]+", line[:a])
                assert words_before and words_before[-1].lower() in {
                    "in", "during", "throughout", "within"}, (name, n, line[a:b])
    assert found > 90


def test_the_2022_milestones_are_all_found():
    text = (SOURCES / "lc-shared-ambitions-2022-23.txt").read_text(encoding="utf-8")
    phrases = [text[a:b] for a, b, _ in find_periods(text)]
    for expected in ["27th July 2022", "until the end of 2023", "by Jan 2023",
                     "from September 2022", "Autumn 2022", "Q2 2022", "TBC",
                     "July 2022 (and ongoing to April 2023)", "by 2023", "June 2022 and beyond",
                     "Summer/Autumn 2022", "2022-2023",
                     "Spring 2023", "2022-25", "Sep Oct 2022/23", "Oct 2022/Oct 2023",
                     "Nov 2022/Nov 2023", "March/April 2023", "Mar 2023"]:
        assert expected in phrases


# --------------------------------------------------------------------------- properties

MONTH_NAMES = [(calendar.month_name[m], m) for m in range(1, 13)] + [
    (calendar.month_abbr[m], m) for m in range(1, 13)] + [("Sept", 9)]
years = st.integers(MIN_YEAR, MAX_YEAR)
conventions = st.builds(PeriodConvention, quarters=st.sampled_from(["calendar", "financial"]),
                        fy_start_month=st.integers(1, 12))


@FAST
@given(st.sampled_from(MONTH_NAMES), years, st.sampled_from([str.lower, str.upper, str.title]))
def test_any_month_and_year_is_that_whole_month(month, year, case):
    name, m = month
    period = parse_period(f"{case(name)} {year}")
    assert period.precision is P.MONTH
    assert period.start == date(year, m, 1)
    assert period.end == date(year, m, calendar.monthrange(year, m)[1])


def _phrases():
    """Phrases of every supported shape, with their parts drawn freely."""
    month = st.sampled_from([n for n, _ in MONTH_NAMES])
    season = st.sampled_from(["Spring", "Summer", "Autumn", "Winter", "spring", "autumn"])
    day = st.integers(1, 31)
    y = years
    fy = y.map(lambda v: f"{v}/{(v + 1) % 100:02d}")
    unit = st.one_of(
        st.builds("{} {}".format, month, y),
        st.builds("{} {} {}".format, day, month, y),
        st.builds("{} {}".format, season, y),
        st.builds("Q{} {}".format, st.integers(1, 4), y),
        st.builds("Q{} {}".format, st.integers(1, 4), fy),
        st.builds("H{} {}".format, st.integers(1, 2), y),
        st.builds("{} {}".format, st.sampled_from(["early", "mid", "late", "mid-"]), y),
        fy, y.map(str), st.builds("{}-{}".format, y, y),
        st.builds("{}/{} {}".format, month, month, y),
        st.builds("{}/{} {}".format, season, season, y),
    )
    cue = st.sampled_from(["", "by ", "by the end of ", "until ", "from ", "to the end of ",
                           "before ", "after ", "in "])
    suffix = st.sampled_from(["", " onwards", " and beyond", " at the latest", "."])
    sep = st.sampled_from([" to ", " - ", " – ", "—", "/", " and ", " (and ongoing to "])
    return st.one_of(
        st.builds("{}{}{}".format, cue, unit, suffix),
        st.builds("{}{}{}".format, unit, sep, unit),
        st.builds("between {} and {}".format, unit, unit),
    )


@FAST
@given(_phrases(), conventions)
def test_generated_phrases_never_end_before_they_start(text, convention):
    period = parse_period(text, convention)
    assert period.text == text
    if period.start is not None and period.end is not None:
        assert period.start <= period.end
    for part in period.parts:
        assert part.start <= part.end
    if period.precision in (P.UNKNOWN, P.TBC):
        assert not period.has_dates
    period.label()


@FAST
@given(st.text())
def test_never_raises_and_keeps_the_words(text):
    period = parse_period(text)
    assert period.text == text
    assert isinstance(period.precision, Precision)
    period.label()
    last = 0
    for a, b, found in find_periods(text):
        assert last <= a < b <= len(text)
        assert found.text == text[a:b]
        last = b


@FAST
@given(st.lists(st.sampled_from(
    ["by", "Q2", "2022", "/", "23", "-", "July", "Autumn", "and", "to", "the", "end", "of",
     "(", ")", "ongoing", "from", "11", "May", ",", "TBC", "beyond", "2019/20", "early", "H1"]),
    max_size=12).map(" ".join), conventions)
def test_never_raises_on_date_like_noise(text, convention):
    period = parse_period(text, convention)
    assert period.text == text
    period.label()
    for a, b, found in find_periods(text, convention):
        assert found.text == text[a:b]
        if found.start and found.end:
            assert found.start <= found.end


@FAST
@given(st.integers(MIN_YEAR, MAX_YEAR))
def test_financial_year_runs_1_april_to_31_march(y):
    for text in (f"{y}/{(y + 1) % 100:02d}", f"{y}/{y + 1}", f"FY {y}/{(y + 1) % 100:02d}"):
        period = parse_period(text)
        assert (period.start, period.end, period.precision) == (
            date(y, 4, 1), date(y + 1, 3, 31), P.FINANCIAL_YEAR), text


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + 1


@FAST
@given(st.integers(1, 4), years, st.integers(1, 12))
def test_quarters_lie_in_their_year_and_span_three_months(n, y, fy_start):
    cal = parse_period(f"Q{n} {y}", PeriodConvention("calendar", fy_start))
    assert cal.precision is P.QUARTER
    assert date(y, 1, 1) <= cal.start and cal.end <= date(y, 12, 31)
    assert cal.start.day == 1 and _months_between(cal.start, cal.end) == 3
    fin = parse_period(f"Q{n} {y}", PeriodConvention("financial", fy_start))
    fy_first = date(y, fy_start, 1)
    fy_last = parse_period(f"{y}/{(y + 1) % 100:02d}", PeriodConvention("financial", fy_start)).end
    assert fin.precision is P.QUARTER
    assert fy_first <= fin.start and fin.end <= fy_last
    assert fin.start.day == 1 and _months_between(fin.start, fin.end) == 3
    assert fin.end == date(fin.end.year, fin.end.month,
                           calendar.monthrange(fin.end.year, fin.end.month)[1])
    named = parse_period(f"Q{n} {y}/{(y + 1) % 100:02d}", PeriodConvention("calendar", fy_start))
    assert (named.start, named.end) == (fin.start, fin.end)


@FAST
@given(st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates()),
       st.sampled_from(list(Precision)), st.text(max_size=20))
def test_label_never_raises(a, b, precision, text):
    if a is not None and b is not None and a > b:
        a, b = b, a
    label = TargetPeriod(text, a, b, precision).label()
    assert isinstance(label, str) and label
