"""Writing governance: moving a plan through its approval cycle, baselines, changes, reminders.

Every status change of a plan goes through `plan_transition`, so that each step names the
meeting that took it, what was decided and who recorded it; adoption freezes a baseline, and
after that milestones change only through approved change requests.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from civicplan.core.errors import UserFacingError
from civicplan.core.periods import period_words_problem
from civicplan.core.permissions import can_manage_plans, can_update_element, own_work_refusal
from civicplan.organisations.models import Body, Organisation, Person
from civicplan.plans.models import Element, FrameworkLevel, Plan
from civicplan.plans.positions import element_slot_open
from civicplan.plans.versions import organisation_changed
from civicplan.search.services import search_index_element

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
from .workflow_templates import DEFAULT_TEMPLATE, TEMPLATES, BodyNeed, WorkflowTemplate, template_get
from .signals import change_decided, change_requested

S = Plan.Status
logger = logging.getLogger(__name__)

ADOPTING_OUTCOMES = (Decision.Outcome.APPROVED, Decision.Outcome.AGREED_WITH_CHANGES)
# The parts of a plan that are consulted on with a portfolio holder, and carry a note about it.
CONSULTED_KINDS = ("portfolio", "section", "objective", "theme")
# Kinds a new element may take, most likely first, when a change request adds one.
ADDABLE_KINDS = ("milestone", "output", "priority", "pledge", "sub_priority")


def _require_manager(user, what: str) -> None:
    if user is not None and not can_manage_plans(user):
        raise PermissionDenied(f"Only a plan manager can {what}.")


def _workflow_template_for(organisation: Organisation) -> WorkflowTemplate:
    template = template_get(organisation.workflow_template or DEFAULT_TEMPLATE)
    if template is None:
        raise UserFacingError(
            f"{organisation.name}: there is no workflow template called {organisation.workflow_template!r}; "
            f"use one of {', '.join(TEMPLATES)}."
        )
    return template


@transaction.atomic
def workflow_ensure(*, organisation: Organisation) -> int:
    """Give an organisation its chosen workflow (or the default) if it has none; returns steps added.

    Called wherever a plan is made for an organisation, so that a new plan's next steps are
    allowed at once rather than only after somebody edits the workflow.
    """
    if WorkflowStep.objects.filter(organisation=organisation).exists():
        return 0
    return len(_workflow_write(organisation=organisation, template=_workflow_template_for(organisation), user=None))


def _body_for(*, organisation: Organisation, need: BodyNeed, user) -> Body:
    """The organisation's body of the template's name, made (as a plan-approving body) if missing."""
    body = Body.objects.filter(organisation=organisation, name__iexact=need.name).first()
    if body is None:
        body = Body(organisation=organisation, name=need.name, kind=need.kind, approves_plans=True, created_by=user)
        body.full_clean()
        body.save()
    return body


def _workflow_write(*, organisation: Organisation, template: WorkflowTemplate, user) -> list[WorkflowStep]:
    """Replace the organisation's steps with the template's, all changes in one history moment."""
    when = timezone.now()
    reason = f"Workflow set to {template.name}"[:100]
    for old in WorkflowStep.objects.filter(organisation=organisation):
        old._history_user, old._history_date, old._change_reason = user, when, reason
        old.delete()
    bodies = {need.name: _body_for(organisation=organisation, need=need, user=user) for need in template.bodies}
    steps = [
        WorkflowStep(
            organisation=organisation, from_status=step.from_status, to_status=step.to_status, name=step.name,
            body=bodies[step.body.name] if step.body else None, needs_meeting=step.needs_meeting, order=index,
        )
        for index, step in enumerate(template.steps)
    ]
    for step in steps:
        step.full_clean()
    bulk_create_with_history(
        steps, WorkflowStep, default_user=user, default_date=when, default_change_reason=reason
    )
    organisation_changed(organisation.id)  # bulk: no signals
    return steps


@transaction.atomic
def workflow_apply(*, organisation: Organisation, template_key: str, user) -> list[WorkflowStep]:
    """Switch an organisation to a workflow template, recorded in the steps' history.

    Refused, changing nothing, if one of its plans sits at a stage the new workflow has no
    place for (it could never move again).
    """
    _require_manager(user, "change an organisation's workflow")
    template = template_get(template_key)
    if template is None:
        raise ValidationError({"template": "Choose one of the workflows listed."})
    stranded = [
        p for p in Plan.objects.filter(organisation=organisation).exclude(status__in=template.statuses)
        .order_by("title")
    ]
    if stranded:
        names = "; ".join(f"{p.title} ({p.get_status_display().lower()})" for p in stranded[:5])
        raise ValidationError({"template": (
            f"{template.name} has no stage for {len(stranded)} plan{'s' if len(stranded) != 1 else ''} "
            f"of this organisation: {names}. Move {'them' if len(stranded) != 1 else 'it'} on first, "
            "or choose another workflow."
        )})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    steps = _workflow_write(organisation=organisation, template=template, user=user)
    organisation.workflow_template = template.key
    organisation.save(update_fields=["workflow_template", "updated_at"])
    return steps


@transaction.atomic
def meeting_get_or_create(*, body: Body, date: dt.date, user=None) -> Meeting:
    meeting = Meeting.objects.filter(body=body, date=date).first()
    if meeting is None:
        meeting = Meeting(body=body, date=date, created_by=user)
        meeting.full_clean()
        meeting.save()
    return meeting


@transaction.atomic
def agenda_item_set(*, meeting: Meeting, number: str, title: str, plan: Plan | None = None, user=None) -> AgendaItem:
    """The meeting's item with this number, made or retitled; an item number is unique per meeting."""
    number = number.strip()
    if not number:
        raise ValidationError({"item_no": "Enter the agenda item number, for example 4."})
    item = AgendaItem.objects.filter(meeting=meeting, number=number).first()
    if item is None and plan is not None:
        # The plan's item, listed before the agenda gave it a number, gets its number now.
        item = AgendaItem.objects.filter(meeting=meeting, number="", plan=plan).first()
        if item is not None:
            item.number = number
    if item is None:
        item = AgendaItem(meeting=meeting, number=number, title=title.strip(), plan=plan, created_by=user)
    else:
        if item.plan_id and plan is not None and item.plan_id != plan.id:
            raise ValidationError(
                {"item_no": f"Item {number} of this meeting is already about {item.plan}."}
            )
        item.plan = plan or item.plan
        item.title = title.strip() or item.title
    item.full_clean()
    item.save()
    return item


