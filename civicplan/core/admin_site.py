"""The Django admin as plan managers use it.

Plan managers edit plan structure, people and meetings in the admin without being made
staff by hand: their role lets them in, and the role's model permissions (kept in step by
`role_permissions_sync` after every migrate) decide what each of them may change there.
"""

from __future__ import annotations

from django.contrib import admin

from .permissions import Role, user_role


class CivicPlanAdminSite(admin.AdminSite):
    site_header = "CivicPlan administration"
    site_title = "CivicPlan administration"
    index_title = "Plans, organisations and people"

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_staff or user_role(user) >= Role.PLAN_MANAGER)


class RecordAdmin(admin.ModelAdmin):
    """An append-only record (a decision, an adopted baseline, a change request, a progress
    update): the admin shows it to anyone allowed in and lets nobody, an administrator included,
    add, change or delete it. Records are made and decided only by the services, which check the
    rules (a meeting for the step, the element changing with its approved change, who may
    approve what) and keep the history; a correction is a new record."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AdministratorOnlyAdmin(admin.ModelAdmin):
    """Rules every plan depends on (the approval workflow): plan managers read them here; only
    an administrator changes them, and each change is kept in the model's history."""

    def _administrator(self, request) -> bool:
        return user_role(request.user) >= Role.ADMIN

    def has_add_permission(self, request) -> bool:
        return self._administrator(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._administrator(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._administrator(request)
