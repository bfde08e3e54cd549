"""Each link carries its source's plan, so a plan's links are read through an index.

The column is added empty, filled from the source elements (the same statement on SQLite and
PostgreSQL), and made required in the next migration: PostgreSQL will not alter a table in the
transaction that has just updated its rows under a deferred foreign key.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = "UPDATE {table} SET plan_id = (SELECT e.plan_id FROM plans_element e WHERE e.id = {table}.source_id)"


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0009_plan_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="elementlink",
            name="plan",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="links", to="plans.plan",
            ),
        ),
        migrations.AddField(
            model_name="historicalelementlink",
            name="plan",
            field=models.ForeignKey(
                blank=True, db_constraint=False, editable=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="plans.plan",
            ),
        ),
        migrations.RunSQL(FILL.format(table="plans_elementlink"), migrations.RunSQL.noop),
        # The history keeps what it can: rows of links whose source has since gone stay empty.
        migrations.RunSQL(FILL.format(table="plans_historicalelementlink"), migrations.RunSQL.noop),
    ]
