"""Reading plans and progress as tables, showing each person only what they may see.

The rules are the web's: anonymous visitors and viewers see published plans, approved updates
and public commentary only; officers and plan managers also see drafts, updates awaiting
approval, internal commentary and who submitted and reviewed each update. The public view
(`public=True`) is the anonymous one whoever asks, and names owners only as the paper printed them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from civicplan.core.permissions import PUBLISHED_STATUSES, Role, user_role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.plans.models import Element, Plan
from civicplan.plans.selectors import plan_level_names
from civicplan.standing.filters import element_group_map
from civicplan.standing.status import plan_status

PLAN_COLUMNS = [
    "key", "kind", "level", "label", "title", "text", "note", "date_text", "start", "end", "precision",
    "date_note", "parent", "group", "owner", "status", "rag", "percent", "rolled_up", "overdue", "dropped", "added_later", "status_as_at",
    "updated_on", "commentary",
]
PROGRESS_COLUMNS = [
    "plan", "element", "label", "title", "as_at", "status", "rag", "percent", "commentary",
    "achieved_date", "evidence_url", "sample",
]
# Only for officers and plan managers: what the public never sees.
PROGRESS_COLUMNS_INTERNAL = [
    "commentary_internal", "review_status", "submitted_by", "reviewed_by", "reviewed_at", "review_comment",
]


class Operator:
    """Whoever runs the command line: they hold the database itself, so they see everything."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def get_username(self) -> str:
        return "command line"


OPERATOR = Operator()


def sees_internal(user, *, public: bool = False) -> bool:
    """Whether a table for this person includes drafts, pending updates and internal commentary."""
    return not public and user_role(user) >= Role.OFFICER


@dataclass
class PlanTable:
    """A plan's elements as rows (PLAN_COLUMNS), with each row's kind for splitting into sheets."""

    columns: list[str]
    rows: list[tuple[str, list]]  # (kind, values)
    level_plurals: list[tuple[str, str]]  # (kind, plural) in framework order


def plan_table(*, plan: Plan, as_at: dt.date, user=None, public: bool = False) -> PlanTable:
    """Every element of the plan, in document order, with its status on the date."""
    internal = sees_internal(user, public=public)
    statuses = plan_status(plan=plan, as_at=as_at)
    elements = [s.element for s in statuses.values()]
    by_id = {e.id: e for e in elements}
    groups = element_group_map(elements)
    names = plan_level_names(plan=plan)
    person_names = {}
    if not public:
        person_names = dict(
            Element.objects.filter(plan=plan, owner_person__isnull=False).values_list("id", "owner_person__name")
        )
    rows = []
    for status in statuses.values():
        e = status.element
        update = status.update
        commentary = ""
        if update is not None and update.commentary and (internal or not update.commentary_internal):
            commentary = update.commentary
        group = groups.get(e.id)
        rows.append((e.kind, [
            e.key, e.kind, names.get(e.kind, (e.kind, e.kind))[0], e.label, e.title, e.text, e.note,
            e.date_text, e.date_start, e.date_end, e.date_precision if e.date_text else "",
            e.date_note if e.date_text else "",
            by_id[e.parent_id].key if e.parent_id in by_id else "",
            group.key if group else "",
            person_names.get(e.id) or e.owner,
            status.rag_label, status.rag or "", round(status.percent) if status.rag else None,
            status.rolled_up, status.overdue, status.dropped, status.added_later, as_at, update.as_at if update else None, commentary,
        ]))
    levels = [(level.kind, level.plural) for level in plan.levels.order_by("order")]
    return PlanTable(columns=list(PLAN_COLUMNS), rows=rows, level_plurals=levels)


def progress_updates_visible(*, user, public: bool = False) -> QuerySet[ProgressUpdate]:
    """The progress updates this person may see, on every plan they may see."""
    updates = ProgressUpdate.objects.all()
    if not sees_internal(user, public=public):
        updates = updates.filter(plan__status__in=PUBLISHED_STATUSES, status=ProgressUpdate.Status.APPROVED)
    return updates


def progress_history_columns(*, user, public: bool = False) -> list[str]:
    columns = list(PROGRESS_COLUMNS)
    if sees_internal(user, public=public):
        columns += PROGRESS_COLUMNS_INTERNAL
    return columns


def progress_history_rows(
    *, user, plan: Plan | None = None, public: bool = False, chunk_size: int = 2000
) -> Iterator[list]:
    """Every visible update (all plans, or one), oldest first within each element."""
    internal = sees_internal(user, public=public)
    updates = progress_updates_visible(user=user, public=public).select_related(
        "plan", "element", "submitted_by", "reviewed_by"
    )
    if plan is not None:
        updates = updates.filter(plan=plan)
    updates = updates.order_by("plan__slug", "element__position", "as_at", "id")
    labels = dict(Rag.choices)
    for u in updates.iterator(chunk_size=chunk_size):
        commentary = u.commentary if (internal or not u.commentary_internal) else ""
        row = [
            u.plan.slug, u.element.key, u.element.label, u.element.title, u.as_at, labels.get(u.rag, u.rag),
            u.rag, u.percent_complete, commentary, u.achieved_date, u.evidence_url if (internal or not u.commentary_internal) else "", u.is_sample,
        ]
        if internal:
            row += [
                u.commentary_internal, u.get_status_display(),
                u.submitted_by.get_username() if u.submitted_by_id else "",
                u.reviewed_by.get_username() if u.reviewed_by_id else "",
                timezone.localtime(u.reviewed_at).replace(microsecond=0) if u.reviewed_at else None,
                u.review_comment,
            ]
        yield row
