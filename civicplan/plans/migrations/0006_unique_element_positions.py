"""One element per place in a plan's document order (plans/positions.py keeps it so)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0005_renumber_shared_element_places"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="element",
            constraint=models.UniqueConstraint(fields=("plan", "position"), name="element_unique_position"),
        ),
    ]
