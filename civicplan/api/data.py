"""The API's answers as dictionaries, deciding per person what goes in them.

`internal` means the person is an officer or plan manager (and not asking for the public view):
only then do updates awaiting approval, internal commentary and who submitted or reviewed an
update appear. Owners are named as the web names them, except in the public view, which gives
only the owner the paper printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse

from civicplan.core.permissions import plan_is_published
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.governance.models import Decision, Meeting
from civicplan.plans.models import Element, ElementKind, ElementLink, Plan
from civicplan.plans.selectors import plan_level_names
from civicplan.reports.models import GeneratedReport
from civicplan.standing.changes import added_after, dropped_element_ids
from civicplan.standing.filters import element_group_map
from civicplan.standing.status import ElementStatus


@dataclass(slots=True)
class PlacedElement:
    """An element light enough to read a whole plan of them for one page of a list: what finds it
    (kind, group, owner) and names its place (key, label, parent), and nothing else."""

    id: int
    parent_id: int | None
    position: int
    kind: str
    key: str
    label: str
    owner: str
    owner_person_id: int | None
    owner_person: SimpleNamespace | None

    def get_kind_display(self) -> str:
        return ElementKind(self.kind).label if self.kind in ElementKind.values else self.kind


def plan_elements_placed(*, plan: Plan, as_at: dt.date) -> dict[int, ElementStatus]:
    """Every element of the plan in document order as a PlacedElement, marked dropped or added later
    as on the date, with no status worked out (rag None): enough for plan_elements_filter to find
    elements by kind, group, owner or contribution, and for ElementContext to name them, without
    working out the whole plan. Three queries whatever the plan's size."""
    elements = [
        PlacedElement(id, parent_id, position, kind, key, label, owner, person_id,
                      SimpleNamespace(name=person_name) if person_id else None)
        for id, parent_id, position, kind, key, label, owner, person_id, person_name in Element.objects.filter(plan=plan)
        .order_by("position")
        .values_list("id", "parent_id", "position", "kind", "key", "label", "owner", "owner_person_id", "owner_person__name")
    ]
    children: dict[int | None, list[int]] = {}
    for element in elements:
        children.setdefault(element.parent_id, []).append(element.id)
    dropped = dropped_element_ids(plan=plan, as_at=as_at, children=children)
    added_later = added_after(plan=plan, as_at=as_at)
    return {
        e.id: ElementStatus(element=e, dropped=e.id in dropped, added_later=e.id in added_later) for e in elements
    }


def plan_summary(plan: Plan, *, element_count: int | None = None, public: bool = False) -> dict:
    count = element_count if element_count is not None else getattr(plan, "element_count", None)
    if count is None:
        count = plan.elements.count()
    url = f"/api/v1/public/plans/{plan.slug}/" if public else f"/api/v1/plans/{plan.slug}/"
    return {
        "slug": plan.slug,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "published": plan_is_published(plan),
        "organisation": plan.organisation.name,
        "committee": plan.body.name if plan.body_id else "",
        "meeting_date": plan.meeting_date,
        "period": {"start": plan.period_start, "end": plan.period_end, "text": plan.period_text},
        "element_count": count,
        "url": url,
        "web_url": f"/public/plans/{plan.slug}/" if public else plan.get_absolute_url(),
    }


def plan_detail(plan: Plan, *, public: bool = False, internal: bool = False) -> dict:
    """`internal`: the caller may see drafts, so a draft predecessor may be named."""
    data = plan_summary(plan, public=public)
    predecessor = plan.predecessor if plan.predecessor_id else None
    if predecessor is not None and not (internal and not public) and not plan_is_published(predecessor):
        predecessor = None  # a draft is not confirmed to exist, not even by its slug
    data.update({
        "item_no": plan.item_no,
        "report_by": plan.report_by,
        "job_title": plan.job_title,
        # Printed on the published paper, so public as the paper is.
        "contact_officer": plan.contact_officer,
        "contact_email": plan.contact_email,
        "contact_phone": plan.contact_phone,
        "summary": plan.summary,
        "recommendations": [str(r) for r in plan.recommendations or []],
        "source_document": plan.source_document,
        "predecessor": predecessor.slug if predecessor else (None if plan.predecessor_id else plan.predecessor_slug or None),
        "levels": [
            {"kind": level.kind, "name": level.name, "plural": level.plural, "parents": list(level.parents or [])}
            for level in plan.levels.order_by("order")
        ],
    })
    return data


