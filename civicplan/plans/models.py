"""A plan and its tree of elements, as the source papers write them.

Every year's framework differs (objectives and sub-priorities one year, portfolios and
numbered priorities the next), so the kinds a plan uses, what it calls them and how
they nest live with the plan (`FrameworkLevel`), not in code.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from civicplan.core.models import AUDIT_EXCLUDED, TimeStampedModel
from civicplan.core.periods import Precision, TargetPeriod
from civicplan.organisations.models import Body, Directorate, Organisation, Person, Portfolio

# Roll-up weights: an element counts 0 (not at all) to this many times as much as a sibling of weight 1.
WEIGHT_MAX = 1000


class ElementKind(models.TextChoices):
    PURPOSE = "purpose", "Purpose"
    PRINCIPLE = "principle", "Principle"
    THEME = "theme", "Theme"
    CORE_AREA = "core_area", "Core area"
    OBJECTIVE = "objective", "Objective"
    SUB_PRIORITY = "sub_priority", "Sub-priority"
    PORTFOLIO = "portfolio", "Portfolio"
    SECTION = "section", "Section"
    SERVICE = "service", "Service"
    PRIORITY = "priority", "Priority"
    OUTPUT = "output", "Output"
    MILESTONE = "milestone", "Milestone"
    PLEDGE_AREA = "pledge_area", "Pledge area"
    PLEDGE = "pledge", "Pledge"
    DIRECTORATE = "directorate", "Directorate"
    EQUALITY_OBJECTIVE = "equality_objective", "Equality objective"
    KEY_EVENT = "key_event", "Key political event"
    IMPLICATION = "implication", "Implication"
    OTHER = "other", "Other"


def new_version() -> int:
    """A plan's version: random rather than counted, so that a plan created later under the
    id of a deleted one does not start at a number cached pages of the old one used."""
    import secrets

    return secrets.randbits(62)


class Plan(TimeStampedModel):
    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", "Business plan"
        MILESTONES_PLAN = "milestones_plan", "Milestones plan"
        STRATEGY_REVIEW = "strategy_review", "Strategy review"
        WORK_PROGRAMME = "work_programme", "Work programme"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        WITH_PORTFOLIO_HOLDERS = "with_portfolio_holders", "With portfolio holders"
        EXECUTIVE = "executive", "At Executive"
        LEADERS_COMMITTEE = "leaders_committee", "At Leaders' Committee"
        ADOPTED = "adopted", "Adopted"
        IN_DELIVERY = "in_delivery", "In delivery"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.BUSINESS_PLAN)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_text = models.CharField(max_length=200, blank=True, help_text='As written, e.g. "2019/20".')
    source_document = models.CharField(max_length=300, blank=True)
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    predecessor_slug = models.CharField(
        max_length=100,
        blank=True,
        help_text="Slug of the predecessor plan as named in the plan file, kept when it is not loaded.",
    )
    # Committee-report front matter, as printed on the paper.
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans",
        help_text="The committee the paper went to.",
    )
    item_no = models.CharField(max_length=20, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    report_by = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    contact_officer = models.CharField(max_length=200, blank=True)
    contact_email = models.CharField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    summary = models.TextField(blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    # Changes on every write to the plan or anything in it (civicplan/standing/freshness.py), so
    # figures and drawings cached under it are never read after the plan has changed (ADR 0018).
    version = models.BigIntegerField(default=new_version, editable=False)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=[*AUDIT_EXCLUDED, "version"])

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="plan_period_start_before_end",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def short_name(self) -> str:
        """How a sentence names the plan: its years when the period reads as years ("2019/20",
        "2022-2023"), else its title (a period such as "until the end of 2023" names nothing)."""
        period = self.period_text.strip()
        return period if period[:1].isdigit() else self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:plan-detail", kwargs={"slug": self.slug})


class FrameworkLevel(models.Model):
    """One kind of element a plan uses, with the plan's own name for it and where it may sit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="levels")
    kind = models.CharField(max_length=30, choices=ElementKind.choices)
    name = models.CharField(max_length=100)
    plural = models.CharField(max_length=100)
    parents = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds this may sit under; null in the list (or an empty list) means top level.",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="level_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.plan.slug}: {self.name}"

    def allows_parent(self, parent_kind: str | None) -> bool:
        if parent_kind is None:
            return not self.parents or None in self.parents
        return parent_kind in self.parents


