"""Writing plans: storing a plan file as a plan with its framework, elements and links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from civicplan.core.errors import PlanFileError
from civicplan.core.periods import PeriodConvention, parse_period, period_words_problem
from civicplan.core.permissions import can_manage_plans
from civicplan.governance.services import workflow_ensure
from civicplan.organisations.models import Body
from civicplan.organisations.services import organisation_get_or_create
from civicplan.search.services import search_index_element, search_index_plan

from .models import Element, ElementKind, ElementLink, FrameworkLevel, Plan
from .positions import plan_lock, positions_move_aside
from .replace import Replacement, replacement_plan
from .selectors import plan_children, plan_edits_through_changes, with_descendants
from .planfiles import formats
from .versions import plan_changed

SEED_DIR = Path(__file__).resolve().parent / "seeds"
SEED_SLUGS = (
    "lc-business-plan-2013-14",
    "lc-challenge-2017",
    "lc-business-plan-2019-20",
    "lc-business-plan-2020-21",
    "lc-shared-ambitions-2022-23",
)


def plan_file_complete_dates(data: dict, *, convention: PeriodConvention) -> None:
    """Fill start/end/precision from the date words where a hand-written file left them out.

    A file written by export always carries them, and then they are kept as they are: a
    plan manager may have corrected a reading.
    """
    for element in data.get("elements") or []:
        if not isinstance(element, dict):
            continue
        element.setdefault("date_text", "")
        if "start" in element or "end" in element:
            element.setdefault("start", None)
            element.setdefault("end", None)
            continue
        words = element.get("date_text") or ""
        if not isinstance(words, str) or not words.strip():
            element["start"] = element["end"] = None
            continue
        period = parse_period(words, convention)
        element["start"] = period.start.isoformat() if period.start else None
        element["end"] = period.end.isoformat() if period.end else None
        element.setdefault("precision", period.precision.value)


def _element_defaults(data: dict) -> None:
    for element in data.get("elements") or []:
        if isinstance(element, dict):
            element.setdefault("parent", None)
            element.setdefault("label", "")
            element.setdefault("text", "")
            element.setdefault("links", [])


def plan_file_problems(data: dict) -> list[str]:
    """Everything wrong with a plan dictionary: schema first, then the rules a schema can't say."""
    problems = formats.schema_problems(data)
    if problems:
        return problems
    levels = {level["kind"]: level for level in data["framework"]["levels"]}
    seen_levels: set[str] = set()
    for level in data["framework"]["levels"]:
        if level["kind"] in seen_levels:
            problems.append(f"framework: kind {level['kind']} is listed twice")
        seen_levels.add(level["kind"])
        for parent in level["parents"]:
            if parent is not None and parent not in levels:
                problems.append(
                    f"framework: {level['kind']} may sit under {parent}, which the framework does not list"
                )
    ids: dict[str, dict] = {}
    for index, element in enumerate(data["elements"], start=1):
        where = f"element {index} (id {element['id']})"
        if element["id"] in ids:
            problems.append(f"{where}: the id is used twice")
            continue
        level = levels.get(element["kind"])
        if level is None:
            problems.append(f"{where}: kind {element['kind']} is not in the plan's framework")
        parent_id = element["parent"]
        parent_kind = None
        if parent_id is not None:
            parent = ids.get(parent_id)
            if parent is None:
                later = any(e["id"] == parent_id for e in data["elements"][index:])
                problems.append(
                    f"{where}: parent {parent_id} "
                    + ("comes after it; parents must come first" if later else "does not exist")
                )
            else:
                parent_kind = parent["kind"]
        if level is not None and (parent_id is None or parent_kind is not None):
            level_ok = (
                (not level["parents"] or None in level["parents"])
                if parent_kind is None
                else parent_kind in level["parents"]
            )
            if not level_ok:
                place = f"under a {parent_kind}" if parent_kind else "at the top level"
                problems.append(f"{where}: a {element['kind']} may not sit {place} in this framework")
        start, end = element["start"], element["end"]
        for name in ("start", "end"):
            value = element[name]
            if value is not None:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    problems.append(f"{where}: {name} {value!r} is not a real date")
        if start and end and start > end:
            problems.append(f"{where}: start {start} is after end {end}")
        if (start or end) and not element["date_text"]:
            problems.append(f"{where}: has dates but no date words (date_text)")
        ids[element["id"]] = element
    for index, element in enumerate(data["elements"], start=1):
        for link in element["links"]:
            target = link["target"]
            if "#" not in target and target not in ids:
                problems.append(
                    f"element {index} (id {element['id']}): link target {target} does not exist in this plan"
                )
    meta = data["meta"]
    period = meta.get("plan_period") or {}
    if period.get("start") and period.get("end") and period["start"] > period["end"]:
        problems.append("meta.plan_period: start is after end")
    for key in ("meeting_date",):
        if meta.get(key):
            try:
                dt.date.fromisoformat(meta[key])
            except ValueError:
                problems.append(f"meta.{key}: {meta[key]!r} is not a real date")
    return problems


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _plan_values(*, meta: dict, organisation, data: dict) -> dict:
    """The plan's fields from a plan file's meta (everything but its status and slug)."""
    body = None
    if meta.get("committee"):
        body, _ = Body.objects.get_or_create(organisation=organisation, name=meta["committee"])
    predecessor_slug = meta.get("predecessor")
    predecessor = Plan.objects.filter(slug=predecessor_slug).first() if predecessor_slug else None
    period = meta.get("plan_period") or {}
    return dict(
        organisation=organisation,
        title=meta["title"],
        kind=meta["kind"],
        period_start=_date(period.get("start")),
        period_end=_date(period.get("end")),
        period_text=period.get("text", ""),
        source_document=meta.get("source_document", ""),
        predecessor=predecessor,
        predecessor_slug=predecessor_slug or "",
        body=body,
        item_no=meta.get("item_no", ""),
        meeting_date=_date(meta.get("meeting_date")),
        report_by=meta.get("report_by", ""),
        job_title=meta.get("job_title", ""),
        contact_officer=meta.get("contact_officer", ""),
        contact_email=meta.get("contact_email", ""),
        contact_phone=meta.get("contact_phone", ""),
        summary=meta.get("summary", ""),
        recommendations=list(meta.get("recommendations", [])),
    )


