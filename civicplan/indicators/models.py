"""Indicators, the areas they are measured for, their values per period and versioned targets."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicplan.core.models import TimeStampedModel

ONS_ATTRIBUTION = (
    "Source: Office for National Statistics, Explore Local Statistics; contains public sector "
    "information licensed under the Open Government Licence v3.0."
)


class Indicator(TimeStampedModel):
    """A measure: what it counts, which way is better, how often it is published, where from."""

    class Measure(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        COUNT = "count", "Count"
        RATE = "rate", "Rate"
        MONEY = "money", "Money"
        DURATION = "duration", "Duration"
        OTHER = "other", "Other"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEUTRAL = "neutral", "Neither higher nor lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    dataset = models.CharField(max_length=100, blank=True, help_text="The source's own dataset name.")
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=100, blank=True, help_text="As printed beside a value, e.g. %, £, mins.")
    unit_label = models.CharField(max_length=200, blank=True, help_text="The measure in words, e.g. Rate per 1,000.")
    measure = models.CharField(max_length=20, choices=Measure.choices, default=Measure.OTHER)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.NEUTRAL)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL)
    cumulative = models.BooleanField(default=False, help_text="Values add up over the year (else a snapshot).")
    decimal_places = models.PositiveSmallIntegerField(default=1)
    source = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    attribution = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    published = models.BooleanField(default=False, help_text="Shown on the public site.")
    elements = models.ManyToManyField("plans.Element", blank=True, related_name="indicators")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """Where a value is measured: a member authority, a region, a nation or an organisation."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        AUTHORITY = "authority", "Member authority"
        REGION = "region", "Region"
        NATION = "nation", "Nation"

    class SubRegion(models.TextChoices):
        INNER = "inner", "Inner London"
        OUTER = "outer", "Outer London"
        NONE = "", "Not known"

    code = models.CharField(max_length=20, unique=True, help_text="ONS GSS code where there is one.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sub_region = models.CharField(max_length=10, choices=SubRegion.choices, blank=True, default="")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Value(models.Model):
    """One published figure: an indicator for an area over a period (ISO 8601 interval)."""

    class Status(models.TextChoices):
        FINAL = "", "Final"
        PROVISIONAL = "provisional", "Provisional"
        REVISED = "revised", "Revised"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=40, help_text="ISO 8601 interval, e.g. 2021-04-01/P1Y.")
    period_start = models.DateField()
    period_end = models.DateField(help_text="Last day of the period (inclusive).")
    value = models.FloatField(null=True, blank=True, help_text="Empty where the source publishes no figure.")
    lci = models.FloatField(null=True, blank=True)
    uci = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, blank=True, default="")
    flag = models.CharField(max_length=2, blank=True, help_text="Source quality mark (u, x, z, c).")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "area", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period"], name="value_unique_period")
        ]
        indexes = [
            models.Index(fields=["indicator", "period_start", "area"], name="value_comparison"),
            # Covering indexes for an authority's scorecard: its history read from the index alone,
            # and every area's figures for the latest periods without touching the table.
            models.Index(fields=["area", "period_start", "indicator", "value", "id"], name="value_area_history"),
            models.Index(fields=["indicator", "period_start", "period", "area", "value", "lci", "uci"],
                         name="value_peers"),
        ]


class Target(models.Model):
    """A target with tolerance bands. Never edited: each change is a new row saying who and why."""

    class Tolerance(models.TextChoices):
        BANDS = "bands", "Red and amber thresholds"
        PERCENT = "percent", "Within a percentage of the target"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=40)
    value = models.FloatField()
    tolerance = models.CharField(max_length=10, choices=Tolerance.choices, default=Tolerance.PERCENT)
    amber_threshold = models.FloatField(null=True, blank=True)
    red_threshold = models.FloatField(null=True, blank=True)
    within_percent = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["indicator", "area", "period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period", "version"], name="target_unique_version")
        ]
