"""Target dates as people write them in plans, read into periods.

Plans give a milestone's target date as a phrase ("by Jan 2023", "Autumn 2022",
"Q2 2022", "2019/20", "June 2022 and beyond"), not as a date.  This module turns
such a phrase into a `TargetPeriod`: the words exactly as written, an inclusive
start and end date (either may be open), the precision of what was said, and a
note in plain words wherever the phrase could be read more than one way.

Rules the product depends on:

* Never guess.  A phrase that cannot be read without inventing something (no
  year, a two-digit year, "soon", "next 18 months") comes back with precision
  UNKNOWN and no dates, its words kept for a person to fix.  That is why this
  module uses only the standard library: dateutil's fuzzy parser fills a
  missing year from today's date and picks a day for a bare month, which is
  exactly the guessing the product must not do.
* Keep the words.  `TargetPeriod.text` is never altered, so what was adopted
  can always be shown as it was written.
* UK public-sector conventions: the financial year starts on 1 April
  ("2019/20" = 1 Apr 2019 - 31 Mar 2020, start month configurable per
  organisation), seasons are meteorological (Winter 2022 = Dec 2022 - Feb
  2023), and whether "Q2" means a calendar or a financial quarter is a setting
  of the organisation (`PeriodConvention`), with the other reading put in the note.
* Bare numbers are not dates.  Inside a sentence a four-digit number counts as
  a year only with a cue word ("by 2023", "in 2022", "until 2025") or in a
  year form ("2019/20", "2022-25"); "2500 charging points" and "55,000
  Londoners" are quantities.  Years are read only in 1900-2099.

Decisions for ambiguous phrases (each is pinned by a test):

* "2019/20", "2019/2020", "2019-20", "FY 2023/24": the financial year.
* "2022-2023", "2017-2021", "2022-25", "2012/14": calendar years, SPAN, with a
  note giving the financial-year reading.  (Only a consecutive short form
  "2019-20" or a slash "2019/2020" is a financial year.)
* "Q2 2022", "H1 2023", "first half of 2023": by the organisation's quarter
  convention, with a note giving the other reading.  "Q1 2023/24" names its
  financial year, so it is unambiguous.
* "early/mid/late 2023": Jan-Apr / May-Aug / Sep-Dec, SPAN, with a note that it
  is approximate.  "early March 2023": the whole month, with a note.
* "by X", "until X", "to (the end of) X": open start, ends at the end of X.
  "(the) end of X" on its own is read the same way, with a note.
  "from X", "X onwards", "X and beyond": open end.  "before X" ends the day
  before X starts; "after X" starts the day after X ends.
* "Oct 2022/Oct 2023", "March and June 2023": several separate occurrences:
  no overall dates (a range would invent the months between), precision
  UNKNOWN, each occurrence in `parts`, note "Two separate dates: ...".
* "Sep Oct 2022/23": UNKNOWN with a note, because it may be Sep-Oct in both
  2022 and 2023 or Sep-Oct within financial year 2022/23.
  "Winter 2022/23" is not ambiguous (Dec 2022 - Feb 2023).
* "Winter 2022": Dec 2022 - Feb 2023, with a note that some mean Jan-Feb 2022.
* "ongoing" alone: UNKNOWN, no dates.  "TBC"/"TBD"/"to be confirmed": TBC.
* Dates without a year ("24th March"), two-digit years ("Jan 23"), impossible
  dates ("31 June 2022"), weekdays that contradict the date, numeric dates
  other than ISO ("08/06/2022": day-first or month-first?) and backwards
  ranges: UNKNOWN, no dates.
* Quantities that look like years after a cue ("increased by 2000", "in 2000
  homes", "from 2000 to 2500") are not read as years.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

__all__ = [
    "DEFAULT_CONVENTION",
    "MAX_YEAR",
    "MIN_YEAR",
    "PeriodConvention",
    "Precision",
    "TargetPeriod",
    "find_period",
    "find_periods",
    "parse_period",
]

#: Years outside this range are read as quantities, never as years.
MIN_YEAR = 1900
MAX_YEAR = 2099


class Precision(str, enum.Enum):
    """How exactly the phrase names its period (the unit the writer used)."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    FINANCIAL_YEAR = "financial_year"
    SPAN = "span"
    TBC = "tbc"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PeriodConvention:
    """An organisation's settings for the phrases whose reading depends on who wrote them."""

    quarters: str = "calendar"  # "calendar" or "financial": what a bare "Q2 2022" means
    fy_start_month: int = 4  # the financial year starts on the 1st of this month

    def __post_init__(self) -> None:
        if self.quarters not in ("calendar", "financial"):
            raise ValueError(f"quarters must be 'calendar' or 'financial', not {self.quarters!r}")
        if not (isinstance(self.fy_start_month, int) and 1 <= self.fy_start_month <= 12):
            raise ValueError(f"fy_start_month must be 1..12, not {self.fy_start_month!r}")


#: Calendar quarters, financial year from 1 April: what a new organisation starts with.
DEFAULT_CONVENTION = PeriodConvention()


@dataclass(frozen=True)
class TargetPeriod:
    """A target date as written: the words, the normalised period, and how precise it is."""

    text: str
    start: date | None
    end: date | None
    precision: Precision
    note: str = ""
    parts: tuple[TargetPeriod, ...] = field(default=())

    def __post_init__(self) -> None:
        # A period that ends before it starts is a bug somewhere, not a reading.
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"period starts after it ends: {self.start} > {self.end}")

    @property
    def has_dates(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def is_open_start(self) -> bool:
        return self.start is None and self.end is not None

    @property
    def is_open_end(self) -> bool:
        return self.start is not None and self.end is None

    def label(self) -> str:
        """A short human rendering of the normalised period ("Sep–Nov 2022", "by 31 Jan 2023")."""
        if self.precision is Precision.TBC:
            return "TBC"
        if self.start is not None and self.end is not None:
            return _span_label(self.start, self.end, self.precision)
        if self.end is not None:
            return f"by {_day_label(self.end)}"
        if self.start is not None:
            return f"from {_day_label(self.start)}"
        if self.parts:
            return " / ".join(p.label() for p in self.parts)
        return "Unknown"


# --------------------------------------------------------------------------- dates

_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, m: int, count: int) -> tuple[date, date]:
    """The whole months from (y, m), `count` of them: first day to last day."""
    ey, em = _add_months(y, m, count - 1)
    return date(y, m, 1), _month_end(ey, em)


