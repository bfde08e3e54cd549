from django.contrib import admin

from civicplan.core.admin_site import RecordAdmin

from .models import ProgressUpdate


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordAdmin):
    """Progress is submitted, approved and returned in the app; here it can be looked up. A
    correction is a new update, so what was approved, by whom and when stays as it was."""

    list_display = ("element", "plan", "rag", "percent_complete", "as_at", "status", "submitted_by", "is_sample")
    list_filter = ("plan", "status", "rag", "is_sample")
    search_fields = ("element__title", "commentary", "review_comment")
    list_select_related = ("element", "plan", "submitted_by")
    raw_id_fields = ("element",)
    date_hierarchy = "as_at"
