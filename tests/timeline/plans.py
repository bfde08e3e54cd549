"""A synthetic plan of any size for the timeline: objectives, dated steps, fuzzy and open dates, events."""

from __future__ import annotations

from civicplan.plans.services import plan_file_load

DATE_WORDS = (
    "September 2022",
    "Autumn 2022",
    "by Jan 2023",
    "from March 2023",
    "Q2 2023",
    "2022-2023",
    "TBC",
    "",
)


def timeline_plan(
    *, slug: str, milestones: int, status: str = "in_delivery", title: str | None = None
):
    """A plan file with six objectives and `milestones` milestones (every fourth one a dated step)."""
    elements = []
    for g in range(6):
        elements.append(
            {
                "id": f"obj-{g}",
                "kind": "objective",
                "label": f"{g + 1}",
                "title": f"Objective {g + 1}",
            }
        )
    parent_of_steps = None
    for m in range(milestones):
        is_step = m % 4 == 3 and parent_of_steps is not None
        elements.append(
            {
                "id": f"ms-{m}",
                "kind": "milestone",
                "parent": parent_of_steps if is_step else f"obj-{m % 6}",
                "title": f"Milestone {m} <deliver> & report",
                "date_text": DATE_WORDS[m % len(DATE_WORDS)],
            }
        )
        if not is_step:
            parent_of_steps = f"ms-{m}"
    elements.append({"id": "imp", "kind": "implication", "title": "Policy implications"})
    elements.append(
        {
            "id": "ke-1",
            "kind": "key_event",
            "parent": "imp",
            "title": "Autumn Budget",
            "date_text": "Oct 2022",
        }
    )
    elements.append(
        {
            "id": "ke-2",
            "kind": "key_event",
            "parent": "imp",
            "title": "Spring Statement",
            "date_text": "Mar 2023",
        }
    )
    return plan_file_load(
        data={
            "format": "civicplan-plan",
            "version": 1,
            "meta": {
                "slug": slug,
                "title": title or f"Timeline test plan {slug}",
                "kind": "milestones_plan",
                "status": status,
                "organisation": "London Councils",
                "plan_period": {
                    "start": "2022-07-01",
                    "end": "2023-12-31",
                    "text": "until the end of 2023",
                },
            },
            "framework": {
                "levels": [
                    {
                        "kind": "objective",
                        "name": "Objective",
                        "plural": "Objectives",
                        "parents": [],
                    },
                    {
                        "kind": "milestone",
                        "name": "Milestone",
                        "plural": "Milestones",
                        "parents": ["objective", "milestone"],
                    },
                    {
                        "kind": "implication",
                        "name": "Implication",
                        "plural": "Implications",
                        "parents": [],
                    },
                    {
                        "kind": "key_event",
                        "name": "Key political event",
                        "plural": "Key political events",
                        "parents": ["implication", "key_event"],
                    },
                ]
            },
            "elements": elements,
        }
    )