def _snapshot(plan: Plan) -> dict:
    parents = dict(Element.objects.filter(plan=plan).values_list("id", "key"))
    return {
        e.key: {
            "kind": e.kind, "label": e.label, "title": e.title, "text": e.text,
            "date_text": e.date_text,
            "start": e.date_start.isoformat() if e.date_start else None,
            "end": e.date_end.isoformat() if e.date_end else None,
            "precision": e.date_precision,
            "parent": parents.get(e.parent_id) if e.parent_id else None,
        }
        for e in Element.objects.filter(plan=plan).order_by("position")
    }


@transaction.atomic
def baseline_freeze(*, plan: Plan, adopted_on: dt.date, decision: Decision | None = None, user=None) -> Baseline:
    """Freeze every element's title and target date as adopted; later changes are measured from it."""
    baseline = Baseline(
        plan=plan, decision=decision, adopted_on=adopted_on, snapshot=_snapshot(plan), created_by=user
    )
    baseline.full_clean()
    baseline.save()
    return baseline


@transaction.atomic
def plan_transition(
    *,
    plan: Plan,
    to_status: str,
    meeting: Meeting | None,
    decision: str,
    user,
    note: str = "",
    item_no: str = "",
    decided_on: dt.date | None = None,
) -> Decision:
    """Move a plan one allowed step, recording the meeting, the decision and who recorded it.

    A step that stays at the same status records a decision without moving the plan (a
    committee noted or commented on it). Adoption needs an approving decision and freezes
    the baseline.
    """
    _require_manager(user, "record decisions on a plan")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    errors: dict[str, str] = {}
    if decision not in Decision.Outcome.values:
        errors["decision"] = "Choose what was decided: noted, commented on, approved or agreed with changes."
    step = None
    if to_status != plan.status:
        workflow_ensure(organisation=plan.organisation)
        step = WorkflowStep.objects.filter(
            organisation=plan.organisation, from_status=plan.status, to_status=to_status
        ).select_related("body").first()
        if step is None:
            allowed = ", ".join(
                S(s).label for s in WorkflowStep.objects.filter(
                    organisation=plan.organisation, from_status=plan.status
                ).values_list("to_status", flat=True)
            ) or "none"
            label = S(to_status).label if to_status in S.values else to_status
            errors["to_status"] = (
                f"A plan that is {S(plan.status).label.lower()} cannot move to {label.lower()}. "
                f"Allowed next steps: {allowed}."
            )
        else:
            if step.needs_meeting and meeting is None:
                errors["meeting"] = f"Choose the meeting that took this step ({step.name})."
            if step.body_id and meeting is not None and meeting.body_id != step.body_id:
                errors["meeting"] = f"This step is taken by the {step.body.name}, not the {meeting.body.name}."
            if to_status == S.ADOPTED and decision not in ADOPTING_OUTCOMES:
                errors["decision"] = "A plan is adopted only when it is approved or agreed with changes."
    elif meeting is None:
        errors["meeting"] = "Choose the meeting that made this decision."
    day = decided_on or (meeting.date if meeting else timezone.localdate())
    if step is not None:  # a move: not before the meeting, nor before the plan's last move
        latest = (Decision.objects.filter(plan=plan).exclude(from_status=F("to_status"))
                  .order_by("-decided_on").values_list("decided_on", flat=True).first())
        if day > timezone.localdate():
            errors.setdefault("meeting", f"The plan can move only once the meeting has taken place: this one is on {day:%-d %B %Y}.")
        elif latest and day < latest:
            errors.setdefault("meeting", (
                f"The plan last moved on {latest:%-d %B %Y}; a later step cannot be dated before that "
                f"(this meeting is on {day:%-d %B %Y})."
            ))
    if errors:
        raise ValidationError(errors)

    agenda_item = None
    if meeting is not None and item_no.strip():
        agenda_item = agenda_item_set(meeting=meeting, number=item_no, title=plan.title, plan=plan, user=user)
    record = Decision(
        plan=plan, meeting=meeting, agenda_item=agenda_item, outcome=decision, from_status=plan.status,
        to_status=to_status, note=note.strip(),
        decided_on=day,
        recorded_by=user, created_by=user,
    )
    record.full_clean()
    record.save()
    if step is not None:
        plan.status = to_status
        plan.full_clean()
        plan.save(update_fields=["status", "updated_at"])
        if to_status == S.ADOPTED:
            baseline_freeze(plan=plan, adopted_on=record.decided_on, decision=record, user=user)
    return record


