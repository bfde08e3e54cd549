from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "civicplan.organisations"
    label = "organisations"
    verbose_name = "Organisations"
