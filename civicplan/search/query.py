"""Turning what a person typed into a search both databases can run safely.

People type apostrophes (London's, London’s), hyphens (cost-of-living), quotes, stray
brackets and words like NEAR or AND. Passed straight to FTS5 those are syntax, and a syntax
error is a failed page. So the words are read here into a small structure (quoted phrases,
OR between terms, a leading minus to leave a term out) and each backend writes its own query
from it, quoting every term. Nothing the user types reaches the database as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# A word: letters or digits, optionally joined by an apostrophe, full stop or hyphen
# ("London's", "2.1", "cost-of-living"). Anything else separates words.
WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
# A chunk of input: a quoted phrase (a missing closing quote runs to the end), or a run
# of non-space characters. A leading minus leaves the chunk out.
CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')

# Marks the databases put around matched words; escaped text never contains them (they are
# private-use characters), so they are swapped for <mark> after everything else is escaped.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass
class ParsedQuery:
    """All `groups` must match (each group: any one of its terms); no `excluded` term may."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]


def parse_query(raw: str) -> ParsedQuery:
    """Read a search box's words: "a phrase", OR between terms, -term to leave one out (AND is
    what words do already, so it is read as nothing)."""
    parsed = ParsedQuery()
    or_pending = False
    count = 0
    for match in CHUNK.finditer((raw or "")[: MAX_QUERY_LENGTH * 2]):
        minus, quoted, bare = match.groups()
        if bare is not None:
            if bare.upper() == "OR":
                or_pending = bool(parsed.groups)
                continue
            if bare.upper() == "AND":  # every word must match anyway; as a word, one database ignores it
                continue
            if bare.startswith("-") and len(bare) > 1:
                minus, bare = "-", bare.lstrip("-")
            words = WORD.findall(bare)
        else:
            words = WORD.findall(quoted)
        if not words:
            continue
        term = " ".join(words)
        count += 1
        if count > MAX_TERMS:
            break
        if minus:
            parsed.excluded.append(term)
            or_pending = False
        elif or_pending and parsed.groups:
            parsed.groups[-1].append(term)
            or_pending = False
        else:
            parsed.groups.append([term])
    return parsed


def fts5_match(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression: every term a quoted string, operators written by us."""

    def quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def group_sql(group: list[str]) -> str:
        return quote(group[0]) if len(group) == 1 else "(" + " OR ".join(map(quote, group)) + ")"

    positive = " AND ".join(group_sql(group) for group in parsed.groups)
    if not parsed.excluded:
        return positive
    return f"({positive}) NOT ({' OR '.join(map(quote, parsed.excluded))})"


def marked_html(text: str) -> SafeString:
    """Escape text from the database and turn the match marks into <mark> elements.

    Unbalanced marks (a mark character typed into an element's own text) never leave an
    element open.
    """
    out: list[str] = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif piece:
            out.append(escape(piece))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))
