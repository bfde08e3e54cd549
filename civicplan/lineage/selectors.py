"""Reading lineage: which elements carry on ones from an earlier plan, and likely matches.

A lineage link is an `ElementLink` of type "continues" from the newer element (source) to
the older one (target). Everything here is computed from those links and the elements'
words; nothing is stored apart from the links themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from civicplan.plans.models import Element, ElementKind, ElementLink, FrameworkLevel, Plan
from civicplan.plans.selectors import plans_with_element_counts

from .similarity import Document, Ranker, document

SUGGEST_THRESHOLD = 0.3  # shown as a possible match on the comparison page
CONFIDENT_THRESHOLD = 0.8  # linked without asking by `lineage_seed_load`, offered by the command
CONTINUES = ElementLink.Type.CONTINUES


def plan_is_earlier(*, old_plan: Plan, new_plan: Plan) -> bool:
    """Whether `old_plan` comes before `new_plan`: by the periods they cover, or where a period
    is missing, by following the chain of predecessors back from `new_plan`."""
    if old_plan.pk == new_plan.pk:
        return False
    if old_plan.period_start and new_plan.period_start:
        return old_plan.period_start < new_plan.period_start
    seen = {new_plan.pk}
    plan = new_plan
    while plan.predecessor_id and plan.predecessor_id not in seen:
        if plan.predecessor_id == old_plan.pk:
            return True
        seen.add(plan.predecessor_id)
        plan = Plan.objects.only("id", "predecessor_id").get(pk=plan.predecessor_id)
    return False


def _documents(elements) -> list[Document]:
    return [document(e, e.title, e.text) for e in elements]


@dataclass
class Suggestion:
    element: Element
    score: float
    linked: bool = False  # already linked to the element the suggestion is for
    taken: bool = False  # already linked to some other element in the comparison

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def lineage_suggestions(
    *, element: Element, candidate_plan: Plan, limit: int = 5, kind: str | None = None
) -> list[Suggestion]:
    """Elements of `candidate_plan` most like `element`, best first, with scores 0-1.

    Candidates are of `kind`, or of the element's own kind when the candidate plan uses it
    (a priority is usually carried on as a priority), or else of any kind.
    """
    elements = Element.objects.filter(plan=candidate_plan).exclude(pk=element.pk)
    if kind:
        elements = elements.filter(kind=kind)
    elif elements.filter(kind=element.kind).exists():
        elements = elements.filter(kind=element.kind)
    candidates = _documents(elements.order_by("position"))
    mine = document(element, element.title, element.text)
    ranker = Ranker([mine, *candidates])
    linked = set(
        ElementLink.objects.filter(
            Q(source=element, target__plan=candidate_plan) | Q(target=element, plan=candidate_plan),
            link_type=CONTINUES,
        ).values_list("source_id", "target_id")
    )
    linked_ids = {i for pair in linked for i in pair} - {element.pk}
    return [
        Suggestion(element=s.key, score=s.score, linked=s.key.pk in linked_ids)
        for s in ranker.ranked(mine, candidates, limit=limit)
    ]


@dataclass
class CarriedOver:
    new: Element
    old: Element
    link: ElementLink


@dataclass
class Unmatched:
    element: Element
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass
class PlanComparison:
    old_plan: Plan
    new_plan: Plan
    old_kind: str | None
    new_kind: str | None
    carried_over: list[CarriedOver]
    new: list[Unmatched]
    dropped: list[Unmatched]
    level_names: dict[tuple[int, str], str]

    def kind_name(self, element: Element) -> str:
        return self.level_names.get((element.plan_id, element.kind), element.get_kind_display())


def plan_kinds(*, plan: Plan) -> list[str]:
    """The kinds of element a plan holds, in the order its framework lists them."""
    counts = dict(
        Element.objects.filter(plan=plan).order_by().values_list("kind").annotate(n=Count("id"))
    )
    ordered = [level.kind for level in plan.levels.order_by("order") if counts.get(level.kind)]
    return ordered + sorted(k for k in counts if k not in ordered)


# The kinds people compare plans by, most telling first: the delivery commitments.
COMPARISON_KINDS = (
    ElementKind.PRIORITY, ElementKind.MILESTONE, ElementKind.OUTPUT, ElementKind.OBJECTIVE,
    ElementKind.PLEDGE, ElementKind.SUB_PRIORITY, ElementKind.THEME, ElementKind.CORE_AREA,
)


def comparison_default_kinds(*, old_plan: Plan, new_plan: Plan) -> tuple[str | None, str | None]:
    """The kinds to compare first (older plan, newer plan).

    Priorities when both plans have them (the usual question), else the first delivery kind
    both share; where the framework changed and they share none (2020/21 priorities, 2022
    milestones), each plan's own main delivery kind. Never a context kind such as implications
    just because both happen to have it.
    """
    old_kinds, new_kinds = plan_kinds(plan=old_plan), plan_kinds(plan=new_plan)
    for kind in COMPARISON_KINDS:
        if kind in old_kinds and kind in new_kinds:
            return kind, kind
    old_main = next((k for k in COMPARISON_KINDS if k in old_kinds), None)
    new_main = next((k for k in COMPARISON_KINDS if k in new_kinds), None)
    if old_main or new_main:
        return old_main, new_main
    shared = [k for k in new_kinds if k in old_kinds]
    return (shared[0], shared[0]) if shared else (None, None)


def plan_comparison(
    *,
    new_plan: Plan,
    old_plan: Plan,
    kind: str | None = None,
    new_kind: str | None = None,
    threshold: float = SUGGEST_THRESHOLD,
    suggestions_per_item: int = 3,
) -> PlanComparison:
    """What carried over from `old_plan` to `new_plan`, what is new and what was dropped.

    `kind` narrows both plans to one kind of element; `new_kind` narrows the newer plan to a
    different one where the framework changed (2019/20 pledges against 2022 milestones).
    Carried over: the continues links between the two plans. New: newer elements continuing
    nothing in the older plan. Dropped: older elements nothing in the newer plan continues.
    Unmatched elements carry the likeliest matches on the other side scoring `threshold` or more.
    """
    old_kind = kind or None
    new_kind = new_kind or old_kind
    old_elements = Element.objects.filter(plan=old_plan).order_by("position")
    new_elements = Element.objects.filter(plan=new_plan).order_by("position")
    if old_kind:
        old_elements = old_elements.filter(kind=old_kind)
    if new_kind:
        new_elements = new_elements.filter(kind=new_kind)
    old_list, new_list = list(old_elements), list(new_elements)

    links = list(
        ElementLink.objects.filter(link_type=CONTINUES, plan=new_plan, target__plan=old_plan)
        .select_related("source", "target")
        .order_by("source__position", "target__position")
    )
    in_scope_old = {e.pk for e in old_list}
    in_scope_new = {e.pk for e in new_list}
    carried = [
        CarriedOver(new=link.source, old=link.target, link=link)
        for link in links
        if link.source_id in in_scope_new or link.target_id in in_scope_old
    ]
    continuing = {link.source_id for link in links}
    continued = {link.target_id for link in links}
    linked_pairs = {(link.source_id, link.target_id) for link in links}

    new_docs = {e.pk: document(e, e.title, e.text) for e in new_list}
    old_docs = {e.pk: document(e, e.title, e.text) for e in old_list}
    ranker = Ranker([*new_docs.values(), *old_docs.values()])
    old_candidates, new_candidates = list(old_docs.values()), list(new_docs.values())

    def suggest(doc: Document, candidates: list[Document], *, newer: bool) -> list[Suggestion]:
        found = []
        for scored in ranker.ranked(doc, candidates, limit=suggestions_per_item):
            if scored.score < threshold:
                continue
            other = scored.key
            pair = (doc.key.pk, other.pk) if newer else (other.pk, doc.key.pk)
            found.append(
                Suggestion(
                    element=other,
                    score=scored.score,
                    linked=pair in linked_pairs,
                    taken=(other.pk in continued) if newer else (other.pk in continuing),
                )
            )
        return found

    new_items = [
        Unmatched(element=e, suggestions=suggest(new_docs[e.pk], old_candidates, newer=True))
        for e in new_list
        if e.pk not in continuing
    ]
    dropped = [
        Unmatched(element=e, suggestions=suggest(old_docs[e.pk], new_candidates, newer=False))
        for e in old_list
        if e.pk not in continued
    ]
    level_names = {
        (level.plan_id, level.kind): level.name
        for level in FrameworkLevel.objects.filter(plan__in=[old_plan, new_plan])
    }
    return PlanComparison(
        old_plan=old_plan, new_plan=new_plan, old_kind=old_kind, new_kind=new_kind,
        carried_over=carried, new=new_items, dropped=dropped, level_names=level_names,
    )


@dataclass
class Pair:
    new: Element
    old: Element
    score: float
    linked: bool


def lineage_pairs(
    *, old_plan: Plan, new_plan: Plan, kind: str | None = None, new_kind: str | None = None,
    minimum: float = SUGGEST_THRESHOLD,
) -> list[Pair]:
    """Best one-to-one matches between two plans, best first.

    Greedy: the highest-scoring pair is taken first and neither element is offered again, so
    a reworded priority is matched with its own predecessor rather than a look-alike.
    Pairs already linked come first and use up their elements.
    """
    comparison = plan_comparison(
        new_plan=new_plan, old_plan=old_plan, kind=kind, new_kind=new_kind, threshold=minimum,
        suggestions_per_item=5,
    )
    pairs: list[Pair] = []
    used_new, used_old = set(), set()
    for carried in comparison.carried_over:
        pairs.append(Pair(new=carried.new, old=carried.old, score=1.0, linked=True))
        used_new.add(carried.new.pk)
        used_old.add(carried.old.pk)
    candidates = sorted(
        (
            (s.score, item.element.position, item.element, s.element)
            for item in comparison.new
            for s in item.suggestions
        ),
        key=lambda c: (-c[0], c[1]),
    )
    for score, _, new, old in candidates:
        if new.pk in used_new or old.pk in used_old:
            continue
        pairs.append(Pair(new=new, old=old, score=score, linked=False))
        used_new.add(new.pk)
        used_old.add(old.pk)
    return pairs


def element_lineage(*, element: Element) -> tuple[QuerySet[ElementLink], QuerySet[ElementLink]]:
    """(links to the elements it continues, links from the elements that continue it)."""
    earlier = (
        ElementLink.objects.filter(source=element, link_type=CONTINUES)
        .select_related("target__plan")
        .order_by("order", "id")
    )
    later = (
        ElementLink.objects.filter(target=element, link_type=CONTINUES)
        .select_related("source__plan")
        .order_by("source__plan__period_start", "source__position")
    )
    return earlier, later


@dataclass
class PlanLink:
    plan: Plan
    count: int  # continues links between the two plans
    element_count: int  # elements in the other plan


def plan_lineage(*, plan: Plan, visible) -> tuple[list[PlanLink], list[PlanLink]]:
    """The plans this plan could be compared with: (earlier plans, later plans), each with
    the number of continues links between them. `visible` filters plans the user may see."""
    counts_back = dict(
        ElementLink.objects.filter(link_type=CONTINUES, plan=plan, target__isnull=False)
        .order_by().values_list("target__plan_id").annotate(n=Count("id"))
    )
    counts_forward = dict(
        ElementLink.objects.filter(link_type=CONTINUES, target__plan=plan)
        .order_by().values_list("plan_id").annotate(n=Count("id"))
    )
    others = [
        p for p in plans_with_element_counts(Plan.objects.exclude(pk=plan.pk).order_by("-period_start", "title"))
        if visible(p)
    ]
    earlier = [
        PlanLink(plan=p, count=counts_back.get(p.pk, 0), element_count=p.element_count)
        for p in others if plan_is_earlier(old_plan=p, new_plan=plan)
    ]
    later = [
        PlanLink(plan=p, count=counts_forward.get(p.pk, 0), element_count=p.element_count)
        for p in others if plan_is_earlier(old_plan=plan, new_plan=p)
    ]
    return earlier, later