def _fy_name(y: int) -> str:
    return f"{y}/{(y + 1) % 100:02d}"


def _day_label(d: date) -> str:
    return f"{d.day} {_ABBR[d.month]} {d.year}"


def _span_label(s: date, e: date, precision: Precision | None = None) -> str:
    if precision is Precision.FINANCIAL_YEAR:
        # Days shown so that the 1 April boundary cannot be missed.
        return f"{_day_label(s)} – {_day_label(e)}"
    if s == e:
        return _day_label(s)
    if s.day == 1 and e == _month_end(e.year, e.month):
        if s.month == 1 and e.month == 12:
            return str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
        if s.year == e.year:
            if s.month == e.month:
                return f"{_ABBR[s.month]} {s.year}"
            return f"{_ABBR[s.month]}–{_ABBR[e.month]} {s.year}"
        return f"{_ABBR[s.month]} {s.year} – {_ABBR[e.month]} {e.year}"
    if s.year == e.year and s.month == e.month:
        return f"{s.day}–{e.day} {_ABBR[s.month]} {s.year}"
    return f"{_day_label(s)} – {_day_label(e)}"


# --------------------------------------------------------------------------- words

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_FULL_MONTHS = {calendar.month_name[m].lower() for m in range(1, 13)}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # meteorological
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_ORDINAL_WORDS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "final": 4, "last": 4,
}
# "early/mid/late YEAR": the first month of the third of the year meant.
_APPROX = {"early": (1, "early"), "mid": (5, "mid"), "late": (9, "late")}
#: The words a single named period can start with (_Parser.core's rules: a unit, a financial or
#: calendar year prefix, an approximation, "the"); at any other word or symbol none starts.
_CORE_WORDS = frozenset().union(_MONTHS, _SEASONS, _WEEKDAYS, _ORDINAL_WORDS, _APPROX, (
    "the", "q", "h", "quarter", "fy", "financial", "fiscal", "calendar", "cy"))


