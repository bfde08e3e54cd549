"""Meetings and decisions, the plan lifecycle, adopted baselines, change requests and reminders.

A plan goes to committees and comes back to them: each step it takes is a decision at a
meeting, and once it is adopted every later change to a milestone is measured against
what was adopted (the baseline), with the reason and who approved it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from civicplan.core.models import AUDIT_EXCLUDED, TimeStampedModel
from civicplan.organisations.models import Body, Organisation, Person
from civicplan.plans.models import Element, Plan

PlanStatus = Plan.Status


class Meeting(TimeStampedModel):
    """A meeting of a body on a date: where plans are discussed, noted, approved."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True, help_text="Optional, e.g. 'Annual General Meeting'.")
    location = models.CharField(max_length=200, blank=True)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["-date", "body__name"]
        constraints = [models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_body_date")]

    def __str__(self) -> str:
        return f"{self.body.name}, {self.date:%-d %B %Y}"


class AgendaItem(TimeStampedModel):
    """A numbered item on a meeting's agenda ("Item no: 19"), optionally about a plan."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(max_length=20, blank=True, help_text='As printed: "4", "19", "5a"; empty until the agenda is published.')
    title = models.CharField(max_length=300)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items")

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], condition=~models.Q(number=""), name="agenda_item_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Item {self.number}: {self.title}"

    @property
    def sort_key(self) -> tuple:
        """Agenda order as people read it: 2, 5a, 10 (not "10" before "2"); unnumbered last."""
        match = re.match(r"\s*(\d+)(.*)", self.number)
        if match:
            return (0, int(match.group(1)), match.group(2).strip().lower(), self.pk or 0)
        return (1 if self.number else 2, 0, self.number.lower(), self.pk or 0)


class WorkflowStep(models.Model):
    """One step a plan may take. The steps are data, so each organisation can run its own cycle."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="workflow_steps")
    from_status = models.CharField(max_length=30, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=30, choices=PlanStatus.choices)
    name = models.CharField(max_length=200, help_text='What the step is called, e.g. "Send to the Executive".')
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="workflow_steps",
        help_text="The body whose meeting takes this step, if one must.",
    )
    needs_meeting = models.BooleanField(default=True, help_text="Whether the step must name a meeting.")
    order = models.PositiveSmallIntegerField(default=0)
    # Who changed the workflow, when, and the steps before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "from_status", "to_status"], name="workflow_step_unique"),
            models.CheckConstraint(condition=~models.Q(from_status=models.F("to_status")), name="workflow_step_moves"),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} -> {self.get_to_status_display()}: {self.name}"


class Decision(TimeStampedModel):
    """What a meeting decided about a plan, and the status step it took (if any)."""

    class Outcome(models.TextChoices):
        NOTED = "noted", "Noted"
        COMMENTED = "commented", "Commented on"
        APPROVED = "approved", "Approved"
        AGREED_WITH_CHANGES = "agreed_with_changes", "Agreed with changes"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    from_status = models.CharField(max_length=30, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=30, choices=PlanStatus.choices)
    note = models.TextField(blank=True, help_text="The decision as minuted, or comments made.")
    decided_on = models.DateField(help_text="The meeting date, or the day the step was taken.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_outcome_display()} ({self.decided_on})"

    @property
    def moved(self) -> bool:
        return self.from_status != self.to_status


class ConsultationNote(TimeStampedModel):
    """A note on how a portfolio's section was consulted on, printed with the section."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="consultation_notes")
    text = models.CharField(max_length=500, help_text='e.g. "reflects very early interaction with new portfolio holder".')
    portfolio_holder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="consultation_notes"
    )
    consulted_on = models.DateField(null=True, blank=True)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["element", "created_at"]

    def __str__(self) -> str:
        return f"{self.element}: {self.text}"


class Baseline(TimeStampedModel):
    """The plan as adopted: each element's title and target date, frozen at adoption."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="baselines")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    adopted_on = models.DateField()
    snapshot = models.JSONField(
        help_text="{element key: {kind, label, title, text, date_text, start, end, precision, parent}}."
    )

    class Meta:
        ordering = ["plan", "-adopted_on", "-id"]
        get_latest_by = ["adopted_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan} as adopted on {self.adopted_on}"


class ChangeRequest(TimeStampedModel):
    """A proposed change to an adopted plan's element, with its reason; a plan manager decides."""

    class Kind(models.TextChoices):
        REDATE = "redate", "Re-date"
        RESCOPE = "rescope", "Re-scope"
        DROP = "drop", "Drop"
        ADD = "add", "Add"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="change_requests")
    baseline = models.ForeignKey(Baseline, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    element = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.CASCADE, related_name="change_requests",
        help_text="The element changed; for an addition, the element made when it is approved.",
    )
    parent = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="For an addition: where the new element goes.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    proposed_title = models.TextField(blank=True)
    proposed_text = models.TextField(blank=True)
    proposed_date_text = models.CharField(max_length=200, blank=True)
    proposed_label = models.CharField(max_length=20, blank=True)
    previous = models.JSONField(default=dict, blank=True, help_text="The element's values before the change.")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["plan", "-created_at"]
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.element or self.proposed_title} ({self.get_status_display()})"


class ReportingDate(TimeStampedModel):
    """A date by which owners must have updated their elements (a progress report is due)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_dates")
    date = models.DateField()
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    remind_days_before = models.PositiveSmallIntegerField(
        default=14, help_text="Owners who have not updated are reminded this many days before."
    )

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["plan", "date"]
        constraints = [models.UniqueConstraint(fields=["plan", "date"], name="reporting_date_unique")]

    def __str__(self) -> str:
        return f"{self.plan}: progress due {self.date}"


class Reminder(TimeStampedModel):
    """A reminder sent to an owner before a reporting date: at most one per owner and date."""

    reporting_date = models.ForeignKey(ReportingDate, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    elements = models.ManyToManyField(Element, related_name="reminders")
    overdue_count = models.PositiveIntegerField(default=0)
    email = models.EmailField(blank=True, help_text="Where it was sent; empty if the person has no address.")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reporting_date", "person"], name="reminder_once_per_date")
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.person} for {self.reporting_date}"
