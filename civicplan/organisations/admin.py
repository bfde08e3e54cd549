from django.contrib import admin

from .models import Body, DirectService, Directorate, MemberAuthority, Organisation, Person, Portfolio, Role


class MemberInline(admin.TabularInline):
    model = MemberAuthority
    extra = 0
    fields = ("name", "short_name", "kind", "membership", "ons_code", "inner_london")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "financial_year_start_month", "quarter_convention", "manager_may_approve_own_work")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MemberInline]


@admin.register(MemberAuthority)
class MemberAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "ons_code", "kind", "membership", "inner_london", "organisation")
    list_filter = ("organisation", "kind", "membership", "inner_london")
    search_fields = ("name", "short_name", "ons_code")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "approves_plans", "organisation")
    list_filter = ("organisation", "kind", "approves_plans")
    search_fields = ("name", "short_name")


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name",)


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name",)


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("body", "portfolio", "directorate")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "telephone", "directorate", "organisation")
    list_filter = ("organisation", "directorate")
    search_fields = ("name", "email")
    autocomplete_fields = ("directorate", "member_authority")
    raw_id_fields = ("user",)
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "title", "body", "portfolio", "directorate", "start", "end")
    list_filter = ("kind", "body", "portfolio")
    search_fields = ("person__name", "title")
    autocomplete_fields = ("person", "body", "portfolio", "directorate")


@admin.register(DirectService)
class DirectServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "directorate", "organisation", "order")
    list_filter = ("organisation", "directorate")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
