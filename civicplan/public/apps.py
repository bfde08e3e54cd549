from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "civicplan.public"
    label = "public"
    verbose_name = "Public transparency site"
