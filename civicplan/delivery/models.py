"""Progress updates: what officers report on an element, and what a plan manager approved."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from simple_history.models import HistoricalRecords

from civicplan.core.models import AUDIT_EXCLUDED, TimeStampedModel
from civicplan.plans.models import Element

from .evidence import evidence_storage_name


class Rag(models.TextChoices):
    """Delivery status. Each has a definition shown wherever an officer chooses one."""

    NOT_STARTED = "not_started", "Not started"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    COMPLETE = "complete", "Complete"


RAG_DEFINITIONS = {
    Rag.NOT_STARTED: "Work has not begun; the target date is not yet at risk.",
    Rag.GREEN: "On track: will be delivered by the target date and to scope.",
    Rag.AMBER: "At risk: issues or slippage that the lead officer can manage; may need re-dating.",
    Rag.RED: "Off track: will miss the target date or scope without intervention.",
    Rag.COMPLETE: "Delivered: the achieved date and evidence are recorded.",
}

# Worst first: a parent shows the worst status among its children.
RAG_SEVERITY = {Rag.RED: 4, Rag.AMBER: 3, Rag.GREEN: 2, Rag.NOT_STARTED: 1, Rag.COMPLETE: 0}
RAG_TAG_COLOUR = {
    Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green", Rag.NOT_STARTED: "grey", Rag.COMPLETE: "blue",
}
# The same shapes the status tags show (frontend/src/civicplan.scss), so colour is never the only cue.
RAG_SYMBOL = {Rag.RED: "■", Rag.AMBER: "▲", Rag.GREEN: "●", Rag.NOT_STARTED: "○", Rag.COMPLETE: "✓"}


class ProgressUpdate(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="progress_updates")
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="progress_updates", editable=False,
        help_text="The element's plan, kept here so a plan's status reads one index, not a join.",
    )
    rag = models.CharField("RAG status", max_length=20, choices=Rag.choices)
    percent_complete = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)], default=0
    )
    commentary = models.TextField(blank=True)
    commentary_internal = models.BooleanField(
        default=False, help_text="Internal commentary is never shown on the public site."
    )
    evidence_url = models.URLField(max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])])
    evidence_file = models.FileField(
        upload_to=evidence_storage_name, max_length=300, blank=True,
        help_text="An uploaded document, checked by size and type (delivery/evidence.py).",
    )
    evidence_name = models.CharField(max_length=200, blank=True, help_text="The file's name as uploaded.")
    achieved_date = models.DateField(null=True, blank=True, help_text="For a completed milestone.")
    as_at = models.DateField(help_text="The date this status describes.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    is_sample = models.BooleanField(
        default=False, help_text="Illustrative data loaded for demonstration, labelled on every page."
    )

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["element", "as_at", "created_at"]
        indexes = [
            models.Index(fields=["element", "status", "as_at"]),
            models.Index(fields=["plan", "status", "as_at"]),
            models.Index(fields=["status", "as_at"]),
            # The newest approved update per element (delivery.selectors.latest_approved_updates):
            # the index holds each element's updates newest first, so the ranking reads it in order.
            models.Index(fields=["plan", "status", "element", "-as_at", "-id"], name="progress_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__gte=0) & models.Q(percent_complete__lte=100),
                name="progress_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.get_rag_display()} {self.percent_complete}% ({self.as_at})"

    def save(self, *args, **kwargs):
        if self.plan_id is None and self.element_id is not None:
            self.plan_id = Element.objects.values_list("plan_id", flat=True).get(pk=self.element_id)
        super().save(*args, **kwargs)

    @property
    def rag_definition(self) -> str:
        return RAG_DEFINITIONS[Rag(self.rag)]