@transaction.atomic
def consultation_note_add(*, element: Element, text: str, user, portfolio_holder: Person | None = None,
                          consulted_on: dt.date | None = None) -> ConsultationNote:
    """A note printed with a portfolio's section, e.g. how early the portfolio holder was involved."""
    _require_manager(user, "add consultation notes")
    if element.kind not in CONSULTED_KINDS:
        raise ValidationError({"element": "Consultation notes belong to a portfolio or section."})
    note = ConsultationNote(
        element=element, text=text.strip(), portfolio_holder=portfolio_holder, consulted_on=consulted_on,
        created_by=user,
    )
    note.full_clean()
    note.save()
    return note


# --------------------------------------------------------------------------- change requests


def _read_date(plan: Plan, words: str):
    period, problem = period_words_problem(words, plan.organisation.period_convention)
    if problem:
        raise ValidationError({"date_text": problem})
    return period


def _new_kind(plan: Plan, parent: Element) -> str:
    allowed = [lvl.kind for lvl in FrameworkLevel.objects.filter(plan=plan) if lvl.allows_parent(parent.kind)]
    for kind in ADDABLE_KINDS:
        if kind in allowed:
            return kind
    raise ValidationError({"parent": f"Nothing can be added under a {parent.get_kind_display().lower()} in this plan."})


