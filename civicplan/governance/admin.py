from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from civicplan.core.admin_site import AdministratorOnlyAdmin, RecordAdmin

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
class WorkflowStepAdmin(AdministratorOnlyAdmin, SimpleHistoryAdmin):
    """Plan managers change the workflow from the organisation's workflow page (templates, each
    change recorded); here only an administrator edits single steps, with their history."""

    list_display = ("organisation", "from_status", "to_status", "name", "body", "needs_meeting", "order")
    list_filter = ("organisation",)


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    """Decisions are recorded on the plan's Decisions page; a correction is a new decision."""

    list_display = ("plan", "decided_on", "outcome", "from_status", "to_status", "meeting", "recorded_by")
    list_filter = ("outcome", "plan")


@admin.register(Baseline)
class BaselineAdmin(RecordAdmin):
    """Frozen when a plan is adopted; later changes are measured from it, so it never changes."""

    list_display = ("plan", "adopted_on", "decision")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(RecordAdmin):
    """Requested and decided on the plan's Changes page, where approving also changes the element."""

    list_display = ("plan", "kind", "element", "status", "requested_by", "decided_by", "created_at")
    list_filter = ("status", "kind", "plan")


admin.site.register(ConsultationNote)
admin.site.register(ReportingDate)
admin.site.register(Reminder)
