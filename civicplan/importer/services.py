"""Writing import drafts: make one from an upload, correct its elements, save it as a plan."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from civicplan.core.errors import UserFacingError
from civicplan.core.periods import period_words_problem
from civicplan.organisations.models import Organisation
from civicplan.plans.models import ElementKind, Plan
from civicplan.plans.services import plan_file_load

from .models import ImportDraft, SavedDocument
from .pipeline import import_document
from .regions import place_regions
from .planfile import framework_for, parents_first, unique_slug
from .structure.evidence import HIGH, lowest

#: The largest upload accepted through the web.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class DraftEditError(UserFacingError):
    """A correction that cannot be made (a parent that is the element itself, an unknown kind)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field  # the form field it is about, when there is one


def import_draft_create(*, user, name: str, data: bytes, organisation: str = "") -> ImportDraft:
    """Import an uploaded document and keep the result as the user's draft (no plan is made yet)."""
    known = list(Organisation.objects.values_list("name", flat=True))
    taken = set(Plan.objects.values_list("slug", flat=True))
    result = import_document(data=data, name=name, organisation=organisation, known_organisations=known,
                             taken_slugs=taken)
    draft = ImportDraft(owner=user, created_by=user, source_name=name[:300], file_type=result.file_type,
                        pages=result.pages, plan=result.plan, source_text=result.source_text,
                        sha256=hashlib.sha256(data).hexdigest(), evidence=result.evidence)
    if result.file_type == "pdf":  # kept to show where each element was printed (regions.py)
        place_regions(data, result.plan, draft.evidence)
        draft.document.save(f"document.{result.file_type}", ContentFile(data), save=False)
    try:
        draft.full_clean()
        draft.save()
    except Exception:
        if draft.document:
            draft.document.delete(save=False)
        raise
    return draft


def _set_by_hand(draft: ImportDraft, element_id: str, *fields: str, checked: tuple[str, ...] = ()) -> None:
    """What a plan manager set or checked is certain: its reason says so, and the element's
    confidence is the lowest of what is left."""
    entry = draft.evidence.get(element_id)
    if entry is None:
        return
    for name in fields:
        entry[name] = {"reason": "set by you on this page", "confidence": HIGH}
    for name in checked:
        if name not in fields:
            entry[name] = {"reason": "checked by you on this page", "confidence": HIGH}
    entry["confidence"] = lowest(*(entry[k]["confidence"] for k in ("kind", "parent", "date") if k in entry))


def _descendants(elements: list[dict], element_id: str) -> set[str]:
    out: set[str] = set()
    frontier = {element_id}
    while frontier:
        frontier = {e["id"] for e in elements if e["parent"] in frontier} - out
        out |= frontier
    return out


@transaction.atomic
def import_draft_element_update(*, draft: ImportDraft, element_id: str, kind: str, parent: str | None,
                                title: str, date_text: str, links: list[str]) -> ImportDraft:
    """Correct one element of a draft. The kind "remove" takes it out (its children move up)."""
    plan = draft.plan
    elements = plan["elements"]
    by_id = {e["id"]: e for e in elements}
    element = by_id.get(element_id)
    if element is None:
        raise DraftEditError(f"there is no element {element_id} in this draft")
    if kind == "remove":
        for child in elements:
            if child["parent"] == element_id:
                child["parent"] = element["parent"]
        elements.remove(element)
        draft.evidence.pop(element_id, None)
        for other in elements:
            other["links"] = [link for link in other["links"] if link["target"] != element_id]
    else:
        if kind not in ElementKind.values:
            raise DraftEditError(f"{kind!r} is not a kind of element")
        parent = parent or None
        if parent is not None:
            if parent not in by_id:
                raise DraftEditError("the chosen parent is not in this draft")
            if parent == element_id or parent in _descendants(elements, element_id):
                raise DraftEditError("an element cannot sit under itself or one of its own children")
        title = title.strip()
        if not title:
            raise DraftEditError("the title cannot be empty")
        words = date_text.strip()
        period = None
        if words and words != element.get("date_text", ""):  # words kept as imported are not re-judged
            period, problem = period_words_problem(words)
            if problem:
                raise DraftEditError(problem, field="date_text")
        changed = [name for name, before, after in (("kind", element["kind"], kind), ("parent", element["parent"], parent),
                                                    ("date", element.get("date_text", ""), words)) if before != after]
        element["kind"] = kind
        element["parent"] = parent
        element["title"] = title
        element["date_text"] = words
        if not words:
            element["start"] = element["end"] = None
            element.pop("precision", None)
        elif period is not None:
            element["start"] = period.start.isoformat() if period.start else None
            element["end"] = period.end.isoformat() if period.end else None
            element["precision"] = period.precision.value
        element["links"] = [{"type": "contributes_to", "target": t} for t in links if t in by_id and t != element_id]
        _set_by_hand(draft, element_id, *changed, checked=("kind", "parent", "date"))
    plan["elements"] = parents_first(elements)
    plan["framework"] = framework_for(plan["elements"])
    draft.plan = plan
    draft.save(update_fields=["plan", "evidence", "updated_at"])
    return draft


