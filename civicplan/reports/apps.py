from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "civicplan.reports"
    label = "reports"
    verbose_name = "Committee reports"