@transaction.atomic
def change_request_submit(
    *,
    plan: Plan,
    user,
    kind: str,
    reason: str,
    element: Element | None = None,
    parent: Element | None = None,
    title: str = "",
    text: str = "",
    date_text: str = "",
    label: str = "",
) -> ChangeRequest:
    """Propose a change to an adopted plan; nothing changes until a plan manager approves it."""
    from civicplan.standing.changes import dropped_element_ids

    from .selectors import baseline_current

    baseline = baseline_current(plan=plan)
    if baseline is None:
        raise ValidationError("Changes are requested once a plan is adopted; until then edit the draft.")
    errors: dict[str, str] = {}
    target = element if kind != ChangeRequest.Kind.ADD else parent
    if kind not in ChangeRequest.Kind.values:
        raise ValidationError({"kind": "Choose re-date, re-scope, drop or add."})
    if target is None:
        raise ValidationError(
            {"parent" if kind == ChangeRequest.Kind.ADD else "element": "Choose the element to change."}
        )
    if target.plan_id != plan.id:
        raise ValidationError({"element": "That element is not in this plan."})
    if user is not None and not can_update_element(user, target):
        raise PermissionDenied("You can request changes only to the elements you own.")
    if not reason.strip():
        errors["reason"] = "Give the reason for the change: it is shown with the change in every report."
    title, text, date_text, label = title.strip(), text.strip(), date_text.strip(), label.strip()
    if target.id in dropped_element_ids(plan=plan):
        errors["parent" if kind == ChangeRequest.Kind.ADD else "element"] = (
            "Nothing can be added under an element dropped from the plan." if kind == ChangeRequest.Kind.ADD
            else "This element has been dropped from the plan."
        )
    if kind == ChangeRequest.Kind.REDATE:
        if not date_text:
            errors["date_text"] = "Enter the new target date."
        elif date_text == element.date_text:
            errors["date_text"] = f"The target date is already “{element.date_text}”."
        else:
            try:
                _read_date(plan, date_text)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    elif kind == ChangeRequest.Kind.RESCOPE:
        if not title and not text:
            errors["title"] = "Enter the new wording of the element."
        elif title == element.title and (not text or text == element.text):
            errors["title"] = "The new wording is the same as the current one."
    elif kind == ChangeRequest.Kind.ADD:
        if not title:
            errors["title"] = "Enter what the new element is."
        try:
            _new_kind(plan, parent)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if date_text:
            try:
                _read_date(plan, date_text)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    change = ChangeRequest(
        plan=plan, baseline=baseline, element=element if kind != ChangeRequest.Kind.ADD else None,
        parent=parent if kind == ChangeRequest.Kind.ADD else None, kind=kind, proposed_title=title,
        proposed_text=text, proposed_date_text=date_text, proposed_label=label, reason=reason.strip(),
        requested_by=user, created_by=user,
    )
    change.full_clean()
    change.save()
    transaction.on_commit(lambda: change_requested.send(sender=ChangeRequest, change=change))
    return change


def _values(element: Element) -> dict:
    return {
        "title": element.title, "text": element.text, "date_text": element.date_text,
        "start": element.date_start.isoformat() if element.date_start else None,
        "end": element.date_end.isoformat() if element.date_end else None,
        "precision": element.date_precision, "note": element.date_note,
    }


