"""Replacing a plan from a file in place, so its history stays with the elements that remain.

`civicplan load --replace FILE` once deleted the plan and loaded the file afresh, taking with it
every progress update, change request, decision and baseline. Now the plan row is kept (its
decisions, baselines, meetings and reports stay as they are) and each element of the file is
matched to an element of the plan: first by its id (the element's key), then by its path of
labels from the root ("2 > b", or the title where an element has no label), when exactly one
element of the plan has that path. Matched elements keep their database row and so everything
tied to them; the file's words, dates, owner text and place are written onto them. Elements of
the plan the file no longer has are removed, and what hangs on them is counted first: a replace
that would remove history is refused unless the caller says to discard it.

The history is found generically, from every relation that points at an element, so a new kind
of record tied to elements is protected without this module knowing it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from .models import Element, ElementLink, Plan

# Relations that are the plan's own structure (rebuilt from the file) or a copy of it.
_STRUCTURE = {(Element, "parent"), (ElementLink, "source")}


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _step(kind: str, label: str, title: str) -> tuple[str, str]:
    """One step of a path: the element's label as printed, else its title."""
    return (kind, label.strip().lower()) if label and label.strip() else (kind, "title:" + _words(title))


def _history_relations() -> list[tuple[type[models.Model], str, tuple[str, str]]]:
    """(model, field name, what to call one row and several) for every relation that ties records to an element."""
    relations = []
    for rel in Element._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete) or rel.many_to_many:
            continue  # forward fields; many-to-many are counted through their link tables
        model, name = rel.related_model, rel.field.name
        if (model, name) in _STRUCTURE or rel.on_delete is models.DO_NOTHING:  # structure; history copies
            continue
        if model is ElementLink:
            words = ("link from another plan", "links from other plans")
        elif model._meta.auto_created:  # a many-to-many link table, e.g. reminders' elements
            owner = model._meta.auto_created._meta.verbose_name
            words = (f"{owner} link", f"{owner} links")
        else:
            words = (str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
        relations.append((model, name, words))
    return relations


def _history_rows(*, plan: Plan, element_ids: list[int]):
    """(what it is, the relation's field, its rows tied to these elements), in chunks within
    every database's limit of parameters."""
    for model, name, words in _history_relations():
        for start in range(0, len(element_ids), 500):
            queryset = model.objects.filter(**{f"{name}__in": element_ids[start:start + 500]})
            if model is ElementLink:
                queryset = queryset.exclude(plan=plan)
            yield words, name, queryset


def history_counts(*, plan: Plan, element_ids: list[int]) -> dict[tuple[str, str], int]:
    """What is tied to these elements beyond the plan's structure, by what it is (one query per kind)."""
    counts: dict[tuple[str, str], int] = {}
    for words, _, queryset in _history_rows(plan=plan, element_ids=element_ids):
        rows = queryset.count()
        if rows:
            counts[words] = counts.get(words, 0) + rows
    return counts


def elements_with_history(*, plan: Plan, element_ids: list[int]) -> set[int]:
    """Which of these elements have anything tied to them (one query per kind, not per element)."""
    found: set[int] = set()
    for _, name, queryset in _history_rows(plan=plan, element_ids=element_ids):
        found.update(queryset.values_list(name, flat=True).distinct())
    return found


def _counted(counts: dict[tuple[str, str], int]) -> str:
    return ", ".join(f"{n:,} {words[0] if n == 1 else words[1]}"
                     for words, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass
class Replacement:
    """What replacing a plan from a file will do, worked out before anything changes."""

    plan: Plan
    matches: dict[str, int] = field(default_factory=dict)  # file element id -> kept element's id
    matched_by_path: int = 0
    added: int = 0
    removed_ids: list[int] = field(default_factory=list)
    history_kept: dict[tuple[str, str], int] = field(default_factory=dict)
    history_lost: dict[tuple[str, str], int] = field(default_factory=dict)
    lost_elements: list[str] = field(default_factory=list)  # the removed elements that carry history
    status_note: str = ""

    def lines(self) -> list[str]:
        """What the command prints before it replaces (and, with --dry-run, instead)."""
        kept = len(self.matches)
        lines = [
            f"{self.plan.slug}: replacing in place: {kept:,} element{'s' if kept != 1 else ''} kept"
            + (f" ({self.matched_by_path:,} found by their place in the plan, not their id)" if self.matched_by_path else "")
            + f", {self.added:,} added, {len(self.removed_ids):,} removed",
            "  history kept: " + (_counted(self.history_kept) or "none recorded on the elements kept")
            + "; the plan's decisions, baselines, meetings and reports stay as they are",
        ]
        if self.history_lost:
            lines.append("  history removed with the removed elements: " + _counted(self.history_lost))
        if self.status_note:
            lines.append("  " + self.status_note)
        return lines

    def refusal(self) -> str:
        named = "; ".join(f"“{title}”" for title in self.lost_elements[:5])
        more = f" and {len(self.lost_elements) - 5} more" if len(self.lost_elements) > 5 else ""
        return (
            f"replacing {self.plan.slug} would remove {len(self.lost_elements)} element"
            f"{' that carries' if len(self.lost_elements) == 1 else 's that carry'} history ({named}{more}): "
            f"{_counted(self.history_lost)} would be lost. Keep those elements in the file (with the same id, "
            "or the same labels from the top of the plan), or load with --discard-history to remove them anyway"
        )


def replacement_plan(*, plan: Plan, items: list[dict], file_status: str) -> Replacement:
    """Match the file's elements to the plan's and count what each side keeps or loses."""
    existing = list(Element.objects.filter(plan=plan).order_by("position").only(
        "id", "key", "kind", "label", "title", "parent_id"))
    by_key = {e.key: e for e in existing}
    replacement = Replacement(plan=plan)
    matched_ids: set[int] = set()
    for item in items:
        element = by_key.get(item["id"])
        if element is not None:
            replacement.matches[item["id"]] = element.id
            matched_ids.add(element.id)

    # The rest by their path of labels (or titles) from the root, where exactly one fits.
    existing_path: dict[int, tuple] = {}
    for element in existing:  # parents come before children in document order
        existing_path[element.id] = existing_path.get(element.parent_id, ()) + (
            _step(element.kind, element.label, element.title),)
    unmatched_by_path: dict[tuple, list[int]] = defaultdict(list)
    for element in existing:
        if element.id not in matched_ids:
            unmatched_by_path[existing_path[element.id]].append(element.id)
    item_path: dict[str, tuple] = {}
    for item in items:
        item_path[item["id"]] = item_path.get(item["parent"], ()) + (
            _step(item["kind"], item.get("label", ""), item["title"]),)
        if item["id"] in replacement.matches:
            continue
        candidates = [i for i in unmatched_by_path.get(item_path[item["id"]], []) if i not in matched_ids]
        if len(candidates) == 1:
            replacement.matches[item["id"]] = candidates[0]
            matched_ids.add(candidates[0])
            replacement.matched_by_path += 1
    replacement.added = len(items) - len(replacement.matches)
    replacement.removed_ids = [e.id for e in existing if e.id not in matched_ids]

    replacement.history_kept = history_counts(plan=plan, element_ids=sorted(matched_ids))
    replacement.history_lost = history_counts(plan=plan, element_ids=replacement.removed_ids)
    if replacement.history_lost:
        titles = {e.id: e.title for e in existing}
        carrying = elements_with_history(plan=plan, element_ids=replacement.removed_ids)
        replacement.lost_elements = [titles[i] for i in replacement.removed_ids if i in carrying]
    if file_status != plan.status:
        replacement.status_note = (
            f"status stays {plan.get_status_display()} (the file says {Plan.Status(file_status).label}): "
            "a plan's status moves only by its decisions"
        )
    return replacement