@transaction.atomic
def plan_file_load(
    *, data: dict, replace: bool = False, discard_history: bool = False, dry_run: bool = False,
    source: str = "", user=None, announce=None,
) -> Plan:
    """Store a whole plan from a plan file dictionary, all or nothing.

    A plan with the same slug is replaced only when `replace` is true, so that loading a file
    never silently overwrites a plan somebody has been working on. Replacing keeps the plan and
    every element the file still has, with its history (plans/replace.py); it refuses to remove
    elements that carry history unless `discard_history`. `announce(lines)` hears what a replace
    will do before it is done; `dry_run` stops there and changes nothing.
    """
    if not isinstance(data, dict):
        raise PlanFileError(["a plan file must be a mapping"], source=source)
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    organisation_name = meta.get("organisation")
    convention = PeriodConvention()
    organisation = None
    if isinstance(organisation_name, str) and organisation_name.strip():
        organisation = organisation_get_or_create(name=organisation_name.strip())
        convention = organisation.period_convention
    _element_defaults(data)
    plan_file_complete_dates(data, convention=convention)
    problems = plan_file_problems(data)
    if problems:
        raise PlanFileError(problems, source=source)
    assert organisation is not None  # the schema requires it

    existing = Plan.objects.filter(slug=meta["slug"]).first()
    if existing is not None:
        if not replace:
            raise PlanFileError(
                [f"a plan with slug {meta['slug']} already exists; load with --replace to replace it"],
                source=source,
            )
        existing = plan_lock(existing)
        replacement = replacement_plan(plan=existing, items=data["elements"], file_status=meta["status"])
        if replacement.history_lost and not discard_history:
            raise PlanFileError([replacement.refusal()], source=source)
        if announce is not None:
            announce(replacement.lines())
        if dry_run:
            transaction.set_rollback(True)  # an organisation or body named for the first time is not kept
            existing._replacement = replacement
            return existing
        return _plan_replace(plan=existing, data=data, meta=meta, organisation=organisation,
                             replacement=replacement, user=user)
    if dry_run:
        transaction.set_rollback(True)
        raise PlanFileError([f"there is no plan {meta['slug']} to replace: load the file without --dry-run"],
                            source=source)

    plan = Plan(slug=meta["slug"], status=meta["status"], created_by=user,
                **_plan_values(meta=meta, organisation=organisation, data=data))
    plan.full_clean()
    plan.save()
    # A new organisation's plan can take its next step at once: it gets its default workflow.
    workflow_ensure(organisation=organisation)
    # Plans loaded before this one that name it as their predecessor now point at it.
    Plan.objects.filter(predecessor__isnull=True, predecessor_slug=plan.slug).update(predecessor=plan)
    _levels_create(plan=plan, data=data)
    _elements_create(plan=plan, elements=data["elements"], user=user)
    _links_create(plan=plan, elements=data["elements"])
    _links_resolve_waiting(plan=plan)
    search_index_plan(plan=plan)
    return plan


