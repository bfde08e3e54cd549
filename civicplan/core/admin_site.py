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
