"""Base models every domain area builds on."""

from django.conf import settings
from django.db import models


# Timestamps a history record carries anyway (its own date): leaving them out of the history
# means a save that changes nothing else records no difference.
AUDIT_EXCLUDED = ["created_at", "updated_at"]


class TimeStampedModel(models.Model):
    """Who made a record and when: plan managers ask this of everything."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The user who created this record, if it was made in the app.",
    )

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """A change that is not a row of its own to keep history on: an API token made, replaced or
    revoked; a password changed (its hash is never kept in any history). Everything else is recorded by the history of the row it changes (ADR 0029)."""

    class Kind(models.TextChoices):
        TOKEN_CREATED = "token_created", "API token made"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        PASSWORD_CHANGED = "password_changed", "Password changed"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="Who did it (empty: the system).")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", help_text="Whose token.")
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


def current_user():
    """The signed-in user of the request being served, if any (the history middleware keeps it)."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def audit_event_record(*, kind: str, actor=None, subject=None, detail: str = "") -> AuditEvent:
    """Record one event (inside the caller's transaction, so it stands or falls with the change).
    Without an actor, the user of the request being served, if any."""
    actor = actor if getattr(actor, "pk", None) else current_user()
    return AuditEvent.objects.create(kind=kind, actor=actor, subject=subject, detail=detail[:300])
