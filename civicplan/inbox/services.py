"""Changing a person's notification choices."""

from __future__ import annotations

from django.db import transaction

from .models import NOTIFICATION_KINDS, NotificationSettings


@transaction.atomic
def notification_settings_save(*, user, choices: dict[str, bool]) -> NotificationSettings:
    """Save which e-mails this user wants; kinds not named keep their current choice."""
    unknown = set(choices) - set(NOTIFICATION_KINDS)
    if unknown:
        raise ValueError(f"unknown notification kind(s): {', '.join(sorted(unknown))}")
    record, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    for kind, wanted in choices.items():
        setattr(record, kind, bool(wanted))
    record.save()
    return record
