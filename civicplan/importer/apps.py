from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "civicplan.importer"
    label = "importer"
    verbose_name = "Document import"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
