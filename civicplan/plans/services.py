"""Writing plans: storing a plan file as a plan with its framework, elements and links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from civicplan.core.errors import PlanFileError
from civicplan.core.periods import PeriodConvention, parse_period
from civicplan.governance.services import workflow_ensure
from civicplan.organisations.models import Body
from civicplan.organisations.services import organisation_get_or_create
from civicplan.search.services import search_index_plan

from .models import Element, ElementLink, FrameworkLevel, Plan
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


@transaction.atomic
def plan_file_load(*, data: dict, replace: bool = False, source: str = "", user=None) -> Plan:
    """Store a whole plan from a plan file dictionary, all or nothing.

    A plan with the same slug is replaced only when `replace` is true, so that loading a file
    never silently overwrites a plan somebody has been working on.
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
        existing.delete()

    body = None
    if meta.get("committee"):
        body, _ = Body.objects.get_or_create(organisation=organisation, name=meta["committee"])
    predecessor = None
    predecessor_slug = meta.get("predecessor")
    if predecessor_slug:
        predecessor = Plan.objects.filter(slug=predecessor_slug).first()
    period = meta.get("plan_period") or {}
    plan = Plan(
        organisation=organisation,
        slug=meta["slug"],
        title=meta["title"],
        kind=meta["kind"],
        status=meta["status"],
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
        created_by=user,
    )
    plan.full_clean()
    plan.save()
    # A new organisation's plan can take its next step at once: it gets its default workflow.
    workflow_ensure(organisation=organisation)
    # Plans loaded before this one that name it as their predecessor now point at it.
    Plan.objects.filter(predecessor__isnull=True, predecessor_slug=plan.slug).update(predecessor=plan)

    FrameworkLevel.objects.bulk_create(
        FrameworkLevel(
            plan=plan, kind=level["kind"], name=level["name"], plural=level["plural"],
            parents=level["parents"], order=index,
        )
        for index, level in enumerate(data["framework"]["levels"])
    )
    _elements_create(plan=plan, elements=data["elements"], user=user)
    _links_create(plan=plan, elements=data["elements"])
    _links_resolve_waiting(plan=plan)
    search_index_plan(plan=plan)
    plan_changed(plan.id)  # the bulk writes above send no signals
    return plan


def _links_resolve_waiting(*, plan: Plan) -> None:
    """Links from other plans that name this plan's elements find their targets now."""
    prefix = f"{plan.slug}#"
    waiting = list(
        ElementLink.objects.filter(target__isnull=True, target_ref__startswith=prefix).exclude(
            source__plan=plan
        )
    )
    if not waiting:
        return
    by_key = plan._elements_by_key
    for link in waiting:
        link.target = by_key.get(link.target_ref[len(prefix):])
    ElementLink.objects.bulk_update([link for link in waiting if link.target is not None], ["target"])
    plan_changed(*Element.objects.filter(id__in={link.source_id for link in waiting}).values_list("plan_id", flat=True))


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


def _links_create(*, plan: Plan, elements: list[dict]) -> None:
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
            links.append(
                ElementLink(
                    source=by_id[item["id"]], link_type=link["type"], target=target,
                    target_ref=target_ref, order=order,
                )
            )
    ElementLink.objects.bulk_create(links, batch_size=500)


def plan_file_load_path(*, path: Path, replace: bool = False, user=None) -> Plan:
    return plan_file_load(data=formats.read(path), replace=replace, source=str(path), user=user)


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
    """Re-number the plan's document order and depths from its tree, after an element moved.

    Siblings keep their order (then their old place); returns how many elements moved.
    """
    elements = list(Element.objects.filter(plan=plan).only("id", "parent_id", "order", "position", "depth"))
    children: dict[int | None, list[Element]] = defaultdict(list)
    for element in elements:
        children[element.parent_id].append(element)
    for siblings in children.values():
        siblings.sort(key=lambda e: (e.order, e.position))
    changed, position = [], 0
    stack = [(element, 0) for element in reversed(children[None])]
    while stack:
        element, depth = stack.pop()
        if (element.position, element.depth) != (position, depth):
            element.position, element.depth = position, depth
            changed.append(element)
        position += 1
        stack.extend((child, depth + 1) for child in reversed(children[element.id]))
    Element.objects.bulk_update(changed, ["position", "depth"], batch_size=500)
    if changed:
        plan_changed(plan.id)
    return len(changed)
