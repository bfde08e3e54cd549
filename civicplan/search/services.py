"""Keeping the search index in step with the plans.

On both databases the index holds its own copy of each element's words: an FTS5 table on
SQLite, a table of weighted `tsvector`s on PostgreSQL (ADR 8). So it must be told when they
change: loading a plan re-indexes it (`plan_file_load` calls `search_index_plan`), and a
service that edits an element calls `search_index_element`. Deleting an element (or its
plan) removes its row on its own: a cascading foreign key on PostgreSQL, a trigger on SQLite.

A whole plan is rebuilt rather than patched: a plan has a few hundred elements, a rebuild
is one INSERT ... SELECT, and it cannot drift.
"""

from __future__ import annotations

from django.db import connection, transaction

from civicplan.plans.models import Element, Plan

from .backends import FTS_TABLE, VECTOR_TABLE

# An element's weighted document: title A, text B, label and date words C. Written the same
# in migration search 0002, which fills the table for plans loaded before it.
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || COALESCE(date_text, '')), 'C')"
)
_POSTGRES_UPSERT = (
    "INSERT INTO {vectors} (element_id, plan_id, vector) "
    "SELECT id, plan_id, {document} FROM {elements} WHERE {where} "
    "ON CONFLICT (element_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, vector = EXCLUDED.vector"
)

_COLUMNS = "rowid, title, text, date_text, label, element_id, plan_id"
_SELECT = "SELECT id, title, text, date_text, label, id, plan_id FROM {table}"


def _postgres_upsert(where: str, params: list) -> None:
    sql = _POSTGRES_UPSERT.format(
        vectors=VECTOR_TABLE, document=POSTGRES_DOCUMENT, elements=Element._meta.db_table, where=where
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def search_index_plan(*, plan: Plan) -> None:
    """Make the index hold exactly this plan's current elements (rows of elements since
    deleted went with them: a cascading foreign key on PostgreSQL, a trigger on SQLite)."""
    table = Element._meta.db_table
    if connection.vendor == "postgresql":
        # Rows of deleted elements went with them (ON DELETE CASCADE), so one statement.
        _postgres_upsert("plan_id = %s", [plan.pk])
        return
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # By rowid only: an FTS5 table has no index on plan_id, so asking for it (or for rows
        # whose element is gone, which the delete trigger already removes) reads the whole
        # organisation's index on every save of one plan.
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {table} WHERE plan_id = %s)", [plan.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} ({_COLUMNS}) {_SELECT.format(table=table)} WHERE plan_id = %s",
            [plan.pk],
        )


@transaction.atomic
def search_index_element(*, element: Element) -> None:
    """Re-index one element after a service has changed its words."""
    if connection.vendor == "postgresql":
        _postgres_upsert("id = %s", [element.pk])
        return
    if connection.vendor != "sqlite":
        return
    table = Element._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [element.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} ({_COLUMNS}) {_SELECT.format(table=table)} WHERE id = %s",
            [element.pk],
        )


@transaction.atomic
def search_index_rebuild() -> int:
    """Rebuild the whole index from the element table; returns how many elements it holds."""
    count = Element.objects.count()
    table = Element._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {VECTOR_TABLE}")
        _postgres_upsert("TRUE", [])
        return count
    if connection.vendor != "sqlite":
        return count
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({_COLUMNS}) {_SELECT.format(table=table)}")
    return count
