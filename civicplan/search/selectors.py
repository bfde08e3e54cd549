"""Searching every plan and year: one selector whatever the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, Max, Min, OuterRef, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from civicplan.core.permissions import PUBLISHED_STATUSES, Role, can_view_plan, plan_is_published, user_role
from civicplan.plans.models import Element, ElementKind, FrameworkLevel, Plan

from . import backends
from .query import ParsedQuery, marked_html, parse_query


def element_url(*, plan_slug: str, key: str) -> str:
    """The element's own page, or its place in the plan page where there is no such page."""
    try:
        return reverse("web:element-detail", kwargs={"slug": plan_slug, "key": key})
    except NoReverseMatch:
        return reverse("web:plan-detail", kwargs={"slug": plan_slug}) + f"#el-{key}"


@dataclass
class SearchHit:
    element: Element
    plan: Plan
    kind_name: str  # what the element's own plan calls its kind ("Work area", "Pledge")
    title_html: SafeString  # escaped, with the matched words in <mark>
    snippet_html: SafeString
    date_html: SafeString
    score: float
    url: str
    published: bool


@dataclass
class PlanCount:
    plan: Plan
    count: int


@dataclass
class SearchResults:
    """One page of results. `total` counts the results that can be paged through; when `more`
    is set, more elements match than are ranked (ADR 34), and `total` and `plan_counts` are
    those of the newest `backends.RANKED` matches, which the pages show best first."""

    query: str
    parsed: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    limit: int = 50
    plan_counts: list[PlanCount] = field(default_factory=list)
    more: bool = False

    @property
    def first(self) -> int:
        return self.offset + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.hits)

    @property
    def words(self) -> dict[str, str]:
        """The first, last and total as people read numbers: "981 to 1,000 of 1,000"."""
        return {"first": f"{self.first:,}", "last": f"{self.last:,}", "total": f"{self.total:,}"}


# What the search page shows of a plan (its name, year and status) and needs to filter by it:
# every plan is listed on the page, so the rest of each plan's row is not read.
PLAN_FIELDS = ("id", "slug", "title", "status", "period_start", "period_text")


def search_visible_plans(*, user) -> QuerySet[Plan]:
    """The plans a user may search: published ones, or all of them for officers and above."""
    plans = Plan.objects.only(*PLAN_FIELDS).order_by("-period_start", "title")
    if user_role(user) < Role.OFFICER:
        plans = plans.filter(status__in=PUBLISHED_STATUSES)
    return plans


def search_kinds() -> list[tuple[str, str]]:
    """The element kinds any plan uses, for the kind filter, with the plans' own names for
    them where those differ ("Priority (Work area)"), in the order the model lists them."""
    # Every element's kind is one of its plan's framework levels (loading and the editor check
    # it), so the levels with an element of their kind are the kinds in use: one index seek on
    # (plan, kind) per level, never a read of every element of every plan.
    in_use = FrameworkLevel.objects.filter(
        Exists(Element.objects.filter(plan_id=OuterRef("plan_id"), kind=OuterRef("kind")))
    )
    names: dict[str, set[str]] = {}
    for kind, name in in_use.order_by().values_list("kind", "name").distinct():
        names.setdefault(kind, set()).add(name)
    used = set(names)
    choices = []
    for value, label in ElementKind.choices:
        if value in used:
            other = sorted(n for n in names.get(value, ()) if n.lower() != label.lower())
            choices.append((value, f"{label} ({', '.join(other)})" if other else label))
    return choices


def search_elements(
    *,
    query: str,
    user,
    plan: Plan | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Elements whose words match `query`, best first, from the plans `user` may see.

    The query is read by `parse_query`, so any text is safe to pass: words that cannot be
    searched for (only punctuation, only words to leave out) give no results, never an error.
    Where more than `backends.RANKED` elements match, the newest that many are ranked and
    counted, and `more` says there are others (ADR 34).
    """
    parsed = parse_query(query)
    limit = max(1, min(int(limit), 200))
    offset = max(0, int(offset))
    results = SearchResults(query=query, parsed=parsed, offset=offset, limit=limit)
    if parsed.is_empty or (plan is not None and not can_view_plan(user, plan)):
        return results
    element_ids = None
    if plan is not None:
        # `+ 0`: PostgreSQL would otherwise find MIN(id) by walking the whole primary key from
        # the oldest element until it met one of this plan's; this reads the plan's own rows.
        span = Element.objects.filter(plan=plan).aggregate(low=Min(F("id") + 0), high=Max(F("id") + 0))
        if span["low"] is None:  # a plan without elements
            return results
        element_ids = (span["low"], span["high"])
    filters = backends.Filters(
        all_plans=user_role(user) >= Role.OFFICER,
        published_statuses=PUBLISHED_STATUSES,
        plan_id=plan.pk if plan is not None else None,
        kind=kind or None,
        element_ids=element_ids,
    )
    found = backends.run(parsed, filters, limit=limit, offset=offset)
    results.total = found.total
    results.more = found.more
    plans = Plan.objects.only(*PLAN_FIELDS).in_bulk(list(found.plan_counts))
    results.plan_counts = sorted(
        (PlanCount(plan=plans[pid], count=n) for pid, n in found.plan_counts.items() if pid in plans),
        key=lambda pc: (pc.plan.period_start or dt.date.min, pc.plan.title),
        reverse=True,
    )
    elements = Element.objects.in_bulk([row.element_id for row in found.rows])
    names = {
        (level.plan_id, level.kind): level.name
        for level in FrameworkLevel.objects.filter(plan_id__in={e.plan_id for e in elements.values()})
    }
    for row in found.rows:
        element = elements.get(row.element_id)
        if element is None:  # deleted between the two queries
            continue
        element_plan = plans[element.plan_id]
        element.plan = element_plan
        results.hits.append(
            SearchHit(
                element=element,
                plan=element_plan,
                kind_name=names.get((element.plan_id, element.kind), element.get_kind_display()),
                title_html=marked_html(row.title),
                snippet_html=marked_html(row.snippet) if element.text else marked_html(""),
                date_html=marked_html(row.date_text),
                score=row.score,
                url=element_url(plan_slug=element_plan.slug, key=element.key),
                published=plan_is_published(element_plan),
            )
        )
    return results