class Element(TimeStampedModel):
    """A node of a plan: a theme, objective, priority, output, milestone, pledge..."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="elements")
    key = models.CharField(
        max_length=100, help_text="Identifier within the plan, as in the plan file (e.g. ms-2.1-3)."
    )
    kind = models.CharField(max_length=30, choices=ElementKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    label = models.CharField(max_length=20, blank=True, help_text='As printed: "3", "b", "2.1".')
    title = models.TextField()
    text = models.TextField(blank=True, help_text="The body as printed.")
    note = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Position among its siblings.")
    position = models.PositiveIntegerField(
        default=0, help_text="Position in the whole plan, in document order."
    )
    depth = models.PositiveSmallIntegerField(default=0)
    # Target period: the words as written plus a normalised inclusive period.
    date_text = models.CharField(max_length=200, blank=True)
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=20, blank=True, choices=[(p.value, p.value.replace("_", " ")) for p in Precision]
    )
    date_note = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MaxValueValidator(WEIGHT_MAX)],
        help_text=f"How much this element counts when progress rolls up to its parent (0 to {WEIGHT_MAX}).",
    )
    owner = models.CharField(max_length=200, blank=True, help_text="Owner as written in the plan.")
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_elements"
    )
    owner_portfolio = models.ForeignKey(
        Portfolio, null=True, blank=True, on_delete=models.SET_NULL, related_name="elements"
    )
    deputy_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="deputised_elements",
        help_text="Acts for the owner: may report progress on it too.",
    )
    team = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="elements",
        help_text="The directorate or team that delivers it.",
    )
    history = HistoricalRecords(
        excluded_fields=["position", "depth", "order", "created_at", "updated_at"],
        cascade_delete_history=True,
    )

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="element_unique_key"),
            # One element per place in the plan's document order (plans/positions.py keeps it so).
            models.UniqueConstraint(fields=["plan", "position"], name="element_unique_position"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="element_not_its_own_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(date_start__isnull=True)
                | models.Q(date_end__isnull=True)
                | models.Q(date_start__lte=models.F("date_end")),
                name="element_date_start_before_end",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "kind"]),
            models.Index(fields=["plan", "parent", "order"]),
            models.Index(fields=["date_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    def clean(self):
        """The tree stays a tree: a parent in the same plan, never the element or anything under it."""
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "An element cannot sit under itself."})
        parent = self.parent
        if parent.plan_id != self.plan_id:
            raise ValidationError({"parent": f"The parent must be in the same plan, {self.plan.title}."})
        node, seen = parent, set()
        while node is not None and node.pk not in seen:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError({"parent": "An element cannot sit under something that sits under it."})
            seen.add(node.pk)
            node = node.parent

    @property
    def target_period(self) -> TargetPeriod | None:
        if not self.date_text:
            return None
        return TargetPeriod(
            text=self.date_text,
            start=self.date_start,
            end=self.date_end,
            precision=Precision(self.date_precision or Precision.UNKNOWN),
            note=self.date_note,
        )


class ElementLinkQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Links made in bulk carry their source's plan too (save() is not called for them)."""
        objs = list(objs)
        for link in objs:
            link.plan_id = link_plan_id(link)
        return super().bulk_create(objs, *args, **kwargs)


def link_plan_id(link: "ElementLink") -> int:
    """The plan a link belongs to: its source's (the one rule every writer goes through)."""
    if link.source_id is None:
        raise ValueError("A link needs its source element before it is saved.")
    field = ElementLink._meta.get_field("source")
    if field.is_cached(link) and field.get_cached_value(link).pk == link.source_id:
        return field.get_cached_value(link).plan_id
    return Element.objects.filter(pk=link.source_id).values_list("plan_id", flat=True).get()


class ElementLink(models.Model):
    """A typed link: a milestone contributes to sub-priorities; an element continues an earlier one."""

    class Type(models.TextChoices):
        CONTRIBUTES_TO = "contributes_to", "Contributes to"
        CONTINUES = "continues", "Continues"
        RELATES_TO = "relates_to", "Relates to"

    source = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="links_out")
    # The source's plan, set on every save and bulk create (`link_plan_id`): a plan's links are
    # then read through an index on the link table, never by joining every plan's elements. The
    # (plan, link_type) index below serves every read by plan, so the column has no index of its own.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="links", editable=False, db_index=False)
    link_type = models.CharField(max_length=20, choices=Type.choices)
    target = models.ForeignKey(
        Element, null=True, blank=True, on_delete=models.SET_NULL, related_name="links_in",
        help_text="Empty while the target's plan is not loaded (see target_ref).",
    )
    target_ref = models.CharField(
        max_length=250,
        help_text="The target as written in the plan file: ELEMENT-ID, or PLAN-SLUG#ELEMENT-ID.",
    )
    order = models.PositiveIntegerField(default=0)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords()

    objects = ElementLinkQuerySet.as_manager()

    class Meta:
        ordering = ["source", "order"]
        indexes = [models.Index(fields=["plan", "link_type"])]

    def save(self, *args, **kwargs):
        self.plan_id = link_plan_id(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "plan" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "plan"]
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.source} {self.get_link_type_display().lower()} {self.target or self.target_ref}"


@receiver(pre_save, sender=ElementLink)
def _link_plan_when_loaded(sender, instance: ElementLink, raw: bool, **kwargs) -> None:
    """A backup or fixture written before links carried their plan still loads: loaddata saves
    each row raw, past save(), so a link without its plan is given its source's here."""
    if raw and instance.plan_id is None:
        instance.plan_id = link_plan_id(instance)
