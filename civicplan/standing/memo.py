"""What a process keeps of a plan on a date: statuses, drawn trees, page parts (ADR 0018).

Each kept thing is filed under `status_cache_key`, which names the plan's version as committed
in the database; every write to the plan changes the version, so nothing kept is ever read
stale, and every worker sees every write. Kept in the process rather than the shared cache
because turning thousands of objects back from bytes costs more than working them out.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from civicplan.plans.models import Plan
from civicplan.plans.versions import plan_version

T = TypeVar("T")

# A day: entries for past versions are never read again, and expire rather than fill the cache.
CACHE_SECONDS = 24 * 60 * 60


def remembering() -> bool:
    """False where caching is off (CIVICPLAN_CACHE=none), to measure or debug without it."""
    return not settings.CACHES["default"]["BACKEND"].endswith("DummyCache")


def status_cache_key(*, plan: Plan, as_at: dt.date, what: str = "status", version: int | None = None) -> str | None:
    """The key of something drawn from the whole plan on a date: it names the plan's current
    version (read now unless the caller just read it), which every write changes
    (freshness.py), so a stale entry is never read."""
    version = plan_version(plan) if version is None else version
    if version is None:
        return None
    return f"standing:{what}:{plan.pk}:{as_at.isoformat()}:{version}"


class VersionMemo:
    """A bounded, least-recently-used store of things made from a plan version: at most `size`
    entries, and (with `weight`) at most `budget` in all, so a few large plans cannot take the
    worker's memory."""

    def __init__(self, name: str, *, size: int = 16, budget: int | None = None,
                 weight: Callable[[object], int] | None = None):
        self.name, self.size, self.budget, self.weight = name, size, budget, weight
        self._kept: OrderedDict[str, object] = OrderedDict()
        _ALL.append(self)

    def get(self, key: str | None):
        if key is None:
            return None
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: str | None, value) -> None:
        if key is None or not remembering():
            return
        self._kept[key] = value
        self._kept.move_to_end(key)
        while len(self._kept) > self.size or (
            self.budget is not None and len(self._kept) > 1
            and sum(self.weight(v) for v in self._kept.values()) > self.budget
        ):
            self._kept.popitem(last=False)

    def get_or_make(self, key: str | None, make: Callable[[], T]) -> T:
        found = self.get(key)
        if found is None:
            found = make()
            self.put(key, found)
        return found

    def clear(self) -> None:
        self._kept.clear()


_ALL: list[VersionMemo] = []


def forget_all() -> None:
    """Drop everything this process keeps (tests whose database is rolled back between them,
    where a plan id and version can come back with other contents)."""
    for memo in _ALL:
        memo.clear()
