from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "civicplan.search"
    label = "search"
    verbose_name = "Search"