#: The parent choice that puts elements at the top level (no parent).
TOP_LEVEL = "top"


def _title(element: dict) -> str:
    title = element["title"]
    return f"“{title[:60]}…”" if len(title) > 60 else f"“{title}”"


@transaction.atomic
def import_draft_bulk_update(*, draft: ImportDraft, element_ids: list[str], kind: str = "",
                             parent: str = "") -> ImportDraft:
    """Set the kind and/or the parent of several elements of a draft at once.

    `kind` or `parent` empty leaves that as it is; `parent` TOP_LEVEL puts them at the top
    level. Everything is checked before anything changes: an unknown kind, a parent that is
    one of the chosen elements or sits under one of them, is refused whole (DraftEditError)."""
    locked = ImportDraft.objects.select_for_update().get(pk=draft.pk)
    plan = locked.plan
    elements = plan["elements"]
    by_id = {e["id"]: e for e in elements}
    chosen = list(dict.fromkeys(element_ids))
    if not chosen:
        raise DraftEditError("Select the elements to change", field="elements")
    missing = [i for i in chosen if i not in by_id]
    if missing:
        raise DraftEditError(f"There is no element {missing[0]} in this draft: reload the page", field="elements")
    if not kind and not parent:
        raise DraftEditError("Choose a kind or a parent to set for the selected elements", field="kind")
    if kind and kind not in ElementKind.values:
        raise DraftEditError(f"{kind!r} is not a kind of element", field="kind")
    new_parent = None
    if parent and parent != TOP_LEVEL:
        if parent not in by_id:
            raise DraftEditError("The chosen parent is not in this draft", field="parent")
        for element_id in chosen:
            if parent == element_id or parent in _descendants(elements, element_id):
                raise DraftEditError(
                    f"{_title(by_id[element_id])} cannot sit under {_title(by_id[parent])}: "
                    + ("that is the element itself" if parent == element_id else "that is one of its own children"),
                    field="parent")
        new_parent = parent
    for element_id in chosen:
        fields = []
        if kind:
            by_id[element_id]["kind"] = kind
            fields.append("kind")
        if parent:
            by_id[element_id]["parent"] = new_parent
            fields.append("parent")
        _set_by_hand(locked, element_id, *fields)
    plan["elements"] = parents_first(elements)
    plan["framework"] = framework_for(plan["elements"])
    locked.plan = plan
    locked.save(update_fields=["plan", "evidence", "updated_at"])
    draft.plan, draft.evidence = locked.plan, locked.evidence
    return draft


@dataclass(frozen=True)
class EarlierImport:
    """A plan this draft's document was imported as before, and how it was recognised."""

    plan: Plan
    same_file: bool  # the very same bytes; else the same title for the same organisation


