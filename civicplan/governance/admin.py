from django.contrib import admin

from .models import AgendaItem, Baseline, ChangeRequest, ConsultationNote, Decision, Meeting, Reminder, ReportingDate, WorkflowStep


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("number", "title", "plan")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("date", "body", "title")
    list_filter = ("body",)
    inlines = [AgendaItemInline]


@admin.register(WorkflowStep)
class WorkflowStepAdmin(admin.ModelAdmin):
    list_display = ("organisation", "from_status", "to_status", "name", "body", "needs_meeting", "order")
    list_filter = ("organisation",)
    list_editable = ("order",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("plan", "decided_on", "outcome", "from_status", "to_status", "meeting", "recorded_by")
    list_filter = ("outcome", "plan")

    def has_change_permission(self, request, obj=None):
        return False  # decisions are a record: a correction is a new decision


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ("plan", "adopted_on", "decision")
    readonly_fields = ("plan", "decision", "adopted_on", "snapshot")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ("plan", "kind", "element", "status", "requested_by", "decided_by", "created_at")
    list_filter = ("status", "kind", "plan")
    readonly_fields = ("previous",)


admin.site.register(ConsultationNote)
admin.site.register(ReportingDate)
admin.site.register(Reminder)
