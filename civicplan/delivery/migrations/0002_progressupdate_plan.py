"""Keep each update's plan beside it so a plan's status is read through one index."""

import django.db.models.deletion
from django.db import migrations, models


def fill_plan(apps, schema_editor):
    ProgressUpdate = apps.get_model("delivery", "ProgressUpdate")
    Element = apps.get_model("plans", "Element")
    plans = dict(Element.objects.filter(progress_updates__isnull=False).values_list("id", "plan_id").distinct())
    for update in ProgressUpdate.objects.filter(plan__isnull=True).only("id", "element_id").iterator():
        ProgressUpdate.objects.filter(pk=update.pk).update(plan_id=plans[update.element_id])


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_initial"),
        ("plans", "0003_historicalelement"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="plan",
            field=models.ForeignKey(
                null=True, editable=False, on_delete=django.db.models.deletion.CASCADE,
                related_name="progress_updates", to="plans.plan",
                help_text="The element's plan, kept here so a plan's status reads one index, not a join.",
            ),
        ),
        migrations.RunPython(fill_plan, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="progressupdate",
            name="plan",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE,
                related_name="progress_updates", to="plans.plan",
                help_text="The element's plan, kept here so a plan's status reads one index, not a join.",
            ),
        ),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(fields=["plan", "status", "as_at"], name="delivery_pr_plan_id_0c8077_idx"),
        ),
    ]
