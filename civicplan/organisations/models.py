"""The organisation that plans, its member authorities, bodies, people and roles."""

from django.db import models
from simple_history.models import HistoricalRecords

from civicplan.core.models import AUDIT_EXCLUDED, TimeStampedModel
from civicplan.core.periods import PeriodConvention


class Organisation(TimeStampedModel):
    """A planning organisation, e.g. London Councils, with its date conventions."""

    class QuarterConvention(models.TextChoices):
        CALENDAR = "calendar", "Calendar quarters (Q1 = January to March)"
        FINANCIAL = "financial", "Financial quarters (Q1 = first quarter of the financial year)"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    financial_year_start_month = models.PositiveSmallIntegerField(
        default=4, help_text="Month the financial year starts (4 = April for UK public bodies)."
    )
    quarter_convention = models.CharField(
        max_length=10,
        choices=QuarterConvention.choices,
        default=QuarterConvention.CALENDAR,
        help_text='How a target date such as "Q2 2023" is read. The words are always kept.',
    )
    manager_may_approve_own_work = models.BooleanField(
        default=True,
        help_text=(
            "Whether a plan manager may approve their own progress update or change request. "
            "When off, someone else must approve it (separation of duties)."
        ),
    )
    workflow_template = models.CharField(
        max_length=50, blank=True,
        help_text="The approval workflow template its plans follow (empty: the default, Cabinet approval).",
    )

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def period_convention(self) -> PeriodConvention:
        return PeriodConvention(
            quarters=self.quarter_convention, fy_start_month=self.financial_year_start_month
        )


class MemberAuthority(TimeStampedModel):
    """A council in membership (a London borough, the City of London) or an associate member."""

    class Kind(models.TextChoices):
        LONDON_BOROUGH = "london_borough", "London borough"
        CITY = "city", "City of London"
        ASSOCIATE = "associate", "Associate member"

    class Membership(models.TextChoices):
        MEMBER = "member", "Member"
        ASSOCIATE = "associate", "Associate"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    membership = models.CharField(max_length=10, choices=Membership.choices, default=Membership.MEMBER)
    ons_code = models.CharField(
        max_length=9, blank=True, help_text="ONS GSS code, e.g. E09000001 for the City of London."
    )
    inner_london = models.BooleanField(
        null=True, blank=True, help_text="Inner or outer London (ONS statistical definition)."
    )

    class Meta:
        ordering = ["organisation", "membership", "name"]
        verbose_name_plural = "member authorities"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="member_unique_name"),
            models.UniqueConstraint(
                fields=["organisation", "ons_code"],
                condition=~models.Q(ons_code=""),
                name="member_unique_ons_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Body(TimeStampedModel):
    """A committee, board or group that discusses, approves or monitors plans."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Committee"
        EXECUTIVE = "executive", "Executive"
        OFFICERS = "officers", "Officer group"
        MEMBERS = "members", "Member group"
        WORKING_GROUP = "working_group", "Working or task-and-finish group"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    description = models.TextField(blank=True)
    meets = models.CharField(
        max_length=200, blank=True, help_text='How often it meets, e.g. "monthly except January and August".'
    )
    approves_plans = models.BooleanField(
        default=False, help_text="Whether this body approves or adopts plans."
    )

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="body_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Directorate(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="directorates"
    )
    name = models.CharField(max_length=200)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="directorate_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Portfolio(TimeStampedModel):
    """A political portfolio (Transport & Environment, Housing & Planning...) held by a member."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="portfolios"
    )
    name = models.CharField(max_length=200)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="portfolio_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """An elected member or officer, optionally tied to a sign-in account."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    user = models.OneToOneField(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    member_authority = models.ForeignKey(
        MemberAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="For an elected member: the council they lead or represent.",
    )

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="person_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(TimeStampedModel):
    """A person's role, for a period: Chair, Chief Executive, portfolio holder, lead officer..."""

    class Kind(models.TextChoices):
        CHAIR = "chair", "Chair"
        DEPUTY_CHAIR = "deputy_chair", "Deputy Chair"
        CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
        DIRECTOR = "director", "Director"
        PORTFOLIO_HOLDER = "portfolio_holder", "Portfolio holder"
        SHADOW_PORTFOLIO_HOLDER = "shadow_portfolio_holder", "Shadow portfolio holder"
        CONTACT_OFFICER = "contact_officer", "Contact officer"
        LEAD_OFFICER = "lead_officer", "Lead officer"
        BODY_MEMBER = "body_member", "Member of a body"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="The job title as printed.")
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    portfolio = models.ForeignKey(
        Portfolio, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.CASCADE, related_name="roles"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    # Who changed it, when, and what it was before (the audit trail, civicplan/audit/).
    history = HistoricalRecords(excluded_fields=AUDIT_EXCLUDED)

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(start__lte=models.F("end")),
                name="role_start_before_end",
            )
        ]

    def __str__(self) -> str:
        where = self.portfolio or self.body or self.directorate or ""
        return f"{self.person}: {self.get_kind_display()}{f' ({where})' if where else ''}"


class DirectService(TimeStampedModel):
    """A service the organisation runs on its members' behalf (Freedom Pass, Taxicard...)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    facts = models.JSONField(
        default=list,
        blank=True,
        help_text='Scale facts as printed, each {"fact": ..., "source": plan slug}.',
    )
    match_terms = models.JSONField(
        default=list, blank=True, help_text="Names the plans use for this service, to find its priorities."
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="service_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name
