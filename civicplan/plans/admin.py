from django.contrib import admin

from civicplan.core.periods import parse_period
from civicplan.search.services import search_index_element

from .models import Element, ElementLink, FrameworkLevel, Plan
from .services import plan_document_order_renumber


class FrameworkLevelInline(admin.TabularInline):
    model = FrameworkLevel
    extra = 0
    fields = ("order", "kind", "name", "plural", "parents")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "status", "period_text", "body", "organisation")
    list_filter = ("organisation", "kind", "status", "body")
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("predecessor", "body")
    inlines = [FrameworkLevelInline]

    def get_readonly_fields(self, request, obj=None):
        """A plan's status moves only by a recorded decision (the plan's Decisions page), so the
        steps, the meeting and the adopted baseline are never skipped; a new plan picks its first."""
        return ("status",) if obj is not None else ()

    fieldsets = (
        (None, {"fields": ("organisation", "title", "slug", "kind", "status")}),
        ("Period", {"fields": ("period_text", "period_start", "period_end")}),
        ("Source", {"fields": ("source_document", "predecessor", "predecessor_slug")}),
        (
            "Committee report front matter",
            {
                "fields": (
                    "body", "item_no", "meeting_date", "report_by", "job_title",
                    "contact_officer", "contact_email", "contact_phone", "summary", "recommendations",
                )
            },
        ),
    )


class LinkInline(admin.TabularInline):
    model = ElementLink
    fk_name = "source"
    extra = 0
    raw_id_fields = ("target",)
    fields = ("link_type", "target", "target_ref", "order")


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "plan", "date_text", "date_start", "date_end", "owner")
    list_filter = ("plan", "kind", "date_precision")
    search_fields = ("title", "text", "label", "key", "date_text")
    list_select_related = ("plan",)
    raw_id_fields = ("parent",)
    autocomplete_fields = ("owner_person", "owner_portfolio")
    inlines = [LinkInline]
    fieldsets = (
        (None, {"fields": ("plan", "key", "kind", "parent", "label", "title", "text", "note")}),
        ("Order and weight", {"fields": ("order", "position", "depth", "weight")}),
        (
            "Target date",
            {"fields": ("date_text", "date_start", "date_end", "date_precision", "date_note")},
        ),
        ("Owner", {"fields": ("owner", "owner_person", "owner_portfolio")}),
    )

    def save_model(self, request, obj, form, change):
        """New date words are read into dates (unless the dates were set by hand too), and
        the edit is findable at once: the search index holds its own copy of the words."""
        changed = set(form.changed_data)
        if "date_text" in changed and not changed & {"date_start", "date_end", "date_precision"}:
            period = parse_period(obj.date_text, obj.plan.organisation.period_convention)
            obj.date_start, obj.date_end = period.start, period.end
            obj.date_precision, obj.date_note = period.precision.value, period.note[:300]
        super().save_model(request, obj, form, change)
        if changed & {"parent", "order"}:  # moved: the plan's document order follows the tree
            plan_document_order_renumber(plan=obj.plan)
        search_index_element(element=obj)


@admin.register(ElementLink)
class ElementLinkAdmin(admin.ModelAdmin):
    list_display = ("source", "link_type", "target", "target_ref")
    list_filter = ("link_type", "source__plan")
    raw_id_fields = ("source", "target")
    search_fields = ("source__title", "target__title", "target_ref")
