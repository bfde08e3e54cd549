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


def timed(action, *, runs: int, before=None) -> tuple[float, float]:
    """p50 and p95 wall-clock milliseconds of `action` over `runs` runs after one warm-up run;
    `before` (if given) runs ahead of each, untimed (e.g. to forget what is kept, for a cold
    figure)."""
    import statistics
    import time

    if before:
        before()
    action()  # warm
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]
