"""Reading governance: a plan's decisions and next steps, its changes since adoption, reminders due.

Each function runs a fixed number of queries whatever the size of the plan, so that the
reports built on them stay quick for the largest plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from civicplan.organisations.models import Person
from civicplan.plans.models import Element, Plan
from civicplan.standing.changes import day_end, dropped_element_ids
from civicplan.standing.kinds import TRACKED_KINDS
from civicplan.standing.owners import element_owners
from civicplan.standing.status import ElementStatus, last_update_days, plan_status

from .models import (
    AgendaItem,
    Baseline,
    ChangeRequest,
    ConsultationNote,
    Decision,
    Meeting,
    Reminder,
    ReportingDate,
    WorkflowStep,
)


def allowed_steps(*, plan: Plan) -> list[WorkflowStep]:
    return list(
        WorkflowStep.objects.filter(organisation_id=plan.organisation_id, from_status=plan.status)
        .select_related("body")
        .order_by("order")
    )


def workflow_steps(*, organisation) -> list[WorkflowStep]:
    """An organisation's whole workflow, in order, with the body taking each step."""
    return list(WorkflowStep.objects.filter(organisation=organisation).select_related("body").order_by("order", "id"))


@dataclass(frozen=True)
class WorkflowChange:
    when: dt.datetime
    user: object
    reason: str
    removed: list[str]
    added: list[str]


def workflow_changes(*, organisation, limit: int = 20) -> list[WorkflowChange]:
    """Each change of an organisation's workflow: when, by whom, the steps before and after."""
    records = (WorkflowStep.history.filter(organisation_id=organisation.id)
               .select_related("history_user", "body").order_by("-history_date", "order", "history_id"))
    changes: dict[tuple, WorkflowChange] = {}
    for record in records:
        key = (record.history_date, record.history_user_id)
        if key not in changes:
            if len(changes) == limit:
                break
            changes[key] = WorkflowChange(record.history_date, record.history_user,
                                          record.history_change_reason or "", [], [])
        body = f" ({record.body.name})" if record.body_id and record.body else ""
        line = f"{record.name}{body}"
        (changes[key].removed if record.history_type == "-" else changes[key].added).append(line)
    return list(changes.values())


def plan_decisions(*, plan: Plan) -> list[Decision]:
    return list(
        Decision.objects.filter(plan=plan)
        .select_related("meeting__body", "agenda_item", "recorded_by")
        .order_by("decided_on", "id")
    )


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("body").prefetch_related(
        Prefetch("items", queryset=AgendaItem.objects.select_related("plan").order_by("number"))
    ).order_by("-date", "body__name")


def meetings_for_choice(*, plan: Plan) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__organisation_id=plan.organisation_id).select_related("body").order_by("-date")


def baseline_current(*, plan: Plan) -> Baseline | None:
    return Baseline.objects.filter(plan=plan).order_by("-adopted_on", "-id").first()


def consultation_notes(*, plan: Plan) -> dict[int, list[ConsultationNote]]:
    notes: dict[int, list[ConsultationNote]] = defaultdict(list)
    for note in ConsultationNote.objects.filter(element__plan=plan).select_related("portfolio_holder"):
        notes[note.element_id].append(note)
    return notes


@dataclass
class ChangeLine:
    """One change to an adopted plan, in the words a report prints."""

    change: ChangeRequest
    element: Element | None
    what: str  # "re-dated from Autumn 2022 to March 2023"
    reason: str

    @property
    def sentence(self) -> str:
        return f"{self.what[:1].upper()}{self.what[1:]}: {self.reason}"

    @property
    def kind(self) -> str:
        return self.change.kind


def _quote(words: str, limit: int = 80) -> str:
    words = " ".join(words.split())
    return f"“{words if len(words) <= limit else words[: limit - 1] + '…'}”"


def describe_change(change: ChangeRequest) -> str:
    previous = change.previous or {}
    if change.kind == ChangeRequest.Kind.REDATE:
        before = previous.get("date_text") if change.status == ChangeRequest.Status.APPROVED else (
            change.element.date_text if change.element_id else ""
        )
        return f"re-dated from {before or 'no date'} to {change.proposed_date_text}"
    if change.kind == ChangeRequest.Kind.RESCOPE:
        before = previous.get("title") if change.status == ChangeRequest.Status.APPROVED else (
            change.element.title if change.element_id else ""
        )
        return f"re-scoped from {_quote(before or '')} to {_quote(change.proposed_title or change.proposed_text)}"
    if change.kind == ChangeRequest.Kind.DROP:
        return "dropped from the plan"
    when = f", due {change.proposed_date_text}" if change.proposed_date_text else ""
    return f"added{when}"