def _levels_create(*, plan: Plan, data: dict) -> None:
    FrameworkLevel.objects.bulk_create(
        FrameworkLevel(
            plan=plan, kind=level["kind"], name=level["name"], plural=level["plural"],
            parents=level["parents"], order=index,
        )
        for index, level in enumerate(data["framework"]["levels"])
    )


_REPLACED_FIELDS = ["key", "kind", "label", "title", "text", "note", "order", "position", "depth", "parent",
                    "date_text", "date_start", "date_end", "date_precision", "date_note", "owner"]
_UNTRACKED = {"order", "position", "depth"}  # places, not words: the element history leaves them out


def _tracked(element: Element) -> tuple:
    return tuple(getattr(element, "parent_id" if name == "parent" else name)
                 for name in _REPLACED_FIELDS if name not in _UNTRACKED)


def _plan_replace(*, plan: Plan, data: dict, meta: dict, organisation, replacement: Replacement, user) -> Plan:
    """Write the file onto the plan in place (see plans/replace.py): its row, levels, elements and links."""
    for name, value in _plan_values(meta=meta, organisation=organisation, data=data).items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    workflow_ensure(organisation=organisation)
    FrameworkLevel.objects.filter(plan=plan).delete()
    _levels_create(plan=plan, data=data)

    # Everything moves aside first: places are unique and every element may change its place.
    positions_move_aside(list(Element.objects.filter(plan=plan).values_list("id", flat=True)))
    for start in range(0, len(replacement.removed_ids), 500):
        Element.objects.filter(id__in=replacement.removed_ids[start:start + 500]).delete()
    # Links inside the plan come from the file. Links to other plans' elements (lineage, often
    # made in the app) stay on the elements kept; the file's own are added where not already there.
    ElementLink.objects.filter(plan=plan).exclude(target_ref__contains="#").delete()
    cross_plan = set(ElementLink.objects.filter(plan=plan).values_list("source_id", "link_type", "target_ref"))

    convention = plan.organisation.period_convention
    kept = Element.objects.in_bulk(list(replacement.matches.values()))
    before = {element.id: _tracked(element) for element in kept.values()}
    by_id: dict[str, Element] = {}
    depth_of: dict[str, int] = {}
    sibling_count: dict[str | None, int] = defaultdict(int)
    changed, added_by_depth = [], defaultdict(list)
    for position, item in enumerate(data["elements"]):
        parent_id = item["parent"]
        depth = 0 if parent_id is None else depth_of[parent_id] + 1
        depth_of[item["id"]] = depth
        order = sibling_count[parent_id]
        sibling_count[parent_id] += 1
        element = kept.get(replacement.matches.get(item["id"])) or Element(plan=plan, created_by=user)
        element.key, element.kind, element.label = item["id"], item["kind"], item["label"]
        element.title, element.text, element.note = item["title"], item["text"], item.get("note", "")
        element.order, element.position, element.depth = order, position, depth
        element.date_text = item["date_text"]
        element.date_start, element.date_end = _date(item["start"]), _date(item["end"])
        element.date_precision = item.get("precision", "") if item["date_text"] else ""
        element.date_note = parse_period(item["date_text"], convention).note[:300] if item["date_text"] else ""
        element.owner = item.get("owner", "")
        by_id[item["id"]] = element
        (changed if element.pk else added_by_depth[depth]).append((item, element))
    # New elements level by level, so each is saved with its parent's primary key.
    for depth in sorted(added_by_depth):
        rows = added_by_depth[depth]
        for item, element in rows:
            element.parent = by_id[item["parent"]] if item["parent"] is not None else None
        bulk_create_with_history([e for _, e in rows], Element, batch_size=500, default_user=user,
                                 default_change_reason="Added when the plan file replaced the plan")
    for item, element in changed:
        element.parent = by_id[item["parent"]] if item["parent"] is not None else None
    # Elements whose words, dates, kind or parent changed get a history entry saying so; the rest
    # only move to their places.
    reworded = [e for _, e in changed if _tracked(e) != before[e.id]]
    if reworded:
        bulk_update_with_history(reworded, Element, fields=_REPLACED_FIELDS, batch_size=500, default_user=user,
                                 default_change_reason="Replaced from the plan file")
    Element.objects.bulk_update([e for _, e in changed], _REPLACED_FIELDS, batch_size=500)
    plan._elements_by_key = by_id
    _links_create(plan=plan, elements=data["elements"], already=cross_plan)
    _links_resolve_waiting(plan=plan)
    search_index_plan(plan=plan)
    plan_changed(plan.id)  # the bulk writes above send no signals
    plan._replacement = replacement
    return plan


