from django.contrib import admin

from .models import ImportDraft


@admin.register(ImportDraft)
class ImportDraftAdmin(admin.ModelAdmin):
    list_display = ("source_name", "owner", "file_type", "created_at", "saved_plan")
    readonly_fields = ("plan", "source_text")
