import datetime as dt

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Max

from civicplan.accounts.selectors import user_display_name
from civicplan.core.periods import parse_period
from civicplan.search.services import search_index_element

from .models import Element, ElementLink, FrameworkLevel, Plan
from .positions import element_slot_open, plan_lock
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
        steps, the meeting and the adopted baseline are never skipped; a new plan starts as a draft."""
        return ("status",)

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


class ElementAdminForm(forms.ModelForm):
    """The element form remembers which version it was opened from (the row's updated_at) and
    refuses to save over a newer one, naming who changed what, so no edit is silently lost."""

    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Element
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or not self.data.get("seen"):
            return cleaned
        try:
            seen = dt.datetime.fromisoformat(self.data["seen"])
        except ValueError:
            seen = None
        # Locked until the admin's transaction ends, so two saves cannot both pass this check.
        current = Element.objects.select_for_update().get(pk=self.instance.pk)
        if seen == current.updated_at:
            return cleaned
        record = current.history.select_related("history_user").order_by("-history_id").first()
        who = user_display_name(record.history_user) if record and record.history_user else "someone"
        when = record.history_date if record else current.updated_at
        changes = []
        if record and record.prev_record:
            changes = [f"{c.field.replace('_', ' ')}: “{c.new}”" for c in record.diff_against(record.prev_record).changes]
        self.data = self.data.copy()
        self.data["seen"] = current.updated_at.isoformat()
        raise ValidationError(
            "%(who)s changed this element at %(when)s, after you opened it%(changes)s. Nothing was saved: "
            "merge their change into this form, then save again.",
            params={"who": who, "when": when.strftime("%-d %B %Y %H:%M:%S"),
                    "changes": (" (" + "; ".join(changes) + ")") if changes else ""},
        )


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    form = ElementAdminForm
    list_display = ("__str__", "kind", "plan", "date_text", "date_start", "date_end", "owner")
    list_filter = ("plan", "kind", "date_precision")
    search_fields = ("title", "text", "label", "key", "date_text")
    list_select_related = ("plan",)
    raw_id_fields = ("parent",)
    autocomplete_fields = ("owner_person", "owner_portfolio")
    inlines = [LinkInline]
    fieldsets = (
        (None, {"fields": ("plan", "key", "kind", "parent", "label", "title", "text", "note", "seen")}),
        ("Order and weight", {"fields": ("order", "position", "depth", "weight")}),
        (
            "Target date",
            {"fields": ("date_text", "date_start", "date_end", "date_precision", "date_note")},
        ),
        ("Owner", {"fields": ("owner", "owner_person", "owner_portfolio")}),
    )

    # Places in the plan follow the tree (parent and order); the plan's lock keeps them unique.
    readonly_fields = ("position", "depth")

    def save_model(self, request, obj, form, change):
        """New date words are read into dates (unless the dates were set by hand too), and
        the edit is findable at once: the search index holds its own copy of the words. A new
        element takes the place after its parent's last descendant (or the plan's end)."""
        changed = set(form.changed_data)
        if not change:
            if obj.parent_id:
                obj.position, _ = element_slot_open(plan=obj.plan, parent=obj.parent)
                obj.depth = obj.parent.depth + 1
            else:
                plan_lock(obj.plan)
                obj.position = (Element.objects.filter(plan=obj.plan).aggregate(m=Max("position"))["m"] or -1) + 1
                obj.depth = 0
        if "date_text" in changed and not changed & {"date_start", "date_end", "date_precision"}:
            period = parse_period(obj.date_text, obj.plan.organisation.period_convention)
            obj.date_start, obj.date_end = period.start, period.end
            obj.date_precision, obj.date_note = period.precision.value, period.note[:300]
        super().save_model(request, obj, form, change)
        if not change or changed & {"parent", "order"}:  # placed or moved: document order follows the tree
            plan_document_order_renumber(plan=obj.plan)
        search_index_element(element=obj)


@admin.register(ElementLink)
class ElementLinkAdmin(admin.ModelAdmin):
    list_display = ("source", "link_type", "target", "target_ref")
    list_filter = ("link_type", "plan")
    raw_id_fields = ("source", "target")
    search_fields = ("source__title", "target__title", "target_ref")