def _links_resolve_waiting(*, plan: Plan) -> None:
    """Links from other plans that name this plan's elements find their targets now."""
    prefix = f"{plan.slug}#"
    waiting = list(
        ElementLink.objects.filter(target__isnull=True, target_ref__startswith=prefix).exclude(plan=plan)
    )
    if not waiting:
        return
    by_key = plan._elements_by_key
    for link in waiting:
        link.target = by_key.get(link.target_ref[len(prefix):])
    ElementLink.objects.bulk_update([link for link in waiting if link.target is not None], ["target"])
    plan_changed(*{link.plan_id for link in waiting})


def _elements_create(*, plan: Plan, elements: list[dict], user) -> None:
    """Create elements level by level so each child is saved with its parent's primary key."""
    convention = plan.organisation.period_convention
    by_id: dict[str, Element] = {}
    sibling_count: dict[str | None, int] = defaultdict(int)
    depth_of: dict[str, int] = {}
    rows_by_depth: dict[int, list[tuple[dict, Element]]] = defaultdict(list)
    for position, item in enumerate(elements):
        parent_id = item["parent"]
        depth = 0 if parent_id is None else depth_of[parent_id] + 1
        depth_of[item["id"]] = depth
        order = sibling_count[parent_id]
        sibling_count[parent_id] += 1
        element = Element(
            plan=plan,
            key=item["id"],
            kind=item["kind"],
            label=item["label"],
            title=item["title"],
            text=item["text"],
            note=item.get("note", ""),
            order=order,
            position=position,
            depth=depth,
            date_text=item["date_text"],
            date_start=_date(item["start"]),
            date_end=_date(item["end"]),
            date_precision=item.get("precision", "") if item["date_text"] else "",
            date_note=parse_period(item["date_text"], convention).note[:300] if item["date_text"] else "",
            owner=item.get("owner", ""),
            created_by=user,
        )
        rows_by_depth[depth].append((item, element))
    for depth in sorted(rows_by_depth):
        rows = rows_by_depth[depth]
        for item, element in rows:
            if item["parent"] is not None:
                element.parent = by_id[item["parent"]]
        # With a first history record each, so the first later edit can say what it changed.
        bulk_create_with_history(
            [element for _, element in rows], Element, batch_size=500, default_user=user,
            default_change_reason="Loaded from the plan file",
        )
        for item, element in rows:
            by_id[item["id"]] = element
    plan._elements_by_key = by_id


