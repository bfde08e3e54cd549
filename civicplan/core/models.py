"""Base models every domain area builds on."""

from django.conf import settings
from django.db import models


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
