"""The role groups and the model permissions each carries into the admin.

Run after every migrate, so a new model gets its permissions on the next `civicplan setup`
and a fresh database has them from the start (permissions only exist after migrate, so a
data migration could not grant them).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .permissions import GROUP_FOR_ROLE, Role

# app label -> the actions plan managers may take on every model of that app in the admin.
PLAN_MANAGER_ADMIN = {
    "plans": ("add", "change", "delete", "view"),
    "organisations": ("add", "change", "delete", "view"),
    "governance": ("add", "change", "delete", "view"),
    # Progress is approved in the app (with its audit trail), reports are generated there,
    # import drafts are reviewed there: the admin only shows them.
    "delivery": ("view",),
    "reports": ("view",),
    "importer": ("view",),
}


def role_permissions_sync(**kwargs) -> None:
    """Make sure every role group exists and plan managers hold exactly their admin permissions."""
    for name in GROUP_FOR_ROLE.values():
        Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for app_label, actions in PLAN_MANAGER_ADMIN.items():
        wanted |= Q(content_type__app_label=app_label, codename__regex=rf"^({'|'.join(actions)})_")
    group = Group.objects.get(name=GROUP_FOR_ROLE[Role.PLAN_MANAGER])
    group.permissions.set(Permission.objects.filter(wanted))
