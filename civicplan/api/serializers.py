"""The shapes the API reads and writes. Output is built as dictionaries by civicplan.api.data
(which decides what each person may see) and passed through these, so the answer always has
exactly the fields the OpenAPI schema promises."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from civicplan.core.dates import EARLIEST, LATEST, OUT_OF_RANGE, in_range
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.governance.models import Decision
from civicplan.plans.models import ElementKind, Plan
from civicplan.reports.models import GeneratedReport, ReportFormat, ReportKind
from civicplan.standing.filters import DUE_CHOICES

MAX_PAGE_SIZE = 1000


def _in_range(value: dt.date | None) -> dt.date | None:
    if value is not None and not in_range(value):
        raise serializers.ValidationError(f"{OUT_OF_RANGE}.")
    return value


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words to show a person.")
    errors = serializers.DictField(
        child=serializers.JSONField(), required=False,
        help_text="For a 400: each field named, with its problems.",
    )


# --- Query parameters ----------------------------------------------------------------------


class AsAtQuery(serializers.Serializer):
    as_at = serializers.DateField(
        required=False,
        help_text=f"Show status as at this date (YYYY-MM-DD), from {EARLIEST.isoformat()} to "
        f"{LATEST.isoformat()}; today if not given. Given empty (as_at=) it is refused with a 400.",
    )

    def validate_as_at(self, value):
        return _in_range(value)


class PageQuery(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=1_000_000, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=100)


class ElementQuery(AsAtQuery, PageQuery):
    kind = serializers.ChoiceField(choices=ElementKind.choices, required=False, help_text="Only this kind of element.")
    group = serializers.CharField(
        required=False, max_length=100, help_text="Only elements within this group (an objective's, portfolio's or theme's key)."
    )
    sub_priority = serializers.CharField(
        required=False, max_length=100, help_text="Only elements that contribute to this sub-priority (its key)."
    )
    owner = serializers.CharField(required=False, max_length=200, help_text="Only elements with this owner.")
    rag = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in Rag] + [("none", "No update")], required=False,
        help_text="Only elements with this status on the date (none: no update).",
    )
    due = serializers.ChoiceField(
        choices=[c for c in DUE_CHOICES if c[0]], required=False, help_text="Only elements due in this window and not complete (overdue: past their date)."
    )


class UpdateQuery(PageQuery):
    plan = serializers.SlugField(required=False, max_length=100, help_text="Only this plan's updates (its slug).")
    element = serializers.CharField(required=False, max_length=100, help_text="Only this element's updates (its key; needs plan).")
    status = serializers.ChoiceField(
        choices=ProgressUpdate.Status.choices, required=False,
        help_text="Only updates in this state. Viewers and the public see approved updates only.",
    )
    since = serializers.DateField(required=False, help_text="Only updates as at this date or later.")
    until = serializers.DateField(required=False, help_text="Only updates as at this date or earlier.")

    def validate_since(self, value):
        return _in_range(value)

    def validate_until(self, value):
        return _in_range(value)


class ExportQuery(AsAtQuery):
    format = serializers.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "XLSX"), ("json", "Plan JSON v1"), ("yaml", "Plan YAML")],
        help_text="csv: a row per element; xlsx: a sheet per level and a Progress sheet; json and yaml: the plan file.",
    )


class ProgressExportQuery(serializers.Serializer):
    plan = serializers.SlugField(required=False, max_length=100, help_text="Only this plan's updates (its slug).")


class ReportQuery(AsAtQuery):
    kind = serializers.ChoiceField(choices=ReportKind.choices, default=ReportKind.PLAN)
    format = serializers.ChoiceField(choices=ReportFormat.choices, help_text="docx, pdf or html.")


# --- Plans and elements ----------------------------------------------------------------------


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    text = serializers.CharField(allow_blank=True)


class PlanSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Plan.Kind.choices)
    status = serializers.ChoiceField(choices=Plan.Status.choices)
    status_label = serializers.CharField()
    published = serializers.BooleanField(help_text="Whether the plan has gone to a committee (and so is public).")
    organisation = serializers.CharField()
    committee = serializers.CharField(allow_blank=True)
    meeting_date = serializers.DateField(allow_null=True)
    period = PeriodSerializer()
    element_count = serializers.IntegerField()
    url = serializers.CharField(help_text="This plan in the API.")
    web_url = serializers.CharField(help_text="This plan's page on the web.")


class LevelSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ElementKind.choices)
    name = serializers.CharField()
    plural = serializers.CharField()
    parents = serializers.ListField(child=serializers.CharField(allow_null=True))


class PlanSerializer(PlanSummarySerializer):
    item_no = serializers.CharField(allow_blank=True)
    report_by = serializers.CharField(allow_blank=True)
    job_title = serializers.CharField(allow_blank=True)
    contact_officer = serializers.CharField(allow_blank=True, help_text="As printed on the paper.")
    contact_email = serializers.CharField(allow_blank=True, help_text="As printed on the paper.")
    contact_phone = serializers.CharField(allow_blank=True, help_text="As printed on the paper.")
    summary = serializers.CharField(allow_blank=True)
    recommendations = serializers.ListField(child=serializers.CharField(allow_blank=True))
    source_document = serializers.CharField(allow_blank=True)
    predecessor = serializers.CharField(allow_null=True, help_text="The slug of the plan this one follows.")
    levels = LevelSerializer(many=True)


class StatusSerializer(serializers.Serializer):
    rag = serializers.ChoiceField(choices=Rag.choices, allow_null=True, help_text="null: no approved update yet.")
    rag_label = serializers.CharField()
    percent = serializers.FloatField(min_value=0, max_value=100)
    rolled_up = serializers.BooleanField(help_text="Worked out from the elements beneath (or, for a sub-priority, those contributing to it), not reported directly.")
    parts_rag = serializers.ChoiceField(
        choices=Rag.choices, allow_null=True,
        help_text="Where an update set this status by hand and the elements beneath roll up to another: what they roll up to; else null.",
    )
    overdue = serializers.BooleanField(help_text="Past its target date and not complete (never for dropped work).")
    added_later = serializers.BooleanField(
        help_text="Added by a change request approved after the date: not yet part of the plan then."
    )
    sample = serializers.BooleanField(help_text="The update shown is illustrative sample data, not a real record.")
    dropped = serializers.BooleanField(
        help_text="Dropped from the plan by an approved change request, by the date (or under something that was)."
    )
    as_at = serializers.DateField(help_text="The date the status is shown as at.")
    updated_on = serializers.DateField(allow_null=True, help_text="The date of the approved update shown.")
    commentary = serializers.CharField(allow_blank=True, help_text="Internal commentary only for officers.")
    achieved_date = serializers.DateField(allow_null=True)
    evidence_url = serializers.CharField(allow_blank=True)
    pending_updates = serializers.IntegerField(
        allow_null=True, help_text="Updates awaiting approval: officers and plan managers only (null otherwise)."
    )


class LinkSerializer(serializers.Serializer):
    type = serializers.CharField()
    target = serializers.CharField(help_text="ELEMENT-KEY, or PLAN-SLUG#ELEMENT-KEY in another plan.")


class ElementSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=ElementKind.choices)
    level_name = serializers.CharField(help_text="What this plan calls this kind of element.")
    label = serializers.CharField(allow_blank=True, help_text='As printed: "3", "b", "2.1".')
    label_path = serializers.CharField(help_text="Its label path, as the bulk upload reads it.")
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    date_text = serializers.CharField(allow_blank=True, help_text="The target date words as printed.")
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    precision = serializers.CharField(allow_blank=True)
    date_note = serializers.CharField(
        allow_blank=True, help_text='How the words were read where they could mean more than one thing ("Q2" as a calendar or financial quarter).'
    )
    parent = serializers.CharField(allow_null=True)
    group = serializers.CharField(allow_null=True, help_text="The key of its objective, portfolio or theme.")
    owner = serializers.CharField(allow_blank=True)
    contributes_to = serializers.ListField(child=serializers.CharField())
    status = StatusSerializer()
    url = serializers.CharField(help_text="This element in the API (in the public view: its public address).")


class ElementDetailSerializer(ElementSerializer):
    children = serializers.ListField(child=serializers.CharField(), help_text="The keys of the elements beneath it.")
    links = LinkSerializer(many=True)


class PageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)


class ElementPageSerializer(PageSerializer):
    as_at = serializers.DateField()
    results = ElementSerializer(many=True)


# --- Progress updates ------------------------------------------------------------------------


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.SlugField()
    element = serializers.CharField()
    element_title = serializers.CharField()
    as_at = serializers.DateField()
    rag = serializers.ChoiceField(choices=Rag.choices)
    rag_label = serializers.CharField()
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    commentary = serializers.CharField(allow_blank=True, help_text="Empty for the public when marked internal.")
    commentary_internal = serializers.BooleanField(allow_null=True, help_text="Officers only (null otherwise).")
    achieved_date = serializers.DateField(allow_null=True)
    evidence_url = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=ProgressUpdate.Status.choices)
    status_label = serializers.CharField()
    is_sample = serializers.BooleanField(help_text="Illustrative data, not a real record of delivery.")
    submitted_by = serializers.CharField(allow_null=True, help_text="Officers only (null otherwise).")
    reviewed_by = serializers.CharField(allow_null=True, help_text="Officers only (null otherwise).")
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField(allow_null=True, help_text="Officers only (null otherwise).")


class ProgressUpdatePageSerializer(PageSerializer):
    results = ProgressUpdateSerializer(many=True)


class ProgressUpdateCreateSerializer(serializers.Serializer):
    plan = serializers.SlugField(max_length=100, help_text="The plan's slug.")
    element = serializers.CharField(
        max_length=300, help_text="The element's key (ms-2.1-3) or its label path (2.1 > Milestone 3)."
    )
    rag = serializers.ChoiceField(choices=Rag.choices)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    commentary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    commentary_internal = serializers.BooleanField(required=False, default=False)
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500, default="")
    achieved_date = serializers.DateField(required=False, allow_null=True, default=None)
    as_at = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text="The date the status describes; today if not given.")

    def validate_achieved_date(self, value):
        return _in_range(value)

    def validate_as_at(self, value):
        value = _in_range(value)
        if value and value > timezone.localdate() + dt.timedelta(days=1):
            raise serializers.ValidationError("The status date cannot be in the future.")
        return value


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, help_text="What needs changing.")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A CSV or XLSX file, one update per row (see the upload page for columns).")
    check_only = serializers.BooleanField(required=False, default=False, help_text="Check the file; save nothing.")


class UploadResultSerializer(serializers.Serializer):
    saved = serializers.BooleanField()
    rows = serializers.IntegerField()
    skipped = serializers.IntegerField()
    updates = serializers.IntegerField()
    approved = serializers.IntegerField()
    pending = serializers.IntegerField()
    summary = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The spreadsheet row (the header is row 1); null for the file.")
    message = serializers.CharField()


class UploadErrorSerializer(ErrorSerializer):
    problems = ProblemSerializer(many=True, required=False)


# --- Meetings, decisions and reports ---------------------------------------------------------


class AgendaItemSerializer(serializers.Serializer):
    number = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    plan = serializers.CharField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.SlugField()
    meeting = serializers.IntegerField(allow_null=True)
    body = serializers.CharField(allow_blank=True)
    item_no = serializers.CharField(allow_blank=True)
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    outcome_label = serializers.CharField()
    from_status = serializers.ChoiceField(choices=Plan.Status.choices)
    to_status = serializers.ChoiceField(choices=Plan.Status.choices)
    note = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField()


class DecisionCreateSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Plan.Status.choices, help_text="The status the plan moves to (or stays at).")
    decision = serializers.ChoiceField(choices=Decision.Outcome.choices)
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                       max_value=2**63 - 1, help_text="The meeting's id.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    item_no = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_decided_on(self, value):
        return _in_range(value)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    date = serializers.DateField()
    title = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    items = AgendaItemSerializer(many=True)
    decisions = DecisionSerializer(many=True)


class MeetingCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=200, help_text="The body's name or short name, e.g. Leaders' Committee.")
    date = serializers.DateField()

    def validate_date(self, value):
        return _in_range(value)


class GeneratedReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    as_at = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=GeneratedReport.Status.choices)
    size = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.CharField(allow_null=True, help_text="Where to download it, once ready.")


class ReportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    as_at = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_as_at(self, value):
        return _in_range(value)


# --- The public view -------------------------------------------------------------------------


class PublicPlanSerializer(PlanSerializer):
    as_at = serializers.DateField()
    elements = ElementSerializer(many=True)


class PublicElementSerializer(ElementDetailSerializer):
    updates = ProgressUpdateSerializer(many=True, help_text="Its approved updates, newest first.")
