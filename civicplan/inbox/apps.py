from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "civicplan.inbox"
    label = "inbox"
    verbose_name = "Inbox and notifications"

    def ready(self) -> None:
        # The e-mail notifications listen to what the delivery and governance services announce.
        from . import notifications  # noqa: F401