def earlier_import(*, draft: ImportDraft) -> EarlierImport | None:
    """The plan this document already became, if any: the same file (by its SHA-256, saved from
    the web or by `civicplan import --save`), or a plan of the same title for the same organisation."""
    if draft.sha256:
        known = SavedDocument.objects.filter(sha256=draft.sha256).select_related("plan").first()
        if known is not None:
            return EarlierImport(plan=known.plan, same_file=True)
        saved = (ImportDraft.objects.filter(sha256=draft.sha256, saved_plan__isnull=False)
                 .exclude(pk=draft.pk).select_related("saved_plan").order_by("-updated_at").first())
        if saved is not None:
            return EarlierImport(plan=saved.saved_plan, same_file=True)
    meta = draft.plan.get("meta", {})
    title, organisation = (meta.get("title") or "").strip(), (meta.get("organisation") or "").strip()
    if title and organisation:
        same = Plan.objects.filter(title__iexact=title, organisation__name__iexact=organisation).order_by("-created_at").first()
        if same is not None:
            return EarlierImport(plan=same, same_file=False)
    return None


class DuplicateImport(UserFacingError):
    """The document was imported before and the person has not said what to do."""


@transaction.atomic
def import_draft_save(*, draft: ImportDraft, user, earlier: str = "") -> Plan:
    """Store the draft as a draft plan, all or nothing (a refused plan leaves nothing behind).

    Idempotent: the draft row is locked and read again inside the transaction, so saves made at
    once (a double click, two tabs) wait for each other and all answer with the one plan.

    A document imported before is never silently made into a second plan: `earlier` must say
    "replace" (the earlier plan is replaced in place, keeping the history of every element still
    there, ADR 0028) or "keep" (a second plan beside it); otherwise DuplicateImport."""
    locked = ImportDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.saved_plan_id:
        draft.plan, draft.saved_plan = locked.plan, locked.saved_plan
        return locked.saved_plan
    plan = locked.plan
    meta = plan["meta"]
    meta["status"] = "draft"
    plan["framework"] = framework_for(plan["elements"])
    before = earlier_import(draft=locked)
    if before is not None and earlier not in ("replace", "keep"):
        raise DuplicateImport(
            f"This document was imported before, as “{before.plan.title}”: choose to replace that plan or keep both"
        )
    if before is not None and earlier == "replace":
        meta["slug"] = before.plan.slug
        saved = plan_file_load(data=plan, replace=True, source=locked.source_name, user=user)
        # The plan is this draft's now; the draft that made it first could be saved again, and
        # would then be asked the same question.
        ImportDraft.objects.filter(saved_plan=saved).exclude(pk=locked.pk).update(saved_plan=None)
    else:
        if Plan.objects.filter(slug=meta["slug"]).exists():
            meta["slug"] = unique_slug(meta["slug"], set(Plan.objects.values_list("slug", flat=True)))
        saved = plan_file_load(data=plan, source=locked.source_name, user=user)
    if locked.sha256 and not SavedDocument.objects.filter(sha256=locked.sha256).exists():
        SavedDocument.objects.create(sha256=locked.sha256, source_name=locked.source_name, plan=saved)
    locked.plan = plan
    locked.saved_plan = saved
    locked.save(update_fields=["plan", "saved_plan", "updated_at"])
    draft.plan, draft.saved_plan = plan, saved
    return saved


def import_plan_save(*, plan: dict, source: str, user=None, sha256: str = "") -> tuple[Plan, bool]:
    """Store an imported plan dictionary as a draft plan (the command's --save), all or nothing.

    With the document's SHA-256, a document already stored is not stored again: the answer is
    (the plan it made, False). A save racing another for the same document loses on the unique
    hash and answers with the winner's plan."""
    if sha256:
        known = SavedDocument.objects.filter(sha256=sha256).select_related("plan").first()
        if known:
            return known.plan, False
    try:
        with transaction.atomic():
            plan["meta"]["status"] = "draft"
            taken = set(Plan.objects.values_list("slug", flat=True))
            if plan["meta"]["slug"] in taken:
                plan["meta"]["slug"] = unique_slug(plan["meta"]["slug"], taken)
            stored = plan_file_load(data=plan, source=source, user=user)
            if sha256:
                SavedDocument.objects.create(sha256=sha256, source_name=source[:300], plan=stored)
    except IntegrityError:
        known = SavedDocument.objects.filter(sha256=sha256).select_related("plan").first() if sha256 else None
        if known is None:
            raise
        return known.plan, False
    return stored, True