def _links_create(*, plan: Plan, elements: list[dict], already: set | None = None) -> None:
    """The file's links; `already` holds (source id, type, target ref) of links kept in place."""
    by_id: dict[str, Element] = plan._elements_by_key
    other_plans: dict[str, dict[str, Element]] = {}
    links = []
    for item in elements:
        for order, link in enumerate(item["links"]):
            target_ref = link["target"]
            target = None
            if "#" in target_ref:
                slug, key = target_ref.split("#", 1)
                if slug == plan.slug:
                    target = by_id.get(key)
                else:
                    if slug not in other_plans:
                        other_plans[slug] = {
                            e.key: e for e in Element.objects.filter(plan__slug=slug)
                        }
                    target = other_plans[slug].get(key)
            else:
                target = by_id[target_ref]
            if already and (by_id[item["id"]].id, link["type"], target_ref) in already:
                continue
            links.append(
                ElementLink(
                    source=by_id[item["id"]], link_type=link["type"], target=target,
                    target_ref=target_ref, order=order,
                )
            )
    ElementLink.objects.bulk_create(links, batch_size=500)


def plan_file_load_path(*, path: Path, replace: bool = False, user=None, **options) -> Plan:
    return plan_file_load(data=formats.read(path), replace=replace, source=str(path), user=user, **options)


def seeds_load() -> list[tuple[str, bool]]:
    """Load the organisation and every seed plan not already present: running it twice adds nothing."""
    from civicplan.organisations.services import organisation_load, organisation_seed_paths

    for path in organisation_seed_paths():
        organisation_load(path=path)
    results = []
    for slug in SEED_SLUGS:
        path = SEED_DIR / f"{slug}.yaml"
        if Plan.objects.filter(slug=slug).exists():
            results.append((slug, False))
            continue
        plan_file_load_path(path=path)
        results.append((slug, True))
    return results


def plan_document_order_renumber(*, plan: Plan) -> int:
    """Re-number the plan's document order, depths and sibling order from its tree, after an
    element moved (in the editor or the admin); returns how many elements changed."""
    plan_lock(plan)
    return _tree_renumber(plan=plan)


# --------------------------------------------------------------------------- the plan editor
#
# Positions are numbered across the whole plan in document order, so any change of shape
# renumbers many rows: each such service locks the plan row first (one editor at a time per
# plan) and renumbers in two steps, so (plan, position) stays unique after every statement.

UNSET = object()  # bulk actions: "leave this as it is"


def _require_manager(user) -> None:
    if user is not None and not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can edit a plan.")


def _refuse_when_adopted(plan: Plan) -> None:
    if plan_edits_through_changes(plan=plan):
        raise ValidationError(
            f"{plan.title} has been adopted: its words, dates and shape now change through change "
            "requests, which a plan manager approves. Owners, deputies and teams can still be set here."
        )


def _levels(plan: Plan) -> dict[str, FrameworkLevel]:
    return {level.kind: level for level in FrameworkLevel.objects.filter(plan=plan)}


