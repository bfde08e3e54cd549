"""Each element's status as it stands today, kept in the database (ADR 0018).

Working a large plan's statuses out takes most of a second; kept here, a server that has not
seen the plan since a restart, or another worker, reads them in one light query. Each row
names the plan version and the date it was worked out for: read only while both still hold,
so a row can be out of date but is never read as current.
"""

from __future__ import annotations

from django.db import models


class StoredStatus(models.Model):
    """An element's status on `as_at`, worked out from plan version `plan_version`."""

    element = models.OneToOneField("plans.Element", primary_key=True, on_delete=models.CASCADE,
                                   related_name="stored_status")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    as_at = models.DateField()
    plan_version = models.BigIntegerField()
    rag = models.CharField(max_length=20, blank=True)
    percent = models.FloatField(default=0.0)
    update = models.ForeignKey("delivery.ProgressUpdate", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text="The latest approved update, when it sets the status.")
    rolled_up = models.BooleanField(default=False)
    rolled_up_via = models.CharField(max_length=20, blank=True)
    rolled_up_from = models.PositiveIntegerField(default=0)
    parts_rag = models.CharField(max_length=20, blank=True)
    counted = models.BooleanField(default=False)
    dropped = models.BooleanField(default=False)
    added_later = models.BooleanField(default=False)
    pending = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["plan", "as_at", "plan_version"], name="standing_stored_plan_idx")]

    def __str__(self) -> str:
        return f"{self.element_id}: {self.rag or 'no update'} on {self.as_at}"
