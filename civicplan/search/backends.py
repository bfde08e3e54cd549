"""The two full-text engines behind `search_elements`: SQLite FTS5 and PostgreSQL.

Both take the same parsed query and filters and return the same shape, so nothing above
this module knows which database it is on. The weighting is the same idea on both: words
in an element's title count most, then its text, then its label and date words.

Neither engine can find the best few of many matches without scoring every one, so both rank
a bounded set (ADR 34): the first `RANKED` matches in the index's own order, newest elements
first, which both read in order and stop early. A common word then costs the same at 20 plans
as at 200; a search with fewer matches than that is ranked and counted in full, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from civicplan.plans.models import Element, Plan

from .query import MARK_END, MARK_START, ParsedQuery, fts5_match

FTS_TABLE = "search_element_fts"  # SQLite
VECTOR_TABLE = "search_element_vector"  # PostgreSQL
SNIPPET_WORDS = 32
# How many matches are ranked and counted at most: 50 pages of 20, more than anyone reads
# through, and few enough to rank in a few milliseconds on either database (ADR 34).
RANKED = 1000
# How far back PostgreSQL walks the elements, newest first, testing each for a match, before
# it takes the older matches from its GIN index instead (see `postgres_search`).
RECENT_ELEMENTS = 10 * RANKED


@dataclass
class Filters:
    """Which elements may match: published plans only unless `all_plans`, one plan, one kind."""

    all_plans: bool
    published_statuses: tuple[str, ...]
    plan_id: int | None = None
    kind: str | None = None
    # The lowest and highest element id of `plan_id`'s elements: every one of them lies in
    # this range, so each engine reads only that stretch of its index (a plan's elements are
    # mostly loaded together) instead of every newer match before it.
    element_ids: tuple[int, int] | None = None


@dataclass
class Row:
    element_id: int
    score: float
    title: str  # with match marks
    snippet: str
    date_text: str


@dataclass
class Found:
    total: int  # at most RANKED
    rows: list[Row]
    plan_counts: dict[int, int]  # among the ranked matches
    more: bool = False  # there are more matches than RANKED; only the newest RANKED were ranked


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


def _counted_and_page(cursor, ctes: str, params: list, *, order: str, limit: int, offset: int):
    """Per-plan counts, whether there are more matches than are ranked, and the page's
    (element id, score), from one pass over a bounded set of matches.

    `ctes` defines `found`, at most RANKED + 1 matches read newest first in the index's own
    order (the engine stops there, however many match), and `hits`, the first RANKED of them
    with their scores. Counting them and picking the page both read `hits`; only the page
    leaves the database, with its place in the order, and only the page is marked up.
    """
    cursor.execute(
        f"WITH {ctes} "
        f"SELECT 0, plan_id, COUNT(*), 0 FROM hits GROUP BY plan_id "
        f"UNION ALL SELECT 1, id, score, ROW_NUMBER() OVER (ORDER BY {order}) "
        f"FROM (SELECT * FROM hits ORDER BY {order} LIMIT %s OFFSET %s) page "
        f"UNION ALL SELECT 2, 0, COUNT(*), 0 FROM found",
        [*params, limit, offset],
    )
    plan_counts, page, found = {}, [], 0
    for part, key, value, place in cursor.fetchall():
        if part == 1:
            page.append((place, key, float(value)))
        elif part == 0:
            plan_counts[key] = int(value)
        else:
            found = int(value)
    page = [(element_id, score) for _, element_id, score in sorted(page)]
    return plan_counts, page, found > RANKED


def sqlite_search(parsed: ParsedQuery, filters: Filters, *, limit: int, offset: int) -> Found:
    element_table = Element._meta.db_table
    plan_table = Plan._meta.db_table
    match = fts5_match(parsed)
    where, where_params = _sqlite_where(filters)
    if filters.element_ids:
        where += f" AND {FTS_TABLE}.rowid BETWEEN %s AND %s"
        where_params += list(filters.element_ids)
    # FTS5 returns matches in rowid (element id) order, here newest first, and takes the
    # ORDER BY on itself, so LIMIT stops the scan; bm25 is worked out only for the rows kept.
    ctes = (
        f"found AS MATERIALIZED (SELECT e.id AS id, bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 2.0, 0.0, 0.0) AS score, "
        f"e.plan_id AS plan_id, e.position AS position, p.period_start AS period_start "
        f"FROM {FTS_TABLE} JOIN {element_table} e ON e.id = {FTS_TABLE}.rowid "
        f"JOIN {plan_table} p ON p.id = e.plan_id WHERE {FTS_TABLE} MATCH %s{where} "
        f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT {RANKED + 1}), "
        f"hits AS MATERIALIZED (SELECT * FROM found ORDER BY id DESC LIMIT {RANKED})"
    )
    marks = [MARK_START, MARK_END]
    with connection.cursor() as cursor:
        plan_counts, page, more = _counted_and_page(
            cursor, ctes, [match, *where_params], limit=limit, offset=offset,
            order="score, period_start DESC, plan_id, position",
        )
        total = sum(plan_counts.values())
        rows: list[Row] = []
        if page:
            cursor.execute(
                f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
                f"snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS}), "
                f"highlight({FTS_TABLE}, 2, %s, %s) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({', '.join('%s' for _ in page)})",
                [*marks, *marks, *marks, match, *(element_id for element_id, _ in page)],
            )
            marked = {r[0]: r[1:] for r in cursor.fetchall()}
            rows = [
                # bm25 is "lower is better"; turn it round so a higher score is a better match.
                Row(element_id=element_id, score=-score, title=marked[element_id][0],
                    snippet=marked[element_id][1] or "", date_text=marked[element_id][2] or "")
                for element_id, score in page if element_id in marked
            ]
    return Found(total=total, rows=rows, plan_counts=plan_counts, more=more)


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
    where, where_params = "", []
    if not filters.all_plans:
        where += f" AND p.status IN ({', '.join('%s' for _ in filters.published_statuses)})"
        where_params += list(filters.published_statuses)
    if filters.plan_id is not None:
        where += " AND v.plan_id = %s"
        where_params.append(filters.plan_id)
    if filters.element_ids:
        where += " AND v.element_id BETWEEN %s AND %s"
        where_params += list(filters.element_ids)
    if filters.kind:
        where += " AND e.kind = %s"
        where_params.append(filters.kind)
    # The matches are read newest first and the reading stops after RANKED + 1; `ts_rank` runs
    # only on the rows kept (in `hits`), never on every match. PostgreSQL reads matches in
    # element order by walking the primary key backwards and testing each vector, which is
    # quick for a common word but reads every element for a rare one when the planner guesses
    # its frequency wrong (phrases, -words). So the walk is held to the newest
    # RECENT_ELEMENTS elements (`recent`); only if fewer than RANKED match there are the older
    # matches taken from the GIN index and sorted (`older`: `+ 0` keeps the planner off the
    # primary key), and then they are few, as the word is as rare among older elements.
    matches = f"FROM {VECTOR_TABLE} v JOIN {element_table} e ON e.id = v.element_id " \
              f"JOIN {plan_table} p ON p.id = v.plan_id WHERE v.vector @@ {tsquery}{where}"
    newest = f"(SELECT MAX(element_id) FROM {VECTOR_TABLE}) - {RECENT_ELEMENTS}"
    # Normalisation 1 divides the rank by the log of the length, so a long paragraph that
    # mentions a word in passing does not outrank a title made of it.
    # Each part carries the columns the order needs, so the kept rows are never joined again
    # (a join the planner may answer by reading every element).
    columns = "v.element_id AS id, v.plan_id AS plan_id, e.position AS position, p.period_start AS period_start"
    ctes = (
        f"recent AS MATERIALIZED (SELECT {columns} {matches} AND v.element_id > {newest} "
        f"ORDER BY v.element_id DESC LIMIT {RANKED + 1}), "
        f"older AS MATERIALIZED (SELECT {columns} {matches} AND v.element_id + 0 <= {newest} "
        f"AND (SELECT COUNT(*) FROM recent) <= {RANKED} ORDER BY v.element_id + 0 DESC LIMIT {RANKED + 1}), "
        f"found AS MATERIALIZED (SELECT * FROM recent UNION ALL SELECT * FROM older "
        f"ORDER BY id DESC LIMIT {RANKED + 1}), "
        f"hits AS MATERIALIZED (SELECT f.id, ts_rank(v.vector, {tsquery}, 1)::float8 AS score, f.plan_id, "
        f"f.position, f.period_start FROM (SELECT * FROM found ORDER BY id DESC LIMIT {RANKED}) f "
        f"JOIN {VECTOR_TABLE} v ON v.element_id = f.id)"
    )
    with connection.cursor() as cursor:
        plan_counts, page, more = _counted_and_page(
            cursor, ctes, [*tsquery_params, *where_params] * 2 + tsquery_params, limit=limit, offset=offset,
            order="score DESC, period_start DESC NULLS LAST, plan_id, position",
        )
        total = sum(plan_counts.values())
        rows: list[Row] = []
        if page:
            cursor.execute(
                f"SELECT e.id, "
                f"ts_headline('english'::regconfig, e.title, {tsquery}, %s), "
                f"ts_headline('english'::regconfig, e.text, {tsquery}, %s), "
                f"ts_headline('english'::regconfig, e.date_text, {tsquery}, %s) "
                f"FROM {element_table} e WHERE e.id IN ({', '.join('%s' for _ in page)})",
                [
                    *tsquery_params, HEADLINE_ALL, *tsquery_params, HEADLINE_SNIPPET,
                    *tsquery_params, HEADLINE_ALL, *(element_id for element_id, _ in page),
                ],
            )
            marked = {r[0]: r[1:] for r in cursor.fetchall()}
            rows = [
                Row(element_id=element_id, score=score, title=marked[element_id][0],
                    snippet=marked[element_id][1] or "", date_text=marked[element_id][2] or "")
                for element_id, score in page if element_id in marked
            ]
    return Found(total=total, rows=rows, plan_counts=plan_counts, more=more)


def run(parsed: ParsedQuery, filters: Filters, *, limit: int, offset: int) -> Found:
    if connection.vendor == "postgresql":
        return postgres_search(parsed, filters, limit=limit, offset=offset)
    if connection.vendor == "sqlite":
        return sqlite_search(parsed, filters, limit=limit, offset=offset)
    raise NotImplementedError(f"search does not support the {connection.vendor} database")
