"""A small plan for a made-up council, as a plan manager would start editing it."""

from __future__ import annotations

from civicplan.organisations.models import Directorate, Organisation, Person
from civicplan.plans.services import plan_file_load

COUNCIL = "Eastbrook District Council"


def council_plan(*, slug: str = "eastbrook-plan", status: str = "draft"):
    plan = plan_file_load(data={
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": slug, "title": "Eastbrook Council Plan 2025-28", "kind": "business_plan",
                 "status": status, "organisation": COUNCIL},
        "framework": {"levels": [
            {"kind": "priority", "name": "Priority", "plural": "Priorities", "parents": []},
            {"kind": "output", "name": "Outcome", "plural": "Outcomes", "parents": ["priority"]},
            {"kind": "milestone", "name": "Milestone", "plural": "Milestones", "parents": ["priority", "output"]},
        ]},
        "elements": [
            {"id": "p1", "kind": "priority", "label": "1", "title": "Homes people can afford"},
            {"id": "o1", "kind": "output", "parent": "p1", "label": "1.1", "title": "More social rent homes"},
            {"id": "m1", "kind": "milestone", "parent": "o1", "title": "Adopt the housing strategy",
             "date_text": "March 2026"},
            {"id": "m2", "kind": "milestone", "parent": "o1", "title": "Start on the Mill Lane site",
             "date_text": "Autumn 2026"},
            {"id": "p2", "kind": "priority", "label": "2", "title": "A cleaner, greener district"},
            {"id": "m3", "kind": "milestone", "parent": "p2", "title": "Food waste collections begin",
             "date_text": "Q2 2026"},
        ],
    })
    organisation = Organisation.objects.get(name=COUNCIL)
    team, _ = Directorate.objects.get_or_create(organisation=organisation, name="Place")
    for name in ("Priya Shah", "Tom Okafor"):
        Person.objects.get_or_create(organisation=organisation, name=name, defaults={"directorate": team})
    return plan


def positions(plan) -> list[tuple[str, int, int]]:
    """(key, position, depth) in document order, as the plan page lists them."""
    return list(plan.elements.order_by("position").values_list("key", "position", "depth"))