def element_change_apply(*, change: ChangeRequest) -> Element | None:
    """Apply an approved change to the plan's element, keeping the reason in its history."""
    plan = change.plan
    if change.kind == ChangeRequest.Kind.ADD:
        return _element_add(change=change)
    element = Element.objects.select_for_update().get(pk=change.element_id)
    change.previous = _values(element)
    if change.kind == ChangeRequest.Kind.REDATE:
        period = _read_date(plan, change.proposed_date_text)
        element.date_text = change.proposed_date_text
        element.date_start, element.date_end = period.start, period.end
        element.date_precision = period.precision.value
        element.date_note = period.note[:300]
    elif change.kind == ChangeRequest.Kind.RESCOPE:
        element.title = change.proposed_title or element.title
        element.text = change.proposed_text or element.text
    elif change.kind == ChangeRequest.Kind.DROP:
        return element  # kept for the record; selectors leave dropped elements out of delivery
    element._change_reason = f"{change.get_kind_display()}: {change.reason}"[:100]
    element.full_clean()
    element.save()
    search_index_element(element=element)  # the search index holds its own copy of the words
    return element


def _element_add(*, change: ChangeRequest) -> Element:
    plan, parent = change.plan, change.parent
    kind = _new_kind(plan, parent)
    position, order = element_slot_open(plan=plan, parent=parent)
    element = Element(
        plan=plan, key=f"added-{change.pk}", kind=kind, parent=parent, label=change.proposed_label,
        title=change.proposed_title, text=change.proposed_text, order=order, position=position,
        depth=parent.depth + 1, date_text=change.proposed_date_text, created_by=change.decided_by,
    )
    if change.proposed_date_text:
        period = _read_date(plan, change.proposed_date_text)
        element.date_start, element.date_end = period.start, period.end
        element.date_precision = period.precision.value
        element.date_note = period.note[:300]
    element._change_reason = f"Added: {change.reason}"[:100]
    element.full_clean()
    element.save()
    change.element = element
    search_index_element(element=element)
    return element


@transaction.atomic
def change_request_approve(*, change: ChangeRequest, user, comment: str = "") -> ChangeRequest:
    _require_manager(user, "approve changes to an adopted plan")
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    refusal = own_work_refusal(organisation=change.plan.organisation, user=user, author=change.requested_by)
    if refusal:
        raise PermissionDenied(refusal)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError("This change has already been decided.")
    from civicplan.standing.changes import dropped_element_ids

    target_id = change.parent_id if change.kind == ChangeRequest.Kind.ADD else change.element_id
    if target_id in dropped_element_ids(plan=change.plan):
        raise ValidationError(
            "Since this was asked for, the element it "
            f"{'would sit under' if change.kind == ChangeRequest.Kind.ADD else 'changes'} was dropped from the plan: "
            "reject it, saying so."
        )
    change.status = ChangeRequest.Status.APPROVED
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_comment = comment.strip()
    element_change_apply(change=change)
    change.full_clean()
    change.save()
    transaction.on_commit(lambda: change_decided.send(sender=ChangeRequest, change=change))
    return change


@transaction.atomic
def change_request_reject(*, change: ChangeRequest, user, comment: str) -> ChangeRequest:
    _require_manager(user, "reject changes to an adopted plan")
    if not comment.strip():
        raise ValidationError({"decision_comment": "Say why the change is rejected."})
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError("This change has already been decided.")
    change.status = ChangeRequest.Status.REJECTED
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_comment = comment.strip()
    change.full_clean()
    change.save()
    transaction.on_commit(lambda: change_decided.send(sender=ChangeRequest, change=change))
    return change


# --------------------------------------------------------------------------- reminders


@transaction.atomic
def reporting_date_add(*, plan: Plan, date: dt.date, user, remind_days_before: int = 14,
                       meeting: Meeting | None = None) -> ReportingDate:
    _require_manager(user, "set reporting dates")
    if ReportingDate.objects.filter(plan=plan, date=date).exists():
        raise ValidationError({"date": f"Progress is already due on {date:%-d %B %Y}."})
    reporting_date = ReportingDate(
        plan=plan, date=date, remind_days_before=remind_days_before, meeting=meeting, created_by=user
    )
    reporting_date.full_clean()
    reporting_date.save()
    return reporting_date


def _email_of(person: Person) -> str:
    if person.email:
        return person.email
    if person.user_id and person.user.email:
        return person.user.email
    return ""