class ElementContext:
    """What every element of a plan needs to be described, read once for the whole plan."""

    def __init__(self, *, plan: Plan, statuses: dict[int, ElementStatus], as_at: dt.date, internal: bool,
                 public: bool = False):
        self.plan, self.as_at, self.internal, self.public = plan, as_at, internal, public
        self.statuses = statuses
        elements = [s.element for s in statuses.values()]
        self.by_id = {e.id: e for e in elements}
        self.groups = element_group_map(elements)
        self.names = plan_level_names(plan=plan)
        self.contributes: dict[int, list[str]] = {}
        for source_id, target_key in ElementLink.objects.filter(
            plan=plan, link_type=ElementLink.Type.CONTRIBUTES_TO, target__isnull=False
        ).values_list("source_id", "target__key").order_by("source_id", "order"):
            self.contributes.setdefault(source_id, []).append(target_key)
        self.person_names: dict[int, str] = {}
        if not public:
            self.person_names = dict(
                Element.objects.filter(plan=plan, owner_person__isnull=False).values_list("id", "owner_person__name")
            )
        self._ordinals: dict[int, int] = {}
        counters: dict[tuple[int | None, str], int] = {}
        for element in elements:
            slot = (element.parent_id, element.kind)
            counters[slot] = counters.get(slot, 0) + 1
            self._ordinals[element.id] = counters[slot]

    def label_path(self, element: Element) -> str:
        steps = []
        node = element
        while node is not None:
            if node.label:
                steps.append(node.label)
            else:
                steps.append(f"{self.names.get(node.kind, (node.get_kind_display(),))[0]} {self._ordinals[node.id]}")
            node = self.by_id.get(node.parent_id)
        return " > ".join(reversed(steps))

    def element(self, status: ElementStatus) -> dict:
        e = status.element
        update = status.update
        commentary = ""
        if update is not None and update.commentary and (self.internal or not update.commentary_internal):
            commentary = update.commentary
        group = self.groups.get(e.id)
        base = f"/api/v1/{'public/' if self.public else ''}plans/{self.plan.slug}/elements/{e.key}/"
        return {
            "key": e.key,
            "kind": e.kind,
            "level_name": self.names.get(e.kind, (e.get_kind_display(),))[0],
            "label": e.label,
            "label_path": self.label_path(e),
            "title": e.title,
            "text": e.text,
            "note": e.note,
            "date_text": e.date_text,
            "start": e.date_start,
            "end": e.date_end,
            "precision": e.date_precision if e.date_text else "",
            "date_note": e.date_note if e.date_text else "",
            "parent": self.by_id[e.parent_id].key if e.parent_id in self.by_id else None,
            "group": group.key if group else None,
            "owner": self.person_names.get(e.id) or e.owner,
            "contributes_to": self.contributes.get(e.id, []),
            "status": {
                "rag": status.rag,
                "rag_label": status.rag_label,
                "percent": round(float(status.percent), 1),
                "rolled_up": status.rolled_up,
                "parts_rag": status.parts_rag if status.set_by_hand_note else None,
                "overdue": status.overdue,
                "dropped": status.dropped,
                "added_later": status.added_later,
                "sample": bool(update and update.is_sample),
                "as_at": self.as_at,
                "updated_on": update.as_at if update else None,
                "commentary": commentary,
                "achieved_date": update.achieved_date if update else None,
                "evidence_url": update.evidence_url if update and (self.internal or not update.commentary_internal) else "",
                "pending_updates": status.pending if self.internal else None,
            },
            "url": base,
        }


def element_detail(context: ElementContext, status: ElementStatus) -> dict:
    data = context.element(status)
    element = status.element
    data["children"] = [c.element.key for c in status.children]
    links = []
    for link in element.links_out.select_related("target__plan").order_by("order"):
        if link.target is None:
            target = link.target_ref
        elif link.target.plan_id == element.plan_id:
            target = link.target.key
        elif (context.internal and not context.public) or plan_is_published(link.target.plan):
            target = f"{link.target.plan.slug}#{link.target.key}"
        else:
            continue  # an element of a draft plan: not for those who may not see drafts
        links.append({"type": link.link_type, "target": target})
    data["links"] = links
    return data


def progress_update(update: ProgressUpdate, *, internal: bool) -> dict:
    hide = update.commentary_internal and not internal
    return {
        "id": update.id,
        "plan": update.element.plan.slug,
        "element": update.element.key,
        "element_title": update.element.title,
        "as_at": update.as_at,
        "rag": update.rag,
        "rag_label": Rag(update.rag).label,
        "percent_complete": update.percent_complete,
        "commentary": "" if hide else update.commentary,
        "commentary_internal": update.commentary_internal if internal else None,
        "achieved_date": update.achieved_date,
        "evidence_url": "" if hide else update.evidence_url,
        "status": update.status,
        "status_label": update.get_status_display(),
        "is_sample": update.is_sample,
        "submitted_by": (update.submitted_by.get_username() if update.submitted_by_id else "") if internal else None,
        "reviewed_by": (update.reviewed_by.get_username() if update.reviewed_by_id else "") if internal else None,
        "reviewed_at": update.reviewed_at,
        "review_comment": update.review_comment if internal else None,
    }


def decision(record: Decision) -> dict:
    return {
        "id": record.id,
        "plan": record.plan.slug,
        "meeting": record.meeting_id,
        "body": record.meeting.body.name if record.meeting_id else "",
        "item_no": record.agenda_item.number if record.agenda_item_id else "",
        "outcome": record.outcome,
        "outcome_label": record.get_outcome_display(),
        "from_status": record.from_status,
        "to_status": record.to_status,
        "note": record.note,
        "decided_on": record.decided_on,
    }


def meeting(record: Meeting, *, items: list, decisions: list) -> dict:
    return {
        "id": record.id,
        "body": record.body.name,
        "date": record.date,
        "title": record.title,
        "location": record.location,
        "items": [{"number": i.number, "title": i.title, "plan": i.plan.slug if i.plan_id else None} for i in items],
        "decisions": [decision(d) for d in decisions],
    }


def generated_report(record: GeneratedReport) -> dict:
    ready = record.status == GeneratedReport.Status.DONE
    return {
        "id": record.id,
        "kind": record.kind,
        "format": record.format,
        "as_at": record.as_at,
        "status": record.status,
        "size": record.size,
        "error": record.error,
        "created_at": record.created_at,
        "finished_at": record.finished_at,
        "download_url": reverse("api:report-file", args=[record.plan.slug, record.id]) if ready else None,
    }