def plan_change_lines(
    *, plan: Plan, status: str = ChangeRequest.Status.APPROVED, since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[ChangeLine]:
    """Changes to the plan since adoption, oldest first (approved ones by default)."""
    changes = ChangeRequest.objects.filter(plan=plan, status=status).select_related(
        "element", "parent", "requested_by", "decided_by"
    )
    lines = []
    for change in changes.order_by("decided_at", "created_at", "id"):
        day = timezone.localdate(change.decided_at or change.created_at)
        if since and day <= since or until and day > until:
            continue
        lines.append(ChangeLine(change=change, element=change.element, what=describe_change(change),
                                reason=change.reason))
    return lines


def element_change_lines(*, element: Element) -> list[ChangeLine]:
    return [
        ChangeLine(change=c, element=element, what=describe_change(c), reason=c.reason)
        for c in ChangeRequest.objects.filter(element=element).select_related("element").order_by("created_at", "id")
    ]


def redated_since_baseline(*, plan: Plan, until: dt.date | None = None) -> dict[int, ChangeLine]:
    """Elements whose target date differs from the adopted one: "re-dated from X to Y: reasons"."""
    baseline = baseline_current(plan=plan)
    if baseline is None:
        return {}
    lines: dict[int, ChangeLine] = {}
    for line in plan_change_lines(plan=plan, until=until):
        change = line.change
        if change.kind != ChangeRequest.Kind.REDATE or line.element is None:
            continue
        adopted = (baseline.snapshot.get(line.element.key) or {}).get("date_text", "")
        earlier = lines.get(line.element.id)
        reason = f"{earlier.reason}; {change.reason}" if earlier else change.reason
        what = f"re-dated from {adopted or 'no date'} to {change.proposed_date_text}"
        lines[line.element.id] = ChangeLine(change=change, element=line.element, what=what, reason=reason)
    result = {key: line for key, line in lines.items()
              if line.change.proposed_date_text != (baseline.snapshot.get(line.element.key) or {}).get("date_text")}
    # Dates edited directly (in the admin) since adoption differ from the baseline too: report
    # them, with the date words as they stood at the end of `until` (from the element's history).
    requested = ChangeRequest.objects.filter(plan=plan, kind=ChangeRequest.Kind.REDATE, status=ChangeRequest.Status.APPROVED)
    if until is not None:
        requested = requested.filter(decided_at__lt=day_end(until))
    skip = set(requested.values_list("element_id", flat=True)) | dropped_element_ids(plan=plan, as_at=until)
    edited = {
        element_id: date_text for element_id, key, date_text in _date_words(plan=plan, until=until, skip=skip)
        if (frozen := baseline.snapshot.get(key)) is not None and frozen.get("date_text", "") != date_text
    }
    for element in Element.objects.filter(id__in=list(edited)).only("id", "key", "date_text", "title"):
        date_text = edited[element.id]
        frozen = baseline.snapshot[element.key]
        edit = ChangeRequest(plan=plan, element=element, kind=ChangeRequest.Kind.REDATE,
                             proposed_date_text=date_text, status=ChangeRequest.Status.APPROVED)
        what = f"re-dated from {frozen.get('date_text') or 'no date'} to {date_text or 'no date'}"
        result[element.id] = ChangeLine(change=edit, element=element, what=what,
                                        reason="changed directly by a plan manager, without a change request")
    return result


def _date_words(*, plan: Plan, until: dt.date | None, skip: set[int]) -> list[tuple[int, str, str]]:
    """(id, key, date words) of each element of the plan today, or as it stood at the end of a day."""
    if until is None:
        return list(Element.objects.filter(plan=plan).exclude(id__in=skip).values_list("id", "key", "date_text"))
    latest: dict[int, tuple[int, str, str] | None] = {}
    rows = (
        Element.history.filter(plan_id=plan.id, history_date__lt=day_end(until)).exclude(id__in=skip)
        .order_by("history_date", "history_id").values_list("id", "key", "date_text", "history_type")
    )
    for element_id, key, date_text, history_type in rows:
        latest[element_id] = None if history_type == "-" else (element_id, key, date_text)
    return [row for row in latest.values() if row is not None]


# --------------------------------------------------------------------------- reminders


@dataclass
class ReminderDue:
    reporting_date: ReportingDate
    person: Person
    elements: list[ElementStatus] = field(default_factory=list)
    overdue: list[ElementStatus] = field(default_factory=list)
    since: dt.date | None = None

    @property
    def message(self) -> str:
        plan = self.reporting_date.plan
        lines = [
            f"Dear {self.person.name},",
            "",
            f"Progress on {plan.title} is due by {self.reporting_date.date:%-d %B %Y}. "
            f"These elements you own have had no update since {self.since:%-d %B %Y}:" if self.since else
            f"Progress on {plan.title} is due by {self.reporting_date.date:%-d %B %Y}. "
            "These elements you own have had no update yet:",
            "",
        ]
        for status in self.elements:
            element = status.element
            flag = " (OVERDUE)" if status.overdue else ""
            due = f", due {element.date_text}" if element.date_text else ""
            lines.append(f"- {element.label + ' ' if element.label else ''}{element.title[:150]}{due}{flag}")
            lines.append(f"  Update it: {settings.SITE_URL}{reverse('web:progress-update-create', args=[plan.slug, element.key])}")
        if self.overdue:
            lines += ["", f"{len(self.overdue)} of them are past their target date and not complete."]
        lines += [
            "", "Please record an update in CivicPlan before the reporting date.",
            f"Everything you own, with its status: {settings.SITE_URL}{reverse('web:my-elements')}",
        ]
        return "\n".join(lines)


def _leaves(statuses: dict[int, ElementStatus]) -> list[ElementStatus]:
    """Tracked elements with no tracked children: the ones someone reports on directly."""
    return [
        s for s in statuses.values()
        if s.element.kind in TRACKED_KINDS and not any(c.element.kind in TRACKED_KINDS for c in s.children)
    ]


def reminders_due(*, today: dt.date) -> list[ReminderDue]:
    """Owners who have not updated since the previous reporting date, for dates whose window is open."""
    due: list[ReminderDue] = []
    windows = [
        rd for rd in ReportingDate.objects.filter(date__gte=today).select_related("plan__organisation")
        if rd.date - dt.timedelta(days=rd.remind_days_before) <= today
    ]
    for reporting_date in windows:
        plan = reporting_date.plan
        previous = (
            ReportingDate.objects.filter(plan=plan, date__lt=reporting_date.date).order_by("-date")
            .values_list("date", flat=True).first()
        )
        since = previous or (reporting_date.date - dt.timedelta(days=92))
        statuses = plan_status(plan=plan, as_at=today)
        last_update = last_update_days(plan=plan)
        owners = element_owners(s.element for s in statuses.values())
        people = {p.id: p for p in Person.objects.filter(owned_elements__plan=plan).select_related("user").distinct()}
        per_person: dict[int, ReminderDue] = {}
        for status in _leaves(statuses):
            element = status.element
            if status.dropped or status.complete:
                continue
            if element.date_start and element.date_start > reporting_date.date:
                continue  # not started by the reporting date: nothing to report yet
            last = last_update.get(element.id)
            if last is not None and last > since:
                continue
            owner_id = owners[element.id].person_id
            if owner_id is None or owner_id not in people:
                continue
            entry = per_person.setdefault(
                owner_id, ReminderDue(reporting_date=reporting_date, person=people[owner_id], since=previous)
            )
            entry.elements.append(status)
            if status.overdue:
                entry.overdue.append(status)
        due.extend(per_person.values())
    return due


def reminder_list(*, person: Person | None = None, limit: int = 200) -> list[Reminder]:
    reminders = Reminder.objects.select_related("person", "reporting_date__plan").prefetch_related("elements")
    if person is not None:
        reminders = reminders.filter(person=person)
    return list(reminders.order_by("-created_at")[:limit])


def overdue_milestones(*, plan: Plan, as_at: dt.date) -> list[ElementStatus]:
    """Milestones past their target date and not complete (dropped ones are never overdue)."""
    return [s for s in plan_status(plan=plan, as_at=as_at).values() if s.overdue]


def last_report_date(*, plan: Plan, before: dt.date) -> dt.date | None:
    """When the plan last went back to a committee: its latest reporting date or decision before a day."""
    from .models import Decision, ReportingDate

    dates = [
        ReportingDate.objects.filter(plan=plan, date__lt=before).order_by("-date").values_list("date", flat=True).first(),
        Decision.objects.filter(plan=plan, decided_on__lt=before).order_by("-decided_on").values_list("decided_on", flat=True).first(),
    ]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def changes_awaiting_decision(*, user) -> QuerySet[ChangeRequest]:
    """Change requests this plan manager may decide: every pending one, except their own where
    the organisation requires someone else to approve (its separation-of-duties setting)."""
    return (
        ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING)
        .exclude(requested_by=user, plan__organisation__manager_may_approve_own_work=False)
        .select_related("plan", "element", "parent", "requested_by")
        .order_by("created_at", "id")
    )


def changes_requested_by(*, user) -> QuerySet[ChangeRequest]:
    """This user's change requests still awaiting a decision."""
    return (
        ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING, requested_by=user)
        .select_related("plan", "element", "parent")
        .order_by("-created_at")
    )


def reminders_for_user(*, user, since: dt.date) -> QuerySet[Reminder]:
    """Reminders sent to the person this account belongs to, since a day."""
    return (
        Reminder.objects.filter(person__user=user, created_at__date__gte=since)
        .select_related("reporting_date__plan")
        .prefetch_related("elements")
        .order_by("-created_at")
    )
