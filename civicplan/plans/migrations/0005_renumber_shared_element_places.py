"""Before one element per place in a plan's document order is enforced (0006).

Plans saved before the constraint may hold two elements on one place (several additions approved
at once under one parent): they are first numbered again in their current order, ties broken by
which was made first, so nothing is lost and the constraint can be added.
"""

from django.db import migrations, models
from django.db.models import Count


def renumber_plans_with_shared_places(apps, schema_editor):
    Element = apps.get_model("plans", "Element")
    shared = (
        Element.objects.values("plan_id").annotate(n=Count("id"), places=Count("position", distinct=True))
        .filter(n__gt=models.F("places")).values_list("plan_id", flat=True)
    )
    for plan_id in list(shared):
        elements = list(Element.objects.filter(plan_id=plan_id).order_by("position", "id").only("id", "position"))
        for place, element in enumerate(elements):
            element.position = place
        Element.objects.bulk_update(elements, ["position"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0004_element_tree_and_weight_checks"),
    ]

    operations = [
        migrations.RunPython(renumber_plans_with_shared_places, migrations.RunPython.noop),
    ]