@dataclass(frozen=True)
class ReminderFailure:
    """A reminder that could not be e-mailed: nothing was recorded, so the next run tries again."""

    person: Person
    email: str
    reporting_date: ReportingDate
    error: str

    def __str__(self) -> str:
        return f"{self.person.name} <{self.email}>: {self.error}"


class RemindersSent(list):
    """The reminders sent (a list, as before) and, in `failed`, the ones that could not be e-mailed."""

    def __init__(self, sent=(), failed=()):
        super().__init__(sent)
        self.failed: list[ReminderFailure] = list(failed)

    def summary(self) -> str:
        text = f"{len(self)} reminder(s) sent"
        if self.failed:
            text += f", {len(self.failed)} could not be e-mailed: " + "; ".join(str(f) for f in self.failed)
        return text


# What sending one e-mail may raise: SMTP refusals and connection trouble (both OSError), and
# an address Django cannot put in a header (ValueError).
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


def reminders_send(*, today: dt.date | None = None) -> RemindersSent:
    """Remind owners who have not updated since the last reporting date, once per reporting date.

    Runs from the task queue (`civicplan remind` puts it there, the worker runs it). Each
    reminder is its own transaction, so one bad address does not stop the others: a reminder
    whose e-mail cannot be sent is not recorded (the next run tries it again) and is listed in
    the result's `failed`.
    """
    from .selectors import reminders_due

    today = today or timezone.localdate()
    sent, failed = [], []
    for due in reminders_due(today=today):
        with transaction.atomic():
            if Reminder.objects.filter(reporting_date=due.reporting_date, person=due.person).exists():
                continue
            email = _email_of(due.person)
            reminder = Reminder.objects.create(
                reporting_date=due.reporting_date, person=due.person, overdue_count=len(due.overdue), email=email,
            )
            reminder.elements.set([s.element for s in due.elements])
            if email:
                try:
                    send_mail(
                        subject=f"Progress update due by {due.reporting_date.date:%-d %B %Y}: {due.reporting_date.plan.title}",
                        message=due.message,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        recipient_list=[email],
                    )
                except SEND_ERRORS as exc:
                    transaction.set_rollback(True)  # not reminded: the next run tries again
                    failure = ReminderFailure(person=due.person, email=email, reporting_date=due.reporting_date,
                                              error=str(exc) or exc.__class__.__name__)
                    logger.warning("Reminder not sent to %s", failure)
                    failed.append(failure)
                    continue
                reminder.sent_at = timezone.now()
                reminder.save(update_fields=["sent_at", "updated_at"])
            sent.append(reminder)
    return RemindersSent(sent, failed)


# --------------------------------------------------------------------------- seed data

# The meetings and decisions the seed papers record or imply, by plan slug.
SEED_DECISIONS = {
    "lc-business-plan-2019-20": [
        # "Leaders' Committee previously noted a working draft ... on 19 March 2019."
        ("Leaders' Committee", "2019-03-19", "", "noted", S.DRAFT, S.WITH_PORTFOLIO_HOLDERS,
         "Noted a working draft, before the suite of Portfolio Holder meetings with the Chair was complete."),
        ("Leaders' Committee", "2019-06-04", "19", "noted", S.WITH_PORTFOLIO_HOLDERS, S.ADOPTED,
         "Noted the main text of the London Councils Business Plan for 2019/20."),
        (None, "2019-06-04", "", "approved", S.ADOPTED, S.IN_DELIVERY, "Delivery of the 2019/20 work areas."),
        (None, "2020-03-31", "", "noted", S.IN_DELIVERY, S.CLOSED, "Closed at the end of the 2019/20 financial year."),
    ],
    "lc-business-plan-2020-21": [
        (None, "2019-12-20", "", "commented", S.DRAFT, S.WITH_PORTFOLIO_HOLDERS,
         "The Chair wrote to the Executive proposing a longer collective discussion of the 2020/21 plan."),
        ("Executive", "2020-03-03", "5", "commented", S.WITH_PORTFOLIO_HOLDERS, S.EXECUTIVE,
         "Discussed the emerging draft content and the areas of priority for collaboration."),
    ],
    "lc-shared-ambitions-2022-23": [
        ("Leaders' Committee", "2022-07-27", "4", "approved", S.LEADERS_COMMITTEE, S.ADOPTED,
         "Noted and approved the suggested shared ambitions milestones."),
        (None, "2022-07-27", "", "approved", S.ADOPTED, S.IN_DELIVERY, "Delivery of the milestones began."),
    ],
}
# Meetings the papers name as coming next, with no decision recorded yet.
SEED_MEETINGS = (
    ("Leaders' Committee", "2020-03-24", "Business Plan 2020/21: draft for comment", "lc-business-plan-2020-21"),
    ("Executive", "2020-05-19", "Business Plan 2020/21: final changes", "lc-business-plan-2020-21"),
)
# Quarterly progress reports for the plan in delivery.
SEED_REPORTING_DATES = {
    "lc-shared-ambitions-2022-23": ("2022-09-30", "2022-12-31", "2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"),
}


