"""Each person's choice of which e-mails CivicPlan sends them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationSettings(models.Model):
    """One row per user who has changed a choice; a user without one gets every e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_settings"
    )
    update_submitted = models.BooleanField(
        "An update awaits my approval", default=True,
        help_text="For plan managers: an officer has submitted a progress update.",
    )
    update_reviewed = models.BooleanField(
        "My update was approved or returned", default=True,
        help_text="A plan manager has approved your progress update or returned it for changes.",
    )
    change_requested = models.BooleanField(
        "A change request awaits my decision", default=True,
        help_text="For plan managers: someone has asked to change an adopted plan.",
    )
    change_decided = models.BooleanField(
        "My change request was decided", default=True,
        help_text="A plan manager has approved or rejected a change you asked for.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "notification settings"
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notification settings for {self.user}"


NOTIFICATION_KINDS = ("update_submitted", "update_reviewed", "change_requested", "change_decided")
