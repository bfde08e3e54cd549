from django.contrib import admin
from django.db import models

from .models import ProgressUpdate


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """Progress is submitted and approved in the app; here it can be looked up and, by an
    administrator, corrected."""

    list_display = ("element", "plan", "rag", "percent_complete", "as_at", "status", "submitted_by", "is_sample")
    list_filter = ("plan", "status", "rag", "is_sample")
    search_fields = ("element__title", "commentary", "review_comment")
    list_select_related = ("element", "plan", "submitted_by")
    raw_id_fields = ("element",)
    date_hierarchy = "as_at"
    readonly_fields = ("plan", "submitted_by", "reviewed_by", "reviewed_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
