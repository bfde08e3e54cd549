"""The full-text index: an FTS5 table on SQLite, a GIN expression index on PostgreSQL.

Each statement runs only on its own database; the other database skips it. The index
expressions here must match `civicplan.search.backends` exactly, or PostgreSQL will not use
the index (and SQLite will find nothing).
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE VIRTUAL TABLE search_element_fts USING fts5(
    title, text, date_text, label,
    element_id UNINDEXED, plan_id UNINDEXED,
    tokenize = 'porter unicode61'
)
"""
# Plans loaded before this migration are indexed now; later loads re-index their plan.
SQLITE_FILL = """
INSERT INTO search_element_fts (rowid, title, text, date_text, label, element_id, plan_id)
SELECT id, title, text, date_text, label, id, plan_id FROM plans_element
"""
SQLITE_DROP = "DROP TABLE IF EXISTS search_element_fts"

POSTGRES_CREATE = """
CREATE INDEX search_element_document_gin ON plans_element USING GIN ((
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(label, '') || ' ' || COALESCE(date_text, '')), 'C')
))
"""
POSTGRES_DROP = "DROP INDEX IF EXISTS search_element_document_gin"


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor ("sqlite", "postgresql")."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        return (self.__class__.__name__, [self.vendor, self.sql, self.reverse_sql], {})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", [SQLITE_CREATE, SQLITE_FILL], [SQLITE_DROP]),
        VendorRunSQL("postgresql", [POSTGRES_CREATE], [POSTGRES_DROP]),
    ]
