from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "civicplan.timeline"
    verbose_name = "Timeline"
