"""Reading what people type into the search box: never a syntax error, never unescaped HTML."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicplan.search.query import MARK_END, MARK_START, fts5_match, marked_html, parse_query


@pytest.mark.parametrize(
    "typed,groups,excluded",
    [
        ("housing delivery", [["housing"], ["delivery"]], []),
        ("London's needs", [["London's"], ["needs"]], []),
        ("London’s needs", [["London’s"], ["needs"]], []),
        ("cost-of-living", [["cost-of-living"]], []),
        ('"fair funding" review', [["fair funding"], ["review"]], []),
        ('"unclosed phrase', [["unclosed phrase"]], []),
        ("taxicard OR freedom", [["taxicard", "freedom"]], []),
        ("funding -fair", [["funding"]], ["fair"]),
        ('funding -"fair share"', [["funding"]], ["fair share"]),
        ("NEAR(a b)", [["NEAR a"], ["b"]], []),
        ("title:housing", [["title housing"]], []),
        ("2.1", [["2.1"]], []),
        ("((", [], []),
        ("* ^ : - \" '", [], []),
        ("OR", [], []),
        ("housing AND transport", [["housing"], ["transport"]], []),
        ("housing and transport", [["housing"], ["transport"]], []),
        ("", [], []),
    ],
)
def test_parse_query_reads_phrases_or_and_minus(typed, groups, excluded):
    parsed = parse_query(typed)
    assert parsed.groups == groups
    assert parsed.excluded == excluded


def test_a_very_long_query_is_cut_to_a_few_terms():
    parsed = parse_query("housing " * 1000)
    assert 0 < len(parsed.terms) <= 12


def test_marked_html_escapes_everything_but_the_marks():
    text = f'<script>alert("x")</script> {MARK_START}housing{MARK_END} & <b>'
    html = str(marked_html(text))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>housing</mark>" in html


def test_marked_html_never_leaves_a_mark_open():
    assert str(marked_html(f"a {MARK_START}b")) == "a <mark>b</mark>"
    assert str(marked_html(f"a {MARK_END}b {MARK_START}{MARK_START}c")) == "a b <mark>c</mark>"


@pytest.fixture(scope="module")
def fts5():
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = 'porter unicode61')"
    )
    connection.execute("INSERT INTO t VALUES ('Accelerating housing delivery to meet London’s needs', 'cost-of-living')")
    return connection


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_typed_text_makes_a_valid_fts5_query(fts5, typed):
    parsed = parse_query(typed)
    if parsed.is_empty:
        return
    fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_match(parsed),)).fetchall()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(['"', "-", "OR", "AND", "NOT", "NEAR", "(", ")", "*", "^", ":", "'", "’", "housing", "London's", "+", "{", "}"]), max_size=12))
def test_fts5_syntax_characters_in_any_order_are_safe(fts5, pieces):
    parsed = parse_query(" ".join(pieces))
    if not parsed.is_empty:
        fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_match(parsed),)).fetchall()


def test_apostrophes_and_hyphens_match_the_words_as_printed(fts5):
    for typed in ("London's needs", "London’s needs", "cost-of-living", "accelerate housing"):
        rows = fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_match(parse_query(typed)),)).fetchall()
        assert rows == [(1,)], typed
