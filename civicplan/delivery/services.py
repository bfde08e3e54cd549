"""Writing progress: officers submit updates; plan managers approve or return them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from civicplan.core.permissions import can_manage_plans, can_update_element, own_work_refusal
from civicplan.plans.models import Element
from civicplan.standing.kinds import NO_PROGRESS_KINDS

from .evidence import display_name, evidence_problem
from .models import ProgressUpdate, Rag
from .signals import update_reviewed, update_submitted


def progress_refusal(element: Element, *, dropped: set[int] | None = None) -> str:
    """Why this element takes no progress updates, or "" if it does. Pass the plan's `dropped`
    element ids when checking many elements of one plan, to read them once."""
    if element.kind in NO_PROGRESS_KINDS:
        return f"This is {NO_PROGRESS_KINDS[element.kind]}, not something to deliver, so it takes no progress updates."
    if element.plan.status == "closed":
        return "This plan is closed, so progress can no longer be reported on it."
    if dropped is None:
        from civicplan.standing.changes import dropped_element_ids

        dropped = dropped_element_ids(plan=element.plan)
    if element.id in dropped:
        return "This was dropped from the plan by an approved change request, so it takes no progress updates."
    return ""


def progress_update_check(
    *,
    element: Element,
    user,
    rag: str,
    percent_complete: int,
    commentary: str = "",
    commentary_internal: bool = False,
    evidence_url: str = "",
    achieved_date: dt.date | None = None,
    as_at: dt.date | None = None,
    is_sample: bool = False,
    dropped: set[int] | None = None,
    evidence_file=None,
    keep_evidence_of: ProgressUpdate | None = None,
) -> ProgressUpdate:
    """The update an officer asks for, checked against every rule but not saved: the one set of
    rules for the form, the API and a bulk upload (which checks every row before writing any,
    so it holds the write lock only to write). Approved at once for a plan manager whose
    organisation allows approving one's own work.

    `evidence_file` is an uploaded file (checked by delivery/evidence.py, stored by
    progress_update_submit); `keep_evidence_of` is an earlier update on the same element whose
    file this one keeps (a returned update sent again).
    """
    if user is not None and not can_update_element(user, element):
        raise PermissionDenied("You can update only the elements you own.")
    update = ProgressUpdate(
        element=element,
        plan_id=element.plan_id,
        rag=rag,
        percent_complete=percent_complete,
        commentary=commentary.strip(),
        commentary_internal=commentary_internal,
        evidence_url=evidence_url.strip(),
        achieved_date=achieved_date,
        as_at=as_at or timezone.localdate(),
        submitted_by=user,
        created_by=user,
        is_sample=is_sample,
    )
    refusal = progress_refusal(element, dropped=dropped)
    if refusal:
        raise ValidationError({NON_FIELD_ERRORS: [refusal]})
    errors = {}
    if rag == Rag.NOT_STARTED and percent_complete:
        errors["percent_complete"] = "An element that has not started is 0% complete: choose another status or enter 0."
    today = timezone.localdate()
    if update.as_at > today:
        errors["as_at"] = "The date of the update cannot be in the future."
    # A year's grace before the plan starts (work begun while it was drafted); a 29 February start is safe.
    earliest = element.plan.period_start - dt.timedelta(days=365) if element.plan.period_start else None
    for field, day in (("as_at", update.as_at), ("achieved_date", achieved_date)):
        if day and earliest and day < earliest and field not in errors:
            errors[field] = f"The date must be on or after {earliest:%-d %B %Y}: this plan starts on {element.plan.period_start:%-d %B %Y}."
    if rag == Rag.COMPLETE:
        if percent_complete != 100:
            errors["percent_complete"] = "A complete element is 100% complete."
        if element.kind == "milestone" and achieved_date is None:
            errors["achieved_date"] = "Enter the date the milestone was achieved."
    elif achieved_date is not None:
        errors["achieved_date"] = "Only a complete milestone has an achieved date."
    if achieved_date and achieved_date > update.as_at and "achieved_date" not in errors:
        errors["achieved_date"] = "The achieved date cannot be after the date of the update."
    if evidence_file is not None:
        problem = evidence_problem(evidence_file)
        if problem:
            errors["evidence_file"] = problem
    elif keep_evidence_of is not None and keep_evidence_of.evidence_file:
        if keep_evidence_of.element_id != element.id:
            errors["evidence_file"] = "That evidence belongs to another element."
        else:
            update.evidence_file = keep_evidence_of.evidence_file.name
            update.evidence_name = keep_evidence_of.evidence_name
    if errors:
        raise ValidationError(errors)
    # The element and people are the objects in hand, so their rows exist: no query per key.
    update.full_clean(exclude=["element", "plan", "submitted_by", "created_by", "reviewed_by", "evidence_file"])
    if user is not None and can_manage_plans(user) and element.plan.organisation.manager_may_approve_own_work:
        update.status = ProgressUpdate.Status.APPROVED
        update.reviewed_by = user
        update.reviewed_at = timezone.now()
    return update


@transaction.atomic
def progress_update_submit(*, element: Element, user, evidence_file=None, **fields) -> ProgressUpdate:
    """Record an update as pending; a plan manager's own update is approved at once.
    Takes progress_update_check's fields; an evidence file is stored once the update is known good."""
    update = progress_update_check(element=element, user=user, evidence_file=evidence_file, **fields)
    if evidence_file is not None:
        update.evidence_name = display_name(evidence_file.name)
        update.evidence_file.save(evidence_file.name, evidence_file, save=False)
    update.save()
    if update.status == ProgressUpdate.Status.PENDING and not update.is_sample:
        transaction.on_commit(lambda: update_submitted.send(sender=ProgressUpdate, update=update))
    return update


def _review(*, update: ProgressUpdate, user, approve: bool, comment: str) -> ProgressUpdate:
    update.status = ProgressUpdate.Status.APPROVED if approve else ProgressUpdate.Status.RETURNED
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = comment.strip()
    update.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    if update.submitted_by_id != getattr(user, "pk", None) and not update.is_sample:
        transaction.on_commit(lambda: update_reviewed.send(sender=ProgressUpdate, update=update))
    return update


@transaction.atomic
def progress_update_approve(*, update: ProgressUpdate, user, comment: str = "") -> ProgressUpdate:
    if not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can approve updates.")
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    refusal = own_work_refusal(organisation=update.plan.organisation, user=user, author=update.submitted_by)
    if refusal:
        raise PermissionDenied(refusal)
    if update.status != ProgressUpdate.Status.PENDING:
        raise ValidationError("This update has already been reviewed.")
    return _review(update=update, user=user, approve=True, comment=comment)


@transaction.atomic
def progress_update_return(*, update: ProgressUpdate, user, comment: str) -> ProgressUpdate:
    if not can_manage_plans(user):
        raise PermissionDenied("Only a plan manager can return updates.")
    if not comment.strip():
        raise ValidationError({"review_comment": "Say what needs changing before returning the update."})
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.status != ProgressUpdate.Status.PENDING:
        raise ValidationError("This update has already been reviewed.")
    return _review(update=update, user=user, approve=False, comment=comment)
