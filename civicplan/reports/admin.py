from django.contrib import admin

from .models import GeneratedReport, ReportText


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    """The free-text blocks of each plan's reports (edited on the report page, with history)."""

    list_display = ("plan", "kind", "as_at", "item_no", "report_date", "updated_by", "updated_at")
    list_filter = ("kind", "plan")
    search_fields = ("plan__title", "summary", "recommendations")


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    """Reports made on the report page or by the worker: what was made, when, and any error."""

    list_display = ("plan", "kind", "format", "as_at", "status", "size", "seconds", "finished_at")
    list_filter = ("status", "kind", "format", "plan")
    readonly_fields = ("size", "seconds", "finished_at", "task_id", "error")
