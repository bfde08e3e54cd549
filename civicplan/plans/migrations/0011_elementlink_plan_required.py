import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0010_elementlink_plan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="elementlink",
            name="plan",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="links", to="plans.plan",
            ),
        ),
        migrations.AddIndex(
            model_name="elementlink",
            index=models.Index(fields=["plan", "link_type"], name="plans_eleme_plan_id_846730_idx"),
        ),
    ]
