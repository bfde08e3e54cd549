from django.apps import AppConfig


class LineageConfig(AppConfig):
    name = "civicplan.lineage"
    label = "lineage"
    verbose_name = "Plan-to-plan lineage"
