"""Committee reports: the free-text blocks people write per report, and the files issued.

Everything else in a report is generated from the plan and its progress data; only the
summary, recommendations and implications are written by hand, and they keep their history
because what went to a committee must be recoverable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from civicplan.core.models import TimeStampedModel
from civicplan.organisations.models import Body
from civicplan.plans.models import Plan


class ReportKind(models.TextChoices):
    PLAN = "plan", "Plan for approval"
    PROGRESS = "progress", "Progress report"


class ReportFormat(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    PDF = "pdf", "PDF"
    HTML = "html", "Web page (.html)"


class ReportText(TimeStampedModel):
    """The hand-written blocks of one report; empty blocks use the plan's own words.

    The plan report has one. Each progress report has its own, by its "as at" date, so the
    summary written for March is not printed again in June; a progress text with no date is
    a standing text, used for any date that has none of its own.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_texts")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    as_at = models.DateField(null=True, blank=True, help_text="The progress report's 'as at' date.")
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The committee the report goes to; the plan's committee if empty.",
    )
    item_no = models.CharField(max_length=20, blank=True)
    report_date = models.DateField(null=True, blank=True, help_text="The meeting date printed in the header.")
    summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation per line.")
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    equalities_implications = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["plan", "kind", "as_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"], condition=models.Q(as_at__isnull=True), name="report_text_unique_kind"
            ),
            models.UniqueConstraint(
                fields=["plan", "kind", "as_at"], condition=models.Q(as_at__isnull=False),
                name="report_text_unique_report",
            ),
        ]

    def __str__(self) -> str:
        when = f" as at {self.as_at:%-d %B %Y}" if self.as_at else ""
        return f"{self.plan}: {self.get_kind_display()}{when}"


class GeneratedReport(TimeStampedModel):
    """A report file made in the background by the worker and kept for download."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="generated_reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    format = models.CharField(max_length=10, choices=ReportFormat.choices)
    as_at = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long the file took to make.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["plan", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.plan.slug} {self.kind} {self.format} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        stamp = f"-{self.as_at.isoformat()}" if self.as_at and self.kind == ReportKind.PROGRESS else ""
        return f"{self.plan.slug}-{self.kind}{stamp}.{self.format}"
