"""The shape of a plan on a date: what was dropped or added by then, and the words and target
dates each element had then (approved change requests and the elements' history decide)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.utils import timezone

from civicplan.governance.models import ChangeRequest
from civicplan.plans.models import Element, Plan
from civicplan.plans.selectors import plan_children, with_descendants


def approved_drops(*, plan: Plan) -> dict[int, dt.date]:
    """Element id -> the day an approved change request dropped it (one query)."""
    drops: dict[int, dt.date] = {}
    for element_id, decided_at in ChangeRequest.objects.filter(
        plan=plan, kind=ChangeRequest.Kind.DROP, status=ChangeRequest.Status.APPROVED, element__isnull=False
    ).order_by().values_list("element_id", "decided_at"):
        day = timezone.localdate(decided_at) if decided_at else dt.date.min
        drops[element_id] = min(day, drops.get(element_id, day))
    return drops


def added_after(*, plan: Plan, as_at: dt.date) -> set[int]:
    """Elements an approved change request added to the plan after a day (one query)."""
    return set(ChangeRequest.objects.filter(
        plan=plan, kind=ChangeRequest.Kind.ADD, status=ChangeRequest.Status.APPROVED, element__isnull=False,
        decided_at__gte=day_end(as_at),
    ).values_list("element_id", flat=True))


def dropped_element_ids(
    *, plan: Plan, as_at: dt.date | None = None, children: Mapping[int | None, Iterable[int]] | None = None
) -> set[int]:
    """Elements dropped by an approved change request (by `as_at`, when given: a page shown as
    at an earlier date still shows the work then under way), with everything under them.
    Pass the plan's `children` (parent id -> child ids) when already read, to save a query."""
    roots = {element_id for element_id, day in approved_drops(plan=plan).items() if as_at is None or day <= as_at}
    if not roots:
        return roots
    return with_descendants(roots, children if children is not None else plan_children(plan=plan))


_REPLAYED_FIELDS = ("title", "text", "date_text", "date_start", "date_end", "date_precision", "date_note")


def elements_as_they_stood(elements: list[Element], *, plan: Plan, as_at: dt.date) -> None:
    """Put back the words and target dates these elements had at the end of a day, where they
    were changed later (changed in memory only).

    An element's history says what it was (each gets a first record when its plan is loaded);
    one edited after the day shows its last record before the day ends, or the record made when
    it was loaded. Elements loaded before first records were kept fall back on the previous
    values each approved re-date or re-scope keeps. One query when nothing changed since.
    """
    cutoff = day_end(as_at)
    history = Element.history.model
    edited = set(history.objects.filter(plan_id=plan.id, history_type="~", history_date__gte=cutoff)
                 .values_list("id", flat=True))
    stood: dict[int, dict] = {}
    unrecorded: set[int] = set()
    if edited:
        records: dict[int, list[dict]] = defaultdict(list)
        for record in history.objects.filter(id__in=edited).order_by("history_date", "history_id").values(
            "id", "history_type", "history_date", *_REPLAYED_FIELDS
        ):
            records[record["id"]].append(record)
        for element_id, rows in records.items():
            if rows[0]["history_type"] != "+":
                unrecorded.add(element_id)
                continue
            before = [row for row in rows if row["history_date"] < cutoff]
            record = before[-1] if before else rows[0]
            stood[element_id] = {name: record[name] for name in _REPLAYED_FIELDS}
    if unrecorded:
        later = ChangeRequest.objects.filter(
            element_id__in=unrecorded, status=ChangeRequest.Status.APPROVED,
            kind__in=(ChangeRequest.Kind.REDATE, ChangeRequest.Kind.RESCOPE), decided_at__gte=cutoff,
        ).order_by("decided_at", "id").values_list("element_id", "previous")
        for element_id, previous in later:
            if previous and element_id not in stood:  # the first change after the day saw it as it stood
                values = {"title": previous.get("title"), "text": previous.get("text")}
                if "date_text" in previous:
                    values.update(
                        date_text=previous["date_text"], date_precision=previous.get("precision", ""),
                        date_start=dt.date.fromisoformat(previous["start"]) if previous.get("start") else None,
                        date_end=dt.date.fromisoformat(previous["end"]) if previous.get("end") else None,
                        date_note=previous.get("note", ""),
                    )
                stood[element_id] = {name: value for name, value in values.items() if value is not None}
    if not stood:
        return
    for element in elements:
        values = stood.get(element.id)
        if values is None:
            continue
        for name, value in values.items():
            setattr(element, name, value)


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after a day, in the local time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))

