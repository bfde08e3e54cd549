"""Reading plans: the plan file dictionary, plan lists and trees for pages."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from civicplan.organisations.models import Directorate, Person, Portfolio

from .models import Element, ElementKind, ElementLink, Plan


# From adoption on, the plan as approved is the baseline: its words, dates and shape change only
# through change requests (governance), never by editing.
ADOPTED_STATUSES = (Plan.Status.ADOPTED, Plan.Status.IN_DELIVERY, Plan.Status.CLOSED)


def plan_edits_through_changes(*, plan: Plan) -> bool:
    """True once the plan is adopted: the editor then makes change requests instead of edits."""
    return plan.status in ADOPTED_STATUSES


def plans_with_element_counts(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """The plans, each with `element_count`: counted plan by plan through the (plan, kind)
    index, so listing plans never joins and groups every element of the organisation."""
    count = (
        Element.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
        .annotate(n=Count("pk")).values("n")
    )
    return plans.annotate(element_count=Coalesce(Subquery(count), 0))


def plan_list() -> QuerySet[Plan]:
    return plans_with_element_counts(
        Plan.objects.select_related("organisation", "body").order_by("-period_start", "title")
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def plan_file_build(*, plan: Plan, visible: Callable[[Plan], bool] | None = None) -> dict:
    """The plan as a plan file dictionary (plan JSON v1): the contract other systems rely on.

    `visible` says which other plans the reader may see: a predecessor or a link target in a
    plan they may not see (a draft) is left out, so a download never names a draft.
    """
    def shown(other: Plan) -> bool:
        return visible is None or other.id == plan.id or visible(other)
    elements = list(
        Element.objects.filter(plan=plan)
        .select_related("parent")
        .only(
            "id", "key", "kind", "label", "title", "text", "note", "date_text", "date_start",
            "date_end", "date_precision", "owner", "position", "parent__key",
        )
        .order_by("position")
    )
    links_by_source: dict[int, list[dict]] = defaultdict(list)
    for link in (
        ElementLink.objects.filter(plan=plan)
        .select_related("target__plan")
        .order_by("source_id", "order", "id")
    ):
        if link.target is not None and not shown(link.target.plan):
            continue
        if link.target is None:
            target = link.target_ref
        elif link.target.plan_id == plan.id:
            target = link.target.key
        else:
            target = f"{link.target.plan.slug}#{link.target.key}"
        links_by_source[link.source_id].append({"type": link.link_type, "target": target})

    items = []
    for element in elements:
        item = {
            "id": element.key,
            "kind": element.kind,
            "parent": element.parent.key if element.parent_id else None,
            "label": element.label,
            "title": element.title,
            "text": element.text,
            "date_text": element.date_text,
            "start": _iso(element.date_start),
            "end": _iso(element.date_end),
        }
        if element.date_text and element.date_precision:
            item["precision"] = element.date_precision
        if element.note:
            item["note"] = element.note
        if element.owner:
            item["owner"] = element.owner
        item["links"] = links_by_source.get(element.id, [])
        items.append(item)

    return {
        "format": "civicplan-plan",
        "version": 1,
        "meta": {
            "slug": plan.slug,
            "title": plan.title,
            "kind": plan.kind,
            "status": plan.status,
            "organisation": plan.organisation.name,
            "committee": plan.body.name if plan.body_id else "",
            "item_no": plan.item_no,
            "meeting_date": _iso(plan.meeting_date),
            "report_by": plan.report_by,
            "job_title": plan.job_title,
            "contact_officer": plan.contact_officer,
            "contact_email": plan.contact_email,
            "contact_phone": plan.contact_phone,
            "summary": plan.summary,
            "recommendations": list(plan.recommendations),
            "plan_period": {
                "start": _iso(plan.period_start),
                "end": _iso(plan.period_end),
                "text": plan.period_text,
            },
            "source_document": plan.source_document,
            "predecessor": _predecessor_slug(plan, shown),
        },
        "framework": {
            "levels": [
                {"kind": level.kind, "name": level.name, "plural": level.plural, "parents": level.parents}
                for level in plan.levels.order_by("order")
            ]
        },
        "elements": items,
    }


def _predecessor_slug(plan: Plan, shown: Callable[[Plan], bool]) -> str | None:
    if plan.predecessor_id:
        return plan.predecessor.slug if shown(plan.predecessor) else None
    return plan.predecessor_slug or None


class TreeNode:
    """An element with its children, built in one query for rendering the plan tree."""

    __slots__ = ("element", "children")

    def __init__(self, element: Element):
        self.element = element
        self.children: list[TreeNode] = []


def plan_tree_get(*, plan: Plan) -> list[TreeNode]:
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for element in Element.objects.filter(plan=plan).order_by("position"):
        node = TreeNode(element)
        nodes[element.id] = node
        if element.parent_id is None:
            roots.append(node)
        else:
            nodes[element.parent_id].children.append(node)
    return roots


def plan_level_names(*, plan: Plan, levels: Iterable | None = None) -> dict[str, tuple[str, str]]:
    """What this plan calls each kind of element: {kind: (name, plural)}; from `levels` (the
    plan's framework levels) when the caller has read them already."""
    return {level.kind: (level.name, level.plural) for level in (plan.levels.all() if levels is None else levels)}


def plan_kind_counts(*, plan: Plan, elements: Iterable[Element] | None = None,
                     levels: list | None = None) -> list[tuple[str, int]]:
    """How many of each kind the plan holds, named as the plan names them ("3 themes, 1
    objective"); from `elements` and `levels` (in their order) when the caller has read them
    all already."""
    if levels is None:
        levels = list(plan.levels.order_by("order"))
    names = plan_level_names(plan=plan, levels=levels)
    if elements is not None:
        counts = Counter(element.kind for element in elements)
    else:
        counts = dict(
            Element.objects.filter(plan=plan).values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
        )
    return [
        (names[level.kind][1] if counts.get(level.kind, 0) != 1 else names[level.kind][0], counts.get(level.kind, 0))
        for level in levels
        if counts.get(level.kind)
    ]


def plan_children(*, plan: Plan) -> dict[int | None, list[int]]:
    """Parent id -> child ids in document order, from a light (id, parent) read (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for element_id, parent_id in Element.objects.filter(plan=plan).order_by("position").values_list("id", "parent_id"):
        children[parent_id].append(element_id)
    return children


def with_descendants(roots: set[int], children: Mapping[int | None, Iterable[int]]) -> set[int]:
    """The given elements and everything beneath them."""
    found, stack = set(roots), list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def plan_links(*, plan: Plan, link_type: str | None = None) -> list[ElementLink]:
    links = ElementLink.objects.filter(plan=plan).select_related("target__plan")
    if link_type:
        links = links.filter(link_type=link_type)
    return list(links.order_by("source_id", "order"))


def element_ancestors(element: Element) -> list[Element]:
    """From the top of the tree down to the element's parent (one query per level, few levels)."""
    chain = []
    node = element.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def element_links(*, element: Element, visible: Callable[[Plan], bool]) -> tuple[list[ElementLink], list[ElementLink]]:
    """The element's links out (in the plan's order) and in (earliest plan first, then document
    order), each only where `visible` allows the plan at its other end: one query for both, as
    links can come from any plan and so are read when the page is served."""
    found = (ElementLink.objects.filter(Q(source=element) | Q(target=element))
             .select_related("source__plan", "target__plan").order_by())  # sorted below, both ways
    links_out, links_in = [], []
    for link in found:
        if link.source_id == element.id and (link.target is None or visible(link.target.plan)):
            links_out.append(link)
        if link.target_id == element.id and visible(link.source.plan):
            links_in.append(link)
    links_out.sort(key=lambda link: (link.order, link.id))
    links_in.sort(key=lambda link: (link.source.plan.period_start is None, link.source.plan.period_start or dt.date.min,
                                    link.source.plan_id, link.source.position, link.id))
    return links_out, links_in


@dataclass
class HistoryEntry:
    """One saved change to an element, with what it changed in words."""

    record: object  # the historical record (date, type, user, reason)
    changes: list[str]


_HISTORY_FIELDS = {
    "title": "title", "text": "text", "note": "note", "label": "label", "kind": "kind", "parent": "parent",
    "date_text": "target", "weight": "weight", "owner": "owner", "owner_person": "owning person",
    "owner_portfolio": "owning portfolio", "deputy_person": "deputy", "team": "team",
}


def _shown(value) -> str:
    text = " ".join(str(value).split()) if value not in (None, "") else "nothing"
    return f"“{text[:80]}…”" if len(text) > 80 else (f"“{text}”" if text != "nothing" else text)


_HISTORY_NAMED = {  # fields holding a row's id, shown by that row's name
    "parent": (Element, "title"), "owner_person": (Person, "name"), "deputy_person": (Person, "name"),
    "team": (Directorate, "name"), "owner_portfolio": (Portfolio, "name"),
}


def element_history(*, element: Element, limit: int = 50) -> list[HistoryEntry]:
    """The element's saved changes, newest first, each saying which fields changed from what to
    what (the oldest shown is compared with the one before it, when there is one); people, teams
    and parents by name, looked up once per kind of field. Who saved each change is left as an
    id (`history_user_id`), named by the page (accounts.selectors.user_names)."""
    records = list(element.history.order_by("-history_date", "-history_id")[:limit + 1])
    names: dict[str, dict] = {}
    for field, (model, attribute) in _HISTORY_NAMED.items():
        ids = {getattr(record, f"{field}_id") for record in records} - {None}
        names[field] = dict(model.objects.filter(id__in=ids).values_list("id", attribute)) if ids else {}
    entries = []
    for newer, older in zip(records, records[1:] + [None]):
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older, included_fields=list(_HISTORY_FIELDS))
            for change in delta.changes:
                name = _HISTORY_FIELDS[change.field]
                old, new = change.old, change.new
                if change.field in _HISTORY_NAMED:
                    shown = names[change.field]
                    old = shown.get(old, "a removed entry") if old is not None else None
                    new = shown.get(new, "a removed entry") if new is not None else None
                    if change.field == "parent":
                        changes.append(f"moved from under {_shown(old or 'the top')} to under {_shown(new or 'the top')}")
                        continue
                elif change.field == "kind":
                    old, new = ElementKind(old).label.lower() if old in ElementKind.values else old, (
                        ElementKind(new).label.lower() if new in ElementKind.values else new)
                changes.append(f"{name} from {_shown(old)} to {_shown(new)}")
        entries.append(HistoryEntry(record=newer, changes=changes))
    return entries[:limit]
