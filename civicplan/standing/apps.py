from django.apps import AppConfig


class StandingConfig(AppConfig):
    """The plan on a date. No models; on start it listens for writes that change a plan."""

    name = "civicplan.standing"
    label = "standing"

    def ready(self) -> None:
        from .freshness import connect

        connect()
