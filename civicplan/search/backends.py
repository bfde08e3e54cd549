"""The two full-text engines behind `search_elements`: SQLite FTS5 and PostgreSQL.

Both take the same parsed query and filters and return the same shape, so nothing above
this module knows which database it is on. The weighting is the same idea on both: words
in an element's title count most, then its text, then its label and date words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from civicplan.plans.models import Element, Plan

from .query import MARK_END, MARK_START, ParsedQuery, fts5_match

FTS_TABLE = "search_element_fts"  # SQLite
VECTOR_TABLE = "search_element_vector"  # PostgreSQL
SNIPPET_WORDS = 32


@dataclass
class Filters:
    """Which elements may match: published plans only unless `all_plans`, one plan, one kind."""

    all_plans: bool
    published_statuses: tuple[str, ...]
    plan_id: int | None = None
    kind: str | None = None


@dataclass
class Row:
    element_id: int
    score: float
    title: str  # with match marks
    snippet: str
    date_text: str


@dataclass
class Found:
    total: int
    rows: list[Row]
    plan_counts: dict[int, int]


# --- SQLite: FTS5 ------------------------------------------------------------------------

def _sqlite_where(filters: Filters) -> tuple[str, list]:
    clauses, params = [], []
    if not filters.all_plans:
        clauses.append(f"p.status IN ({', '.join('%s' for _ in filters.published_statuses)})")
        params += list(filters.published_statuses)
    if filters.plan_id is not None:
        clauses.append("e.plan_id = %s")
        params.append(filters.plan_id)
    if filters.kind:
        clauses.append("e.kind = %s")
        params.append(filters.kind)
    return "".join(f" AND {c}" for c in clauses), params


def sqlite_search(parsed: ParsedQuery, filters: Filters, *, limit: int, offset: int) -> Found:
    element_table = Element._meta.db_table
    plan_table = Plan._meta.db_table
    match = fts5_match(parsed)
    where, where_params = _sqlite_where(filters)
    base = (
        f"FROM {FTS_TABLE} JOIN {element_table} e ON e.id = {FTS_TABLE}.rowid "
        f"JOIN {plan_table} p ON p.id = e.plan_id WHERE {FTS_TABLE} MATCH %s{where}"
    )
    marks = [MARK_START, MARK_END]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.plan_id, COUNT(*) {base} GROUP BY e.plan_id", [match, *where_params])
        plan_counts = {plan_id: n for plan_id, n in cursor.fetchall()}
        total = sum(plan_counts.values())
        rows: list[Row] = []
        if total and offset < total:
            cursor.execute(
                f"SELECT e.id, bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 2.0, 0.0, 0.0) AS score, "
                f"highlight({FTS_TABLE}, 0, %s, %s), "
                f"snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS}), "
                f"highlight({FTS_TABLE}, 2, %s, %s) "
                f"{base} ORDER BY score, p.period_start DESC, e.plan_id, e.position LIMIT %s OFFSET %s",
                [*marks, *marks, *marks, match, *where_params, limit, offset],
            )
            rows = [
                # bm25 is "lower is better"; turn it round so a higher score is a better match.
                Row(element_id=r[0], score=-r[1], title=r[2], snippet=r[3] or "", date_text=r[4] or "")
                for r in cursor.fetchall()
            ]
    return Found(total=total, rows=rows, plan_counts=plan_counts)


# --- PostgreSQL: tsvector / tsquery ---------------------------------------------------------

def postgres_tsquery(parsed: ParsedQuery) -> tuple[str, list]:
    """A tsquery expression and its parameters: each term a quoted websearch phrase (never a
    syntax error), combined by us: OR within a group, AND between groups, NOT for excluded."""
    term_sql = "websearch_to_tsquery('english'::regconfig, %s)"
    parts = ["(" + " || ".join(term_sql for _ in group) + ")" for group in parsed.groups]
    parts += [f"!!{term_sql}" for _ in parsed.excluded]
    params = [f'"{term}"' for group in parsed.groups for term in group]
    params += [f'"{term}"' for term in parsed.excluded]
    return "(" + " && ".join(parts) + ")", params


def _headline_options(**options) -> str:
    """ts_headline's option string, each value in single quotes (as Django's SearchHeadline
    writes it), so a delimiter with spaces or commas stays one value."""
    quoted = {name: "'" + str(value).replace("'", "''") + "'" for name, value in options.items()}
    return ", ".join(f"{name}={value}" for name, value in quoted.items())


_MARKS = {"StartSel": MARK_START, "StopSel": MARK_END}
HEADLINE_ALL = _headline_options(**_MARKS, HighlightAll="true")
HEADLINE_SNIPPET = _headline_options(
    **_MARKS, MaxWords=SNIPPET_WORDS, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "
)


def postgres_search(parsed: ParsedQuery, filters: Filters, *, limit: int, offset: int) -> Found:
    """Match and rank over the stored vectors (the GIN index answers `@@`, `ts_rank` reads the
    stored vector instead of re-parsing each element's words), then mark up only the page."""
    element_table = Element._meta.db_table
    plan_table = Plan._meta.db_table
    tsquery, tsquery_params = postgres_tsquery(parsed)
    joins, where, where_params = f" JOIN {plan_table} p ON p.id = v.plan_id", "", []
    if not filters.all_plans:
        where += f" AND p.status IN ({', '.join('%s' for _ in filters.published_statuses)})"
        where_params += list(filters.published_statuses)
    if filters.plan_id is not None:
        where += " AND v.plan_id = %s"
        where_params.append(filters.plan_id)
    if filters.kind:
        joins += f" JOIN {element_table} e ON e.id = v.element_id"
        where += " AND e.kind = %s"
        where_params.append(filters.kind)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.plan_id, COUNT(*) FROM {VECTOR_TABLE} v{joins} "
            f"WHERE v.vector @@ {tsquery}{where} GROUP BY v.plan_id",
            [*tsquery_params, *where_params],
        )
        plan_counts = {plan_id: n for plan_id, n in cursor.fetchall()}
        total = sum(plan_counts.values())
        rows: list[Row] = []
        if total and offset < total:
            if not filters.kind:
                joins += f" JOIN {element_table} e ON e.id = v.element_id"
            # Normalisation 1 divides the rank by the log of the length, so a long paragraph
            # that mentions a word in passing does not outrank a title made of it.
            cursor.execute(
                f"SELECT e.id, hit.score, "
                f"ts_headline('english'::regconfig, e.title, {tsquery}, %s), "
                f"ts_headline('english'::regconfig, e.text, {tsquery}, %s), "
                f"ts_headline('english'::regconfig, e.date_text, {tsquery}, %s) "
                f"FROM (SELECT v.element_id, ts_rank(v.vector, {tsquery}, 1) AS score, "
                f"p.period_start, v.plan_id, e.position FROM {VECTOR_TABLE} v{joins} "
                f"WHERE v.vector @@ {tsquery}{where} "
                f"ORDER BY score DESC, p.period_start DESC NULLS LAST, v.plan_id, e.position "
                f"LIMIT %s OFFSET %s) hit "
                f"JOIN {element_table} e ON e.id = hit.element_id "
                f"ORDER BY hit.score DESC, hit.period_start DESC NULLS LAST, hit.plan_id, hit.position",
                [
                    *tsquery_params, HEADLINE_ALL, *tsquery_params, HEADLINE_SNIPPET,
                    *tsquery_params, HEADLINE_ALL,
                    *tsquery_params, *tsquery_params, *where_params, limit, offset,
                ],
            )
            rows = [
                Row(element_id=r[0], score=float(r[1]), title=r[2], snippet=r[3] or "", date_text=r[4] or "")
                for r in cursor.fetchall()
            ]
    return Found(total=total, rows=rows, plan_counts=plan_counts)


def run(parsed: ParsedQuery, filters: Filters, *, limit: int, offset: int) -> Found:
    if connection.vendor == "postgresql":
        return postgres_search(parsed, filters, limit=limit, offset=offset)
    if connection.vendor == "sqlite":
        return sqlite_search(parsed, filters, limit=limit, offset=offset)
    raise NotImplementedError(f"search does not support the {connection.vendor} database")
