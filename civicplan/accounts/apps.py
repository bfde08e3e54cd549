from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "civicplan.accounts"
    label = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from . import signals  # noqa: F401  (tokens revoked when a password changes)

        checks.register(role_map_check, checks.Tags.security)


def role_map_check(app_configs=None, **kwargs):
    """A mistyped OIDC_ROLE_MAP is an error at start-up, not a puzzle at someone's sign-in."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from .oidc import role_map_parse

    try:
        role_map_parse(getattr(settings, "OIDC_ROLE_MAP", ""))
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="civicplan.E015")]
    return []
