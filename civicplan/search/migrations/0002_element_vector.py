"""PostgreSQL keeps each element's weighted document in its own table; SQLite's index follows
deleted elements.

Ranking a broad search on PostgreSQL re-computed `to_tsvector` for every matched element
(the expression index answers `@@` but cannot give the vector back to `ts_rank`): about a
second for a word in 9,000 of 10,000 elements. A stored vector, filled by the `search`
services exactly as SQLite's FTS5 table is, takes that to a few milliseconds, so the
expression index goes.

Element rows are deleted by Django (plan replaced, plan or element deleted in the admin),
which knows nothing of these tables. On PostgreSQL the foreign key cascades; an FTS5 table
cannot have one, so on SQLite a trigger deletes an element's row with the element.

The document here must stay the same as `civicplan.search.services.POSTGRES_DOCUMENT`.
"""

import importlib

from django.db import migrations

VendorRunSQL = importlib.import_module("civicplan.search.migrations.0001_initial").VendorRunSQL

POSTGRES_DOCUMENT = """(
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || COALESCE(date_text, '')), 'C')
)"""

POSTGRES_FORWARD = [
    """
    CREATE TABLE search_element_vector (
        element_id bigint PRIMARY KEY REFERENCES plans_element (id) ON DELETE CASCADE,
        plan_id bigint NOT NULL,
        vector tsvector NOT NULL
    )
    """,
    f"INSERT INTO search_element_vector (element_id, plan_id, vector) "
    f"SELECT id, plan_id, {POSTGRES_DOCUMENT} FROM plans_element",
    "CREATE INDEX search_element_vector_gin ON search_element_vector USING GIN (vector)",
    "DROP INDEX IF EXISTS search_element_document_gin",
]
POSTGRES_BACKWARD = [
    f"CREATE INDEX search_element_document_gin ON plans_element USING GIN ({POSTGRES_DOCUMENT})",
    "DROP TABLE IF EXISTS search_element_vector",
]

SQLITE_FORWARD = [
    """
    CREATE TRIGGER search_element_fts_element_deleted AFTER DELETE ON plans_element
    BEGIN
        DELETE FROM search_element_fts WHERE rowid = old.id;
    END
    """,
    # Rows left behind by plans deleted before the trigger existed.
    "DELETE FROM search_element_fts WHERE rowid NOT IN (SELECT id FROM plans_element)",
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS search_element_fts_element_deleted"]


class Migration(migrations.Migration):
    # After the last migration that changes plans_element: on SQLite, changing a column
    # rebuilds the table, and that drops its triggers.
    dependencies = [("search", "0001_initial"), ("plans", "0003_historicalelement")]

    operations = [
        VendorRunSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
    ]
