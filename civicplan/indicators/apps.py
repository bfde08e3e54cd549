from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "civicplan.indicators"
    verbose_name = "Indicators and benchmarking"