def _cues(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


# Open start, ending at the end of what follows.
_BY_CUES = _cues(
    "by the end of", "by end of", "by the end", "by end", "by end -", "by",
    "by no later than", "no later than", "not later than", "before the end of",
    "until the end of", "until end of", "until", "till the end of", "till", "til",
    "up until", "up to and including", "up to", "to the end of", "to end of", "to",
    "through to the end of", "through to", "the end of", "end of", "end -", "end",
)
# Cues whose deadline reading deserves a note: "end of 2023" might mean late 2023.
_STANDALONE_END = _cues("the end of", "end of", "end -", "end")
# Open end, starting at the start of what follows.
_FROM_CUES = _cues(
    "from the start of", "from the beginning of", "from", "starting from", "starting in",
    "starting", "commencing from", "commencing in", "commencing", "beginning in",
    "beginning from", "beginning", "since", "as of", "as from", "with effect from",
    "effective from",
)
_BEFORE_CUES = _cues("before", "prior to", "earlier than")
_AFTER_CUES = _cues("after the end of", "after", "later than")
# Words that only license a bare year ("in 2022"); they are not part of the phrase.
_TRANSPARENT = frozenset({"in", "during", "throughout", "within"})
# A date field may also start with these; they change nothing ("on 8 June 2022").
_LEADING = _TRANSPARENT | {"on", "at", "for"}

_OPEN_END_SUFFIXES = _cues(
    "onwards", "onward", "and beyond", "and onwards", "and after", "and ongoing",
    "or later", "- ongoing", "( ongoing )", "( and ongoing )", ", ongoing",
)
_BY_SUFFIXES = _cues("at the latest", "or earlier", "or sooner", "or before")
_RANGE_SEPS = _cues(
    "-", "to", "until", "till", "through", "thru", "to the end of", "until the end of",
    "through to", "through to the end of",
)
_ONGOING_TO = tuple(
    pre + (verb,) + to
    for pre in ((), ("and",), ("-",), ("-", "and"))
    for verb in ("ongoing", "continuing")
    for to in (("to",), ("until",), ("till",), ("through",), ("to", "the", "end", "of"),
               ("until", "the", "end", "of"))
)
_LIST_SEPS = _cues(", and", "/", ",", "and", "&")
_TBC_SHORT = frozenset({"tbc", "tbd", "tba"})
_TBC_LONG = _cues(
    "to be confirmed", "to be determined", "to be decided", "to be agreed",
    "to be arranged", "to be announced", "to be scheduled",
)

# A cue-licensed "year" is still a quantity when the words around it say so:
# "increased by 2000", "in 2000 homes", "by 2000 new places".
_QUANTITY_VERBS = frozenset(
    "increase increased increases increasing reduce reduced reduces reducing rise rose "
    "risen rising fall fell fallen falling grow grew grown growing cut cuts drop dropped "
    "drops decrease decreased decreases decreasing raise raised lower lowered up down "
    "more less fewer multiplied divided exceed exceeded exceeds boost boosted".split()
)
_QUANTITY_FOLLOWERS = frozenset(
    "new more additional extra further fewer less people staff per percent million "
    "billion thousand hundred".split()
)
_NOT_PLURAL = frozenset(
    "was has is as its this thus always across towards onwards afterwards upwards "
    "downwards unless whereas besides perhaps regardless nevertheless sometimes plus us "
    "his hers ours yours theirs does goes includes remains means sees marks".split()
)

_DASH_CHARS = "-‐‑‒–—―−"
_PUNCT_CHARS = frozenset(".,;:!?()[]{}\"'“”‘’*•·…/\\|_~`") | frozenset(_DASH_CHARS)

_UNIT_PRECISION = {"day": Precision.DAY, "month": Precision.MONTH, "season": Precision.SEASON,
                   "quarter": Precision.QUARTER, "half": Precision.HALF}
_COUNT_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight"}


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # word, num, ord, big, dash, slash, comma, lpar, rpar, amp, dot, sym
    text: str
    low: str
    start: int
    end: int
    val: int = 0


_TOKEN_RE = re.compile(
    r"(?P<big>[0-9]+(?:[.,][0-9]+)+)"  # 55,000 / 32.5 / 9.0: never a year
    r"|(?P<ord>[0-9]+(?:st|nd|rd|th)(?![^\W\d_]))"
    r"|(?P<num>[0-9]+)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<space>\s+)"
    r"|(?P<sym>.)",
    re.IGNORECASE | re.DOTALL,
)
_SYM_KINDS = {"/": "slash", ",": "comma", "(": "lpar", "[": "lpar", ")": "rpar", "]": "rpar",
              "&": "amp", ".": "dot"}
_SYM_LOW = {"[": "(", "]": ")"}


def _tokenise(text: str) -> list[_Tok]:
    """Split into words, numbers and symbols, keeping offsets into the original text."""
    toks = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s = m.group()
        if kind == "space":
            continue
        val = 0
        low = s.lower()
        if kind == "num":
            val = int(s)
        elif kind == "ord":
            val = int(s[:-2])
        elif kind == "sym":
            if s in _DASH_CHARS:
                kind, low = "dash", "-"
            else:
                kind = _SYM_KINDS.get(s, "sym")
                low = _SYM_LOW.get(s, s)
        toks.append(_Tok(kind, s, low, m.start(), m.end(), val))
    return toks


def _is_punct(tok: _Tok) -> bool:
    return all(c in _PUNCT_CHARS for c in tok.text)


# --------------------------------------------------------------------------- grammar


@dataclass(frozen=True)
class _R:
    """An internal reading of the tokens up to (not including) `end`."""

    end: int
    start: date | None
    stop: date | None
    precision: Precision
    notes: tuple[str, ...] = ()
    bare: bool = False  # a lone year: only a date with a cue word
    unreadable: bool = False  # recognisably a date phrase, but reading it would be a guess
    parts: tuple[tuple[int, _R], ...] = ()  # (first token index, reading) per occurrence
    joined: bool = False  # two periods joined into a range ("April 2021 to March 2025")

    @property
    def dated(self) -> bool:
        return (self.start is not None and self.stop is not None
                and not self.parts and not self.unreadable)


def _longest(cands: list[_R]) -> _R | None:
    best = None
    for c in cands:
        if best is None or c.end > best.end:
            best = c
    return best


class _Parser:
    """Recursive descent over tokens.  Every rule returns all its readings at a position."""

    def __init__(self, text: str, toks: list[_Tok], conv: PeriodConvention, find: bool):
        self.text = text
        self.toks = toks
        self.conv = conv
        self.find = find
        self._core_cache: dict[tuple[int, bool], list[_R]] = {}
        self._lows = [tok.low for tok in toks]

    # -- helpers
    def t(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def seq(self, i: int, words: tuple[str, ...]) -> int | None:
        # Called for every cue at every token: most fail at the first word, so that is looked at first.
        lows = self._lows
        end = i + len(words)
        if not words:
            return i
        if i < 0 or end > len(lows) or lows[i] != words[0]:
            return None
        for at in range(i + 1, end):
            if lows[at] != words[at - i]:
                return None
        return end

    def glued(self, a: int, b: int) -> bool:
        ta, tb = self.t(a), self.t(b)
        return ta is not None and tb is not None and ta.end == tb.start

    def src(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start:self.toks[j - 1].end]

    def year_at(self, i: int, left_glue_ok: bool = False) -> int | None:
        """A four-digit year token that is not part of a bigger number or word."""
        tok = self.t(i)
        if tok is None or tok.kind != "num" or len(tok.text) != 4:
            return None
        if not MIN_YEAR <= tok.val <= MAX_YEAR:
            return None
        prev = self.t(i - 1)
        if prev is not None and self.glued(i - 1, i):
            if prev.kind in ("word", "num", "ord", "big") and not left_glue_ok:
                return None
            if prev.text in "£$€#@+" or prev.kind == "dot":
                return None
            if prev.kind == "slash" and self.t(i - 2) and self.glued(i - 2, i - 1) \
                    and self.t(i - 2).kind == "num":
                return None  # 01/2019: a numeric date we do not read
        if not self.right_clear(i):
            return None
        return tok.val

    def right_clear(self, i: int) -> bool:
        """Nothing glued on the right that makes the number something else (2020s, 20%)."""
        nxt = self.t(i + 1)
        if nxt is not None and self.glued(i, i + 1):
            if nxt.kind in ("word", "num", "ord", "big") or nxt.text in "%£$€":
                return False
        return True

    def quantity_follows(self, j: int) -> bool:
        nxt = self.t(j)
        if nxt is None:
            return False
        if nxt.text == "%":
            return True
        if nxt.low in ("to", "-"):  # "from 2000 to 2500": the other end is no year either
            other = self.t(j + 1)
            kinds = ("num", "big") if nxt.low == "to" else ("num",)
            if other is not None and other.kind in kinds and self.year_at(j + 1) is None \
                    and not (nxt.low == "-" and len(other.text) == 2):
                return True
        if nxt.kind != "word" or not nxt.text[0].islower():
            return False
        return nxt.low in _QUANTITY_FOLLOWERS or (
            nxt.low.endswith("s") and len(nxt.low) > 3 and nxt.low not in _NOT_PLURAL)

    def month_at(self, i: int) -> tuple[int, int] | None:
        tok = self.t(i)
        if tok is None or tok.kind != "word" or tok.low not in _MONTHS:
            return None
        j = i + 1
        nxt = self.t(j)
        if (nxt is not None and nxt.kind == "dot" and self.glued(i, j)
                and tok.low not in _FULL_MONTHS):
            j += 1  # "Sept."
        return j, _MONTHS[tok.low]

    def small_num(self, i: int, lo: int, hi: int, digits: int = 2) -> int | None:
        tok = self.t(i)
        if tok is None or tok.kind not in ("num", "ord"):
            return None
        if tok.kind == "num" and len(tok.text) > digits:
            return None
        if lo <= tok.val <= hi and self.right_clear(i):
            return tok.val
        return None

    # -- years
    def fy_tail(self, i: int, y1: int, dash4_ok: bool) -> int | None:
        """After year y1 at token i: "/20", "/2020", "-20" (and "-2020" if dash4_ok)."""
        sep = self.t(i + 1)
        if sep is None or sep.kind not in ("slash", "dash"):
            return None
        tok = self.t(i + 2)
        if tok is None or tok.kind != "num" or not self.right_clear(i + 2):
            return None
        if len(tok.text) == 2:
            ok = tok.val == (y1 + 1) % 100
        elif len(tok.text) == 4:
            ok = tok.val == y1 + 1 and (sep.kind == "slash" or dash4_ok)
        elif len(tok.text) == 1:  # "2025/6", as local plan timetables print it
            ok = sep.kind == "slash" and tok.val == (y1 + 1) % 10
        else:
            ok = False
        return i + 3 if ok else None

    def fy_years(self, i: int) -> list[tuple[int, int]]:
        """Financial-year forms at i: (end index, starting year)."""
        out = []
        for prefix in (("fy",), ("financial", "year"), ("fiscal", "year"),
                       ("the", "financial", "year"), ()):
            j = self.seq(i, prefix)
            if j is None:
                continue
            y1 = self.year_at(j, left_glue_ok=bool(prefix))
            if y1 is not None:
                k = self.fy_tail(j, y1, dash4_ok=bool(prefix))
                if k is not None:
                    out.append((k, y1))
            elif prefix:
                tok = self.t(j)  # FY23/24
                if tok is not None and tok.kind == "num" and len(tok.text) == 2:
                    y1 = 2000 + tok.val
                    k = self.fy_tail(j, y1, dash4_ok=True)
                    if k is not None and MIN_YEAR <= y1 <= MAX_YEAR:
                        out.append((k, y1))
        more = []
        for k, y1 in out:
            for suffix in (("financial", "year"), ("fy",)):
                k2 = self.seq(k, suffix)
                if k2 is not None:
                    more.append((k2, y1))
        return out + more

    def yearspec(self, j: int) -> list[tuple[int, str, int, int]]:
        """The year that closes a month/season/quarter phrase: calendar or financial."""
        out = []
        starts = [j]
        tok = self.t(j)
        if tok is not None and (tok.low == "of" or tok.kind == "comma"):
            starts.append(j + 1)
        for s in starts:
            y = self.year_at(s)
            if y is not None:
                out.append((s + 1, "year", y, j))
            for k, y1 in self.fy_years(s):
                out.append((k, "fy", y1, j))
        return out

    def fy_dates(self, y: int) -> tuple[date, date]:
        return _months(y, self.conv.fy_start_month, 12)

    def part_of_year(self, unit: str, n: int, y: int, in_fy: bool) -> tuple[date, date, tuple]:
        """Quarter or half n of year y, by convention unless the financial year was named."""
        size = 3 if unit == "quarter" else 6
        code = ("Q" if unit == "quarter" else "H") + str(n)
        word = "quarter" if unit == "quarter" else "half-year"
        fs, fe = _months(*_add_months(y, self.conv.fy_start_month, size * (n - 1)), size)
        if in_fy:
            return fs, fe, ()
        cs, ce = _months(y, size * (n - 1) + 1, size)
        if (cs, ce) == (fs, fe):
            return cs, ce, ()
        if self.conv.quarters == "financial":
            note = (f"{code} {y} read as financial {word} {n} of {_fy_name(y)} "
                    f"({_span_label(fs, fe)}); as a calendar {word} it would be "
                    f"{_span_label(cs, ce)}.")
            return fs, fe, (note,)
        note = (f"{code} {y} read as calendar {word} ({_span_label(cs, ce)}); "
                f"as a financial {word} it would be {_span_label(fs, fe)}.")
        return cs, ce, (note,)

    def years_note(self, y1: int, y2: int) -> tuple[str, ...]:
        m0 = self.conv.fy_start_month
        if m0 == 1:
            return ()
        fs = date(y1, m0, 1)
        fe = self.fy_dates(y2 - 1)[1]
        return (f"Read as calendar years {y1} to {y2}; a financial-year reading would be "
                f"{_day_label(fs)} – {_day_label(fe)}.",)

    # -- month, season, quarter and day phrases sharing one year
    def partials(self, i: int) -> list[tuple[int, str, tuple]]:
        """A unit without its year: (end, kind, data)."""
        out = []
        starts = [i]
        if self.seq(i, ("the",)) is not None:
            starts.append(i + 1)
        for s in starts:
            w = s
            weekday = None
            tok = self.t(s)
            if tok is not None and tok.low in _WEEKDAYS:
                weekday = _WEEKDAYS[tok.low]
                w = s + 1
                if self.t(w) is not None and self.t(w).kind in ("comma", "dot"):
                    w += 1
            d = self.small_num(w, 1, 31)
            if d is not None:
                k = w + 1
                if self.seq(k, ("of",)) is not None:
                    k += 1
                mm = self.month_at(k)
                if mm is not None:
                    out.append((mm[0], "day", (d, mm[1], weekday)))
                if weekday is None:
                    out.append((w + 1, "bareday", (d,)))
            mm = self.month_at(w)
            if mm is not None:
                j, m = mm
                d = self.small_num(j, 1, 31)
                if d is not None:  # "May 11, 2022", "July 27th 2022"
                    k = j + 1
                    if self.t(k) is not None and self.t(k).kind == "comma":
                        k += 1
                    if self.year_at(k) is not None:
                        out.append((j + 1, "day", (d, m, weekday)))
                if weekday is None:
                    out.append((j, "month", (m,)))
            if weekday is not None:
                continue
            if tok is None:
                continue
            if tok.low in _SEASONS:
                out.append((s + 1, "season", (tok.low,)))
            for letter, unit, hi in (("q", "quarter", 4), ("h", "half", 2)):
                if tok.low == letter and self.glued(s, s + 1):
                    n = self.t(s + 1)
                    if n.kind == "num" and len(n.text) == 1 and 1 <= n.val <= hi \
                            and self.right_clear(s + 1):
                        out.append((s + 2, unit, (n.val,)))
            if tok.low == "quarter":
                n = self.small_num(s + 1, 1, 4, digits=1)
                if n is not None and self.t(s + 1).kind == "num":
                    out.append((s + 2, "quarter", (n,)))
            if tok.low in _ORDINAL_WORDS:
                nxt = self.t(s + 1)
                if nxt is not None and nxt.low == "quarter":
                    out.append((s + 2, "quarter", (_ORDINAL_WORDS[tok.low],)))
                if nxt is not None and nxt.low == "half" and _ORDINAL_WORDS[tok.low] <= 2 \
                        and tok.low not in ("final", "last"):
                    out.append((s + 2, "half", (_ORDINAL_WORDS[tok.low],)))
        return out

    def unit_seps(self, j: int) -> list[tuple[int, str]]:
        out = [(j, "space")]
        for words, cls in ((("-",), "span"), (("/",), "span"), (("to",), "span"),
                           (("until",), "span"), (("till",), "span"), (("through",), "span"),
                           (("thru",), "span"), ((",", "and"), "parts"), ((",",), "parts"),
                           (("and",), "parts"), (("&",), "parts")):
            k = self.seq(j, words)
            if k is not None:
                out.append((k, cls))
        return out

    def shared(self, i: int) -> list[_R]:
        """Units sharing one year: "July 2022", "Sep Oct 2022", "11-12 May 2022", "Q1 2023/24"."""
        results: list[_R] = []

        def walk(k: int, items: list, seps: list) -> None:
            for j, kind, data in self.partials(k):
                items2 = items + [(k, j, kind, data)]
                for yk, ykind, y, ys in self.yearspec(j):
                    r = self.resolve(items2, seps, ykind, y, yk, ys)
                    if r is not None:
                        results.append(r)
                if len(items2) < 6:
                    for sj, cls in self.unit_seps(j):
                        if sj < len(self.toks):
                            walk(sj, items2, seps + [cls])

        walk(i, [], [])
        return results

    def resolve(self, items: list, seps: list, ykind: str, y: int, end: int, ys: int) -> _R | None:
        kind = items[-1][2]
        if kind == "bareday":
            return None
        for _, _, k, _ in items[:-1]:
            if k != kind and not (k == "bareday" and kind == "day"):
                return None
        classes = set(seps)
        if len(classes) > 1:
            return None
        cls = classes.pop() if classes else "span"
        if cls == "space":
            if kind not in ("month", "season"):
                return None
            cls = "span"
        i0 = items[0][0]
        words = self.src(i0, end)

        if ykind == "fy":
            if kind in ("quarter", "half"):
                readings = [self.part_of_year(kind, d[0], y, in_fy=True) for _, _, _, d in items]
                precision = _UNIT_PRECISION[kind]
            elif kind == "season" and len(items) == 1 and items[0][3][0] == "winter":
                s, e = _months(y, 12, 3)
                return _R(end, s, e, Precision.SEASON)
            else:
                names = self.src(i0, ys)
                note = (f"'{words}' is ambiguous: {names} in each of {y} and {y + 1}, or "
                        f"{names} within financial year {_fy_name(y)}; no dates were guessed.")
                return _R(end, None, None, Precision.UNKNOWN, (note,), unreadable=True)
        else:
            readings = []
            last = items[-1][3]
            for _, _, k, d in items:
                if k == "bareday":
                    d = (d[0], last[1], None)
                    k = "day"
                if k == "day":
                    day, m, weekday = d
                    if day > calendar.monthrange(y, m)[1]:
                        note = (f"{day} {calendar.month_name[m]} {y} is not a real date; "
                                "no dates were guessed.")
                        return _R(end, None, None, Precision.UNKNOWN, (note,), unreadable=True)
                    dd = date(y, m, day)
                    if weekday is not None and dd.weekday() != weekday:
                        if self.find:
                            return None  # "the committee sat 8 June 2022": not a weekday
                        note = (f"{_day_label(dd)} was a {_DAY_NAMES[dd.weekday()]}, not a "
                                f"{_DAY_NAMES[weekday]}; no dates were guessed.")
                        return _R(end, None, None, Precision.UNKNOWN, (note,), unreadable=True)
                    readings.append((dd, dd, ()))
                elif k == "month":
                    readings.append((*_months(y, d[0], 1), ()))
                elif k == "season":
                    s, e = _months(y, _SEASONS[d[0]], 3)
                    notes = ()
                    if d[0] == "winter":
                        notes = (f"Winter {y} read as Dec {y} – Feb {y + 1} (meteorological winter "
                                 f"{_fy_name(y)}); some writers mean Jan–Feb {y}.",)
                    readings.append((s, e, notes))
                else:
                    readings.append(self.part_of_year(k, d[0], y, in_fy=False))
            precision = _UNIT_PRECISION[kind]

        notes = tuple(n for r in readings for n in r[2])
        if len(items) == 1:
            s, e, _ = readings[0]
            return _R(end, s, e, precision, notes)
        if cls == "span":
            for (_, e1, _), (s2, _, _) in pairwise(readings):
                if not e1 < s2:
                    note = f"'{words}' runs backwards or overlaps; no dates were guessed."
                    return _R(end, None, None, Precision.UNKNOWN, (note,), unreadable=True)
            return _R(end, readings[0][0], readings[-1][1], Precision.SPAN, notes)
        parts = []
        for n, ((k0, k1, _, _), (s, e, pn)) in enumerate(zip(items, readings, strict=True)):
            stop = end if n == len(items) - 1 else k1
            parts.append((k0, _R(stop, s, e, precision, pn)))
        return self.listing(parts, end)

    def listing(self, parts: list[tuple[int, _R]], end: int) -> _R:
        labels = [_span_label(p.start, p.stop, p.precision) for _, p in parts]
        count = _COUNT_WORDS.get(len(labels), str(len(labels)))
        said = ", ".join(labels[:-1]) + " and " + labels[-1]
        note = f"{count} separate dates: {said}."
        return _R(end, None, None, Precision.UNKNOWN, (note,), parts=tuple(parts))

    # -- other single units
    def fy_atoms(self, i: int) -> list[_R]:
        out = []
        for k, y in self.fy_years(i):
            s, e = self.fy_dates(y)
            out.append(_R(k, s, e, Precision.FINANCIAL_YEAR))
            for j, unit, data in self.partials(k):  # "2023/24 Q1"
                if unit in ("quarter", "half") and j - k == 2:
                    qs, qe, _ = self.part_of_year(unit, data[0], y, in_fy=True)
                    out.append(_R(j, qs, qe, _UNIT_PRECISION[unit]))
        return out

    def year_atoms(self, i: int) -> list[_R]:
        out = []
        start = i
        prefixed = False
        for prefix in (("calendar", "year"), ("cy",)):
            j = self.seq(i, prefix)
            if j is not None:
                start, prefixed = j, True
        y = self.year_at(start, left_glue_ok=prefixed)
        if y is None:
            return out
        j = start + 1
        sep, after = self.t(j), self.t(j + 1)
        in_bigger_form = (sep is not None and sep.kind in ("dash", "slash")
                          and after is not None and after.kind == "num")  # 2022-25, 2019/18
        if prefixed or not (self.quantity_follows(j) or in_bigger_form):
            out.append(_R(j, date(y, 1, 1), date(y, 12, 31), Precision.YEAR, bare=not prefixed))
        if prefixed:
            return out
        # ISO date 2022-06-08
        if (self.t(j) and self.t(j).kind == "dash" and self.glued(start, j)
                and self.glued(j, j + 1) and self.t(j + 1).kind == "num"
                and len(self.t(j + 1).text) == 2
                and self.t(j + 2) and self.t(j + 2).kind == "dash" and self.glued(j + 1, j + 2)
                and self.glued(j + 2, j + 3) and self.t(j + 3).kind == "num"
                and len(self.t(j + 3).text) == 2 and self.right_clear(j + 3)):
            m, d = self.t(j + 1).val, self.t(j + 3).val
            if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]:
                dd = date(y, m, d)
                out.append(_R(j + 4, dd, dd, Precision.DAY))
        # Year ranges "2022-25", "2017-2021", "2012/14" (financial years are fy_atoms)
        sep = self.t(j)
        tok = self.t(j + 1)
        if sep is not None and sep.kind in ("dash", "slash") and tok is not None \
                and tok.kind == "num" and self.right_clear(j + 1):
            y2 = None
            if len(tok.text) == 4 and MIN_YEAR <= tok.val <= MAX_YEAR:
                y2 = tok.val
            elif len(tok.text) == 2:
                y2 = y - y % 100 + tok.val
            if y2 is not None and y2 > y:
                is_fy = y2 == y + 1 and (sep.kind == "slash" or len(tok.text) == 2)
                if not is_fy:
                    out.append(_R(j + 2, date(y, 1, 1), date(y2, 12, 31), Precision.SPAN,
                                  self.years_note(y, y2), joined=True))
        # "2022 Q2", "2023 H1"
        for k, unit, data in self.partials(j):
            if unit in ("quarter", "half") and k - j == 2:
                s, e, notes = self.part_of_year(unit, data[0], y, in_fy=False)
                out.append(_R(k, s, e, _UNIT_PRECISION[unit], notes))
        return out

    def approx(self, i: int) -> list[_R]:
        """"early 2023", "mid-2023", "late 2022"; "early March 2023"."""
        tok = self.t(i)
        start = i
        if tok is not None and tok.low == "the":
            start = i + 1
            tok = self.t(start)
        if tok is None or tok.low not in _APPROX:
            return []
        m0, word = _APPROX[tok.low]
        j = start + 1
        if self.t(j) is not None and self.t(j).kind == "dash":
            j += 1
        out = []
        y = self.year_at(j)
        if y is not None and not self.quantity_follows(j + 1):
            s, e = _months(y, m0, 4)
            out.append(_R(j + 1, s, e, Precision.SPAN,
                          (f"Approximate: '{word} {y}' read as {_span_label(s, e)}.",)))
        for r in self.shared(j) + self.fy_atoms(j):
            if r.dated:
                note = (f"Approximate: '{word}' read as the whole of "
                        f"{_span_label(r.start, r.stop, r.precision)}.")
                out.append(replace(r, notes=r.notes + (note,)))
        return out

    def core(self, i: int, licensed: bool) -> list[_R]:
        """A single named period with its year."""
        key = (i, licensed)
        if key not in self._core_cache:
            tok = self.t(i)
            if tok is None or (tok.kind not in ("num", "ord") and tok.low not in _CORE_WORDS):
                self._core_cache[key] = []  # asked at every token: most start no period
                return []
            out = self.shared(i) + self.fy_atoms(i) + self.year_atoms(i) + self.approx(i)
            if not licensed:
                out = [r for r in out if not r.bare]
            self._core_cache[key] = out
        return self._core_cache[key]

    def range_seps(self, j: int) -> list[tuple[int, bool]]:
        out = []
        for words in _RANGE_SEPS + _ONGOING_TO:
            k = self.seq(j, words)
            if k is not None:
                out.append((k, False))
        if self.t(j) is not None and self.t(j).kind == "lpar":
            for words in _ONGOING_TO:
                k = self.seq(j + 1, words)
                if k is not None:
                    out.append((k, True))
        return out

    def span_core(self, i: int, licensed: bool) -> list[_R]:
        """A period or a range of two: "April 2021 to March 2025"."""
        out = []
        for a in self.core(i, licensed):
            out.append(a)
            if not a.dated:
                continue
            for k, need_rpar in self.range_seps(a.end):
                for b in self.core(k, licensed or not a.bare):
                    if not b.dated:
                        continue
                    j = b.end
                    if need_rpar:
                        if self.t(j) is None or self.t(j).kind != "rpar":
                            continue
                        j += 1
                    out.append(self.make_range(a, b, i, j))
        return out

    def make_range(self, a: _R, b: _R, i: int, j: int) -> _R:
        if a.start <= b.start and a.stop <= b.stop:
            notes = a.notes + b.notes
            if a.bare and b.bare:
                notes += self.years_note(a.start.year, b.stop.year)
            return _R(j, a.start, b.stop, Precision.SPAN, notes, joined=True)
        note = f"'{self.src(i, j)}' runs backwards; no dates were guessed."
        return _R(j, None, None, Precision.UNKNOWN, (note,), unreadable=True)

    def lists(self, i: int, licensed: bool) -> list[_R]:
        """Separate occurrences, each with its own year: "Oct 2022/Oct 2023"."""
        out = []

        def item(k: int, lic: bool) -> _R | None:
            return _longest([r for r in self.core(k, lic) if r.dated])

        first = item(i, licensed)
        if first is None:
            return out
        parts = [(i, first)]
        while True:
            j = parts[-1][1].end
            nxt = None
            all_bare = all(p.bare for _, p in parts)
            for words in _LIST_SEPS:
                k = self.seq(j, words)
                if k is None:
                    continue
                r = item(k, licensed and all_bare)
                if r is not None and (r.bare == all_bare):
                    nxt = (k, r)
                    break
            if nxt is None:
                return out
            parts.append(nxt)
            out = [self.listing(list(parts), nxt[1].end)]  # only the longest list matters

    def tbc(self, i: int) -> list[_R]:
        out = []
        starts = [i]
        for prefix in (("date",), ("dates",)):
            j = self.seq(i, prefix)
            if j is not None and not self.find:
                starts.append(j)
        for s in starts:
            tok = self.t(s)
            if tok is not None and tok.kind == "word" and tok.low in _TBC_SHORT:
                out.append(_R(s + 1, None, None, Precision.TBC))
            if not self.find:
                for words in _TBC_LONG:
                    j = self.seq(s, words)
                    if j is not None:
                        out.append(_R(j, None, None, Precision.TBC))
        return out

    def phrase(self, i: int, licensed: bool) -> list[_R]:
        """Every reading of a date phrase starting at token i."""
        out = self.tbc(i)
        prev = self.t(i - 1)
        after_quantity_verb = prev is not None and prev.low in _QUANTITY_VERBS
        low = self._lows[i] if 0 <= i < len(self._lows) else None
        for cue in _BY_CUES:
            j = self.seq(i, cue) if cue[0] == low else None
            if j is None:
                continue
            for x in self.span_core(j, True):
                if not x.dated or x.joined or (x.bare and cue == ("by",) and after_quantity_verb):
                    continue
                notes = x.notes
                if cue in _STANDALONE_END:
                    notes += (f"'{' '.join(cue).replace(' -', '')}' read as a deadline: "
                              f"by {_day_label(x.stop)}.",)
                r = _R(x.end, None, x.stop, x.precision, notes)
                out.append(r)
                out.extend(replace(r, end=k) for k in self.suffixes(x.end, _BY_SUFFIXES))
        for cue in _FROM_CUES:
            j = self.seq(i, cue) if cue[0] == low else None
            if j is None:
                continue
            for x in self.span_core(j, True):
                if not x.dated:
                    continue
                if x.joined:
                    out.append(x)  # "from April 2021 to March 2025"
                    continue
                r = _R(x.end, x.start, None, x.precision, x.notes)
                out.append(r)
                out.extend(replace(r, end=k) for k in self.suffixes(x.end, _OPEN_END_SUFFIXES))
        for cue in _BEFORE_CUES:
            j = self.seq(i, cue) if cue[0] == low else None
            if j is not None:
                for x in self.span_core(j, True):
                    if x.dated and not x.joined and x.start > date(MIN_YEAR, 1, 1):
                        stop = x.start - timedelta(days=1)
                        out.append(_R(x.end, None, stop, x.precision, x.notes))
        for cue in _AFTER_CUES:
            j = self.seq(i, cue) if cue[0] == low else None
            if j is not None:
                for x in self.span_core(j, True):
                    if x.dated and not x.joined and x.stop < date(MAX_YEAR + 5, 1, 1):
                        begin = x.stop + timedelta(days=1)
                        out.append(_R(x.end, begin, None, x.precision, x.notes))
        j = self.seq(i, ("between",))
        if j is not None:
            for a in self.core(j, True):
                k = self.seq(a.end, ("and",)) if a.dated else None
                if k is not None:
                    for b in self.core(k, True):
                        if b.dated:
                            out.append(self.make_range(a, b, i, b.end))
        for x in self.span_core(i, licensed):
            out.append(x)
            if x.dated:
                for k in self.suffixes(x.end, _OPEN_END_SUFFIXES):
                    out.append(_R(k, x.start, None, x.precision, x.notes))
                for k in self.suffixes(x.end, _BY_SUFFIXES):
                    out.append(_R(k, None, x.stop, x.precision, x.notes))
        out.extend(self.lists(i, licensed))
        return out

    def suffixes(self, j: int, table: tuple[tuple[str, ...], ...]) -> list[int]:
        return [k for k in (self.seq(j, w) for w in table) if k is not None]


# --------------------------------------------------------------------------- API


def _to_period(p: _Parser, r: _R, text: str) -> TargetPeriod:
    parts = tuple(_to_period(p, pr, p.src(pi, pr.end)) for pi, pr in r.parts)
    note = " ".join(dict.fromkeys(n for n in r.notes if n))
    return TargetPeriod(text, r.start, r.stop, r.precision, note, parts)


def parse_period(text: str, convention: PeriodConvention = DEFAULT_CONVENTION) -> TargetPeriod:
    """Read a whole target-date field.  Unreadable text gives UNKNOWN, never a guess."""
    toks = _tokenise(text)
    p = _Parser(text, toks, convention, find=False)
    content = [n for n, tok in enumerate(toks) if not _is_punct(tok)]
    if not content:
        return TargetPeriod(text, None, None, Precision.UNKNOWN)
    first, last = content[0], content[-1] + 1
    starts = [first]
    if toks[first].low in _LEADING:  # "in 2022", "during Autumn 2022", "on 8 June 2022"
        starts.append(first + 1)
    for s in starts:
        cands = [c for c in p.phrase(s, licensed=True) if c.end >= last]
        best = _longest(cands)
        if best is not None:
            return _to_period(p, best, text)
    return TargetPeriod(text, None, None, Precision.UNKNOWN, _why_unread(toks[first:last]))


ONGOING_NOTE = "Ongoing, with no dates given."


def _why_unread(toks: list[_Tok]) -> str:
    words = [t.low for t in toks if t.kind == "word"]
    if words and set(words) <= {"ongoing", "continuing", "continuous"}:
        return ONGOING_NOTE
    has_unit = any(w in _MONTHS or w in _SEASONS for w in words)
    has_year = any(t.kind == "num" and len(t.text) == 4 for t in toks)
    if has_unit and not has_year:
        return "No year given, so no dates were guessed."
    return ""


def _iter_periods(
    text: str, convention: PeriodConvention
) -> Iterator[tuple[int, int, TargetPeriod]]:
    toks = _tokenise(text)
    p = _Parser(text, toks, convention, find=True)
    i = 0
    while i < len(toks):
        prev = p.t(i - 1)
        licensed = prev is not None and prev.kind == "word" and prev.low in _TRANSPARENT
        best = _longest(p.phrase(i, licensed))
        if best is None:
            i += 1
            continue
        if toks[i].low == "the":  # "the April 2021 to March 2025 Grants Programme": not ours
            shorter = _longest(p.phrase(i + 1, licensed))
            if shorter is not None and shorter.end == best.end:
                i, best = i + 1, shorter
        start, end = toks[i].start, toks[best.end - 1].end
        yield start, end, _to_period(p, best, text[start:end])
        i = best.end


def find_period(
    text: str, convention: PeriodConvention = DEFAULT_CONVENTION
) -> tuple[int, int, TargetPeriod] | None:
    """The first date phrase in a sentence: (start index, end index, period), or None.

    For the document importer, which must find "September 2022" in a milestone's
    sentence without taking "55,000 Londoners" or "COP 27" for a date.
    A phrase that is recognisably a date but cannot be read without guessing
    ("Sep Oct 2022/23", "31 June 2022") is returned with precision UNKNOWN.
    """
    return next(_iter_periods(text, convention), None)


def find_periods(
    text: str, convention: PeriodConvention = DEFAULT_CONVENTION
) -> list[tuple[int, int, TargetPeriod]]:
    """All non-overlapping date phrases in a sentence, left to right."""
    return list(_iter_periods(text, convention))


def period_words_problem(words: str, convention: PeriodConvention = DEFAULT_CONVENTION) -> tuple[TargetPeriod, str]:
    """Read target-date words typed into a form: the period, and the one message every form,
    the importer's review and change requests give when the words cannot be read ("" if they can).

    Words that read as no dates at all are refused rather than kept with nothing, so a typing
    slip is caught where it is made; "TBC" and "Ongoing" are answers, and are kept.
    """
    period = parse_period(words, convention)
    if period.precision is Precision.UNKNOWN and not period.has_dates and period.note != ONGOING_NOTE:
        why = f" ({period.note[:1].lower()}{period.note[1:].rstrip('.')})" if period.note else ""
        return period, (
            f"“{words[:60]}” cannot be read as a target date{why}. Write it as people do, "
            "for example March 2023, Autumn 2022, Q2 2023, by Jan 2023 or TBC."
        )
    return period, ""
