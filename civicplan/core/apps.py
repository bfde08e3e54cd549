from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "civicplan.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from .roles import role_permissions_sync

        post_migrate.connect(role_permissions_sync, dispatch_uid="civicplan-role-permissions")


class CivicPlanAdminConfig(admin_apps.AdminConfig):
    """The admin with CivicPlan's site, which lets plan managers in (see admin_site.py)."""

    default = False  # "civicplan.core" itself means CoreConfig

    default_site = "civicplan.core.admin_site.CivicPlanAdminSite"
