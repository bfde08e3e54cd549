from django.contrib import admin

from .models import Area, Indicator, Target, Value


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "measure", "polarity", "frequency", "published", "owner")
    list_filter = ("measure", "polarity", "frequency", "published")
    search_fields = ("name", "slug", "definition")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("elements",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "sub_region")
    list_filter = ("kind", "sub_region")
    search_fields = ("name", "code")


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "area", "period", "value", "lci", "uci", "status", "flag")
    list_filter = ("status", "indicator")
    search_fields = ("indicator__name", "area__name", "period")
    list_select_related = ("indicator", "area")
    raw_id_fields = ("indicator", "area")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets are versioned: the admin shows them, changes are made by adding a new version."""

    list_display = ("indicator", "area", "period", "value", "tolerance", "version", "set_by", "set_at")
    readonly_fields = ("set_at",)
    raw_id_fields = ("indicator", "area")
