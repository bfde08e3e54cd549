from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "civicplan.exports"
    label = "exports"
    verbose_name = "Exports and bulk progress upload"