def _a(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _kind_problem(*, plan: Plan, levels: dict[str, FrameworkLevel], kind: str, parent: Element | None) -> str:
    """Why an element of this kind cannot sit under this parent in this plan's framework, or ""."""
    level = levels.get(kind)
    if level is None:
        names = ", ".join(lvl.name.lower() for lvl in levels.values()) or "none"
        return f"{plan.title} has no {ElementKind(kind).label.lower() if kind in ElementKind.values else kind!s} level: choose one of its kinds ({names})."
    if not level.allows_parent(parent.kind if parent else None):
        if parent is None:
            return f"{_a(level.name.lower()).capitalize()} cannot sit at the top of this plan: choose what it sits under."
        parent_level = levels.get(parent.kind)
        parent_name = parent_level.name.lower() if parent_level else parent.get_kind_display().lower()
        return f"{_a(level.name.lower()).capitalize()} cannot sit under {_a(parent_name)} in this plan's framework."
    return ""


def _children_problem(*, element: Element, levels: dict[str, FrameworkLevel], kind: str) -> str:
    """Why the element's children could no longer sit under it with this kind, or ""."""
    for child in element.children.all():
        level = levels.get(child.kind)
        if level is not None and not level.allows_parent(kind):
            return f"Its {level.plural.lower()} cannot sit under {_a(levels[kind].name.lower())}: move them first."
    return ""


def _date_set(element: Element, words: str, plan: Plan) -> str:
    """Set the element's target from the words; returns the problem with them, or ""."""
    words = words.strip()
    if not words:
        element.date_text, element.date_start, element.date_end = "", None, None
        element.date_precision = element.date_note = ""
        return ""
    period, problem = period_words_problem(words, plan.organisation.period_convention)
    if problem:
        return problem
    element.date_text, element.date_start, element.date_end = words, period.start, period.end
    element.date_precision, element.date_note = period.precision.value, period.note[:300]
    return ""


def _descendant_ids(element: Element) -> set[int]:
    children = plan_children(plan=element.plan)
    return with_descendants({element.id}, children) - {element.id}


def _order_last(parent: Element | None, plan: Plan) -> int:
    top = Element.objects.filter(plan=plan, parent=parent).aggregate(m=Max("order"))["m"]
    return 0 if top is None else top + 1


def _tree_renumber(*, plan: Plan) -> int:
    """Number siblings 0..n and the whole plan in document order, unique at every step (the
    plan's lock held: plans/positions.py)."""
    elements = list(Element.objects.filter(plan=plan).only("id", "parent_id", "order", "position", "depth"))
    children: dict[int | None, list[Element]] = defaultdict(list)
    for element in elements:
        children[element.parent_id].append(element)
    new_order: dict[int, int] = {}
    for siblings in children.values():
        siblings.sort(key=lambda e: (e.order, e.position))
        new_order.update((e.id, index) for index, e in enumerate(siblings))
    target: dict[int, tuple[int, int]] = {}
    stack = [(element, 0) for element in reversed(children[None])]
    while stack:
        element, depth = stack.pop()
        target[element.id] = (len(target), depth)
        stack.extend((child, depth + 1) for child in reversed(children[element.id]))
    moved = [e for e in elements if e.position != target[e.id][0]]
    if moved:
        # Aside first, then into place: never two rows on one number (plans/positions.py).
        positions_move_aside([e.id for e in moved])
        for element in moved:
            element.position = target[element.id][0]
        Element.objects.bulk_update(moved, ["position"], batch_size=500)
    rest = []
    for element in elements:
        if (element.order, element.depth) != (new_order[element.id], target[element.id][1]):
            element.order, element.depth = new_order[element.id], target[element.id][1]
            rest.append(element)
    Element.objects.bulk_update(rest, ["order", "depth"], batch_size=500)
    if moved or rest:
        plan_changed(plan.id)  # bulk writes send no signals
    return len({e.id for e in moved} | {e.id for e in rest})


def _save(element: Element, user, reason: str) -> None:
    element._history_user = user  # who made the edit, in the element's history
    element._change_reason = reason[:100]
    element.full_clean()
    element.save()


def _new_key(plan: Plan, kind: str) -> str:
    taken = set(Element.objects.filter(plan=plan).values_list("key", flat=True))
    base, number = kind.replace("_", "-"), len(taken) + 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def element_insert(
    *, plan: Plan, user, kind: str, title: str, parent: Element | None = None, after: Element | None = None,
    text: str = "", label: str = "", date_text: str = "",
) -> Element:
    """Add an element under `parent` (last), or straight after its sibling `after`."""
    _require_manager(user)
    plan = plan_lock(plan)
    _refuse_when_adopted(plan)
    if after is not None:  # read again under the lock: another editor may have moved it meanwhile
        after = Element.objects.select_related("parent").get(pk=after.pk)
        parent = after.parent
    elif parent is not None:
        parent = Element.objects.get(pk=parent.pk)
    errors: dict[str, str] = {}
    if parent is not None and parent.plan_id != plan.id or after is not None and after.plan_id != plan.id:
        raise ValidationError({"parent": "That element is not in this plan."})
    if not title.strip():
        errors["title"] = "Enter the title of the element."
    problem = _kind_problem(plan=plan, levels=_levels(plan), kind=kind, parent=parent)
    if problem:
        errors["kind"] = problem
    element = Element(
        plan=plan, key=_new_key(plan, kind), kind=kind, parent=parent, label=label.strip(), title=title.strip(),
        text=text.strip(), created_by=user,
        position=(Element.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1,
    )
    problem = _date_set(element, date_text, plan)
    if problem:
        errors["date_text"] = problem
    if errors:
        raise ValidationError(errors)
    if after is not None:
        Element.objects.filter(plan=plan, parent=parent, order__gt=after.order).update(order=F("order") + 1)
        element.order = after.order + 1
    else:
        element.order = _order_last(parent, plan)
    element.depth = parent.depth + 1 if parent else 0
    _save(element, user, "Added in the plan editor")
    _tree_renumber(plan=plan)
    search_index_element(element=element)
    element.refresh_from_db()
    return element


@transaction.atomic
def element_move(*, element: Element, user, direction: str) -> Element:
    """Swap the element with the sibling before ("up") or after ("down") it."""
    _require_manager(user)
    plan = plan_lock(element.plan)
    _refuse_when_adopted(plan)
    _tree_renumber(plan=plan)  # contiguous sibling orders, whatever an import left
    element = Element.objects.get(pk=element.pk)
    if direction not in ("up", "down"):
        raise ValidationError("Choose up or down.")
    siblings = Element.objects.filter(plan=plan, parent_id=element.parent_id)
    neighbour = (
        siblings.filter(order__lt=element.order).order_by("-order").first() if direction == "up"
        else siblings.filter(order__gt=element.order).order_by("order").first()
    )
    if neighbour is None:
        raise ValidationError(f"“{element.title[:60]}” is already {'first' if direction == 'up' else 'last'} where it sits.")
    element.order, neighbour.order = neighbour.order, element.order
    Element.objects.bulk_update([element, neighbour], ["order"])
    _tree_renumber(plan=plan)
    element.refresh_from_db()
    return element


@transaction.atomic
def element_update(
    *, element: Element, user, title: str, text: str, label: str, kind: str, parent: Element | None,
    date_text: str,
) -> Element:
    """Change an element's words, kind, place or target date, all checked before any is saved."""
    _require_manager(user)
    plan = plan_lock(element.plan)
    element = Element.objects.select_for_update().get(pk=element.pk)
    _refuse_when_adopted(plan)
    errors: dict[str, str] = {}
    levels = _levels(plan)
    if parent is not None and parent.plan_id != plan.id:
        errors["parent"] = "That element is not in this plan."
    elif parent is not None and (parent.id == element.id or parent.id in _descendant_ids(element)):
        errors["parent"] = "An element cannot sit under itself or anything that sits under it."
    else:
        problem = _kind_problem(plan=plan, levels=levels, kind=kind, parent=parent)
        if problem:
            errors["kind"] = problem
        elif kind != element.kind:
            problem = _children_problem(element=element, levels=levels, kind=kind)
            if problem:
                errors["kind"] = problem
    if not title.strip():
        errors["title"] = "Enter the title of the element."
    redated = date_text.strip() != element.date_text
    if redated:
        problem = _date_set(element, date_text, plan)
        if problem:
            errors["date_text"] = problem
    if errors:
        raise ValidationError(errors)
    moved = element.parent_id != (parent.id if parent else None)
    before = (element.title, element.text, element.label, element.kind)
    element.title, element.text, element.label, element.kind = title.strip(), text.strip(), label.strip(), kind
    if not moved and before == (element.title, element.text, element.label, element.kind) and not redated:
        return element  # nothing to record: no empty entry in its history
    if moved:
        element.parent = parent
        element.order = _order_last(parent, plan)
    _save(element, user, "Edited in the plan editor")
    if moved:
        _tree_renumber(plan=plan)
    search_index_element(element=element)
    return element


def _people_problems(*, plan: Plan, owner_person, deputy_person, team) -> dict[str, str]:
    errors = {}
    organisation = plan.organisation
    for field, value, what in (("owner_person", owner_person, "owner"), ("deputy_person", deputy_person, "deputy"),
                               ("team", team, "team")):
        if value not in (None, UNSET) and value.organisation_id != organisation.id:
            errors[field] = f"The {what} must belong to {organisation.name}."
    if owner_person not in (None, UNSET) and deputy_person not in (None, UNSET) and owner_person.pk == deputy_person.pk:
        errors["deputy_person"] = "The deputy must be someone other than the owner."
    return errors


@transaction.atomic
def element_owners_set(*, element: Element, user, owner_person, deputy_person, team) -> Element:
    """Who owns and deputises for an element and which team delivers it (also after adoption:
    it assigns the work, it does not change the plan as approved)."""
    _require_manager(user)
    element = Element.objects.select_for_update().select_related("plan__organisation").get(pk=element.pk)
    errors = _people_problems(plan=element.plan, owner_person=owner_person, deputy_person=deputy_person, team=team)
    if errors:
        raise ValidationError(errors)
    element.owner_person, element.deputy_person, element.team = owner_person, deputy_person, team
    _save(element, user, "Owners set in the plan editor")
    return element


@transaction.atomic
def element_remove(*, element: Element, user) -> int:
    """Remove an element and everything under it; returns how many went. Refused when any of
    them has progress reported, since that record would go with it."""
    _require_manager(user)
    plan = plan_lock(element.plan)
    _refuse_when_adopted(plan)
    ids = _descendant_ids(element) | {element.id}
    reported = Element.objects.filter(id__in=ids, progress_updates__isnull=False).distinct().count()
    if reported:
        raise ValidationError(
            f"“{element.title[:60]}” cannot be removed: progress has been reported on "
            f"{'it' if reported == 1 and element.progress_updates.exists() else f'{reported} of the elements it holds'}"
            ", and that record would be lost. Move or edit it instead."
        )
    Element.objects.filter(id__in=ids).delete()
    _tree_renumber(plan=plan)
    search_index_plan(plan=plan)
    return len(ids)


@transaction.atomic
def elements_bulk_update(
    *, plan: Plan, user, elements: list[Element], owner_person=UNSET, parent=UNSET, kind=UNSET,
) -> int:
    """Set the owner, the parent or the kind of many elements at once: all of them or none."""
    _require_manager(user)
    plan = plan_lock(plan)
    if not elements:
        raise ValidationError({"elements": "Select at least one element."})
    if parent is UNSET and kind is UNSET and owner_person is UNSET:
        raise ValidationError({"action": "Choose what to set for the selected elements."})
    if parent is not UNSET or kind is not UNSET:
        _refuse_when_adopted(plan)
    elements = list(Element.objects.select_for_update().filter(plan=plan, id__in=[e.id for e in elements]).order_by("position"))
    errors = _people_problems(plan=plan, owner_person=owner_person, deputy_person=None, team=None)
    levels = _levels(plan)
    problems = []
    selected = {e.id for e in elements}
    for element in elements:
        name = f"“{(element.label + ' ' if element.label else '') + element.title[:50]}”"
        new_parent = element.parent if parent is UNSET else parent
        new_kind = element.kind if kind is UNSET else kind
        if parent is not UNSET and parent is not None:
            if parent.plan_id != plan.id:
                errors["parent"] = "That element is not in this plan."
                break
            if parent.id == element.id or parent.id in _descendant_ids(element):
                problems.append(f"{name} cannot sit under itself or anything under it.")
                continue
        if kind is not UNSET and new_parent is not None and new_parent.id in selected:
            new_parent = Element(pk=new_parent.pk, plan_id=plan.id, kind=kind)  # its kind changes too
        problem = _kind_problem(plan=plan, levels=levels, kind=new_kind, parent=new_parent)
        if problem:
            problems.append(f"{name}: {problem}")
        elif kind is not UNSET and new_kind != element.kind:
            problem = _children_problem(element=element, levels=levels, kind=new_kind) if not all(
                c.id in selected for c in element.children.all()) else ""
            if problem:
                problems.append(f"{name}: {problem}")
    if problems:
        errors["elements"] = " ".join(problems[:10]) + (f" And {len(problems) - 10} more." if len(problems) > 10 else "")
    if errors:
        raise ValidationError(errors)
    for element in elements:
        if owner_person is not UNSET:
            element.owner_person = owner_person
        if kind is not UNSET:
            element.kind = kind
        if parent is not UNSET and element.parent_id != (parent.id if parent else None):
            element.parent = parent
            element.order = _order_last(parent, plan)
        _save(element, user, "Changed with others in the plan editor")
    if parent is not UNSET:
        _tree_renumber(plan=plan)
    return len(elements)

