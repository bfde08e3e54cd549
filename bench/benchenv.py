"""Start Django for a bench the way the server runs it.

Every bench sets its own settings module (not `setdefault`: `make` exports the served settings,
config.settings.local, for every target) and collects the static files into the bench's own
var folder, so pages render with the same hashed manifest a live server uses. Production keeps
its strict manifest storage; the bench gives it what a deployment gives it (collectstatic).
"""

from __future__ import annotations

import os


def django_start(*, settings: str = "config.settings.local", collect_static: bool = True) -> None:
    """Set up Django with `settings`; collect static files when pages will be rendered.

    CIVICPLAN_VAR_DIR must already point at the bench's folder (each bench sets it), so the
    collected files land beside the bench database, never in the developer's var/.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
    if collect_static:
        from django.conf import settings as conf
        from django.core.management import call_command

        manifest = conf.STATIC_ROOT / "staticfiles.json"
        if not manifest.exists():  # a fresh clone, or a bench folder removed since
            call_command("collectstatic", interactive=False, verbosity=0)