@transaction.atomic
def governance_seed_load() -> dict[str, int]:
    """Record the meetings, decisions, baselines and notes the seed papers imply (safe to repeat).

    Historical decisions are recorded as they happened, without re-running the workflow:
    the plans are already at the status their papers give.
    """
    counts = defaultdict(int)
    for organisation in Organisation.objects.all():
        counts["workflow steps"] += workflow_ensure(organisation=organisation)
    plans = {p.slug: p for p in Plan.objects.select_related("organisation").filter(
        slug__in=set(SEED_DECISIONS) | {m[3] for m in SEED_MEETINGS} | set(SEED_REPORTING_DATES)
    )}

    def meeting_for(plan: Plan, body_name: str, day: dt.date) -> Meeting:
        body = Body.objects.filter(organisation=plan.organisation, name=body_name).first()
        if body is None:
            body = Body.objects.create(organisation=plan.organisation, name=body_name)
        meeting, made = Meeting.objects.get_or_create(body=body, date=day)
        counts["meetings"] += made
        return meeting

    for slug, rows in SEED_DECISIONS.items():
        plan = plans.get(slug)
        if plan is None or Decision.objects.filter(plan=plan).exists():
            continue
        for body_name, day, item_no, outcome, src, dst, note in rows:
            day = dt.date.fromisoformat(day)
            meeting = meeting_for(plan, body_name, day) if body_name else None
            item = None
            if meeting is not None and item_no:
                item, made = AgendaItem.objects.get_or_create(
                    meeting=meeting, number=item_no, defaults={"title": plan.title, "plan": plan}
                )
            decision = Decision.objects.create(
                plan=plan, meeting=meeting, agenda_item=item, outcome=outcome, from_status=src, to_status=dst,
                note=note, decided_on=day,
            )
            counts["decisions"] += 1
            if dst == S.ADOPTED and not Baseline.objects.filter(plan=plan).exists():
                baseline_freeze(plan=plan, adopted_on=day, decision=decision)
                counts["baselines"] += 1
    for body_name, day, title, slug in SEED_MEETINGS:
        plan = plans.get(slug)
        if plan is None:
            continue
        meeting = meeting_for(plan, body_name, dt.date.fromisoformat(day))
        if not AgendaItem.objects.filter(meeting=meeting, plan=plan).exists():
            AgendaItem.objects.create(meeting=meeting, number="", title=title, plan=plan)
    for slug, days in SEED_REPORTING_DATES.items():
        plan = plans.get(slug)
        if plan is None:
            continue
        for day in days:
            _, made = ReportingDate.objects.get_or_create(plan=plan, date=dt.date.fromisoformat(day))
            counts["reporting dates"] += made
    # Portfolio sections the 2020/21 paper marks as reflecting early work with a new holder.
    for element in Element.objects.filter(kind__in=("portfolio", "section")).exclude(note="").filter(
        note__icontains="portfolio holder"
    ):
        if not ConsultationNote.objects.filter(element=element).exists():
            ConsultationNote.objects.create(element=element, text=element.note)
            counts["consultation notes"] += 1
    return dict(counts)
