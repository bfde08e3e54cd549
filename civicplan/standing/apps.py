from django.apps import AppConfig


class StandingConfig(AppConfig):
    """The plan on a date, and each element's status kept as it stands today; on start it
    listens for writes that change a plan."""

    name = "civicplan.standing"
    label = "standing"

    def ready(self) -> None:
        from . import stored  # noqa: F401 - keeps statuses after approvals and decisions
        from .freshness import connect

        connect()
