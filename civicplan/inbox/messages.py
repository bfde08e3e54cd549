"""Who hears of an event, and what the e-mail says."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from civicplan.accounts.selectors import user_display_name
from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import ChangeRequest
from civicplan.governance.selectors import describe_change

from .selectors import notification_choices


@dataclass(frozen=True)
class Notice:
    recipients: list
    subject: str
    body: str


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _plan_managers(*, exclude):
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__name=GROUP_FOR_ROLE[Role.PLAN_MANAGER])
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct().order_by("pk"))


def _name(user) -> str:
    return user_display_name(user) if user is not None else "Someone"


def _wanting(users, kind: str) -> list:
    return [u for u in users if u is not None and u.email and notification_choices(user=u)[kind]]


def _what_changes(change: ChangeRequest) -> str:
    if change.kind == ChangeRequest.Kind.ADD:
        under = f" under \u201c{change.parent.title[:120]}\u201d" if change.parent_id else ""
        return f"\u201c{change.proposed_title[:120]}\u201d{under}: {describe_change(change)}"
    title = change.element.title[:120] if change.element_id else "an element"
    return f"\u201c{title}\u201d: {describe_change(change)}"


def notice_for(kind: str, object_id: int) -> Notice | None:
    """The e-mail for one event, or None when the record has gone or nobody is to hear of it."""
    inbox = _link(reverse("inbox:inbox"))
    if kind in ("update_submitted", "update_reviewed"):
        update = (
            ProgressUpdate.objects.select_related("element__plan", "submitted_by", "reviewed_by")
            .filter(pk=object_id).first()
        )
        if update is None:
            return None
        element, plan = update.element, update.element.plan
        element_link = _link(reverse("web:element-detail", args=[plan.slug, element.key]))
        if kind == "update_submitted":
            if update.status != ProgressUpdate.Status.PENDING:
                return None  # decided before the worker got to it
            recipients = _wanting(_plan_managers(exclude=update.submitted_by), kind)
            subject = f"Update to approve: {element.title[:80]}"
            body = (
                f"{_name(update.submitted_by)} has sent a progress update on \u201c{element.title}\u201d "
                f"({plan.title}): {update.get_rag_display()}, {update.percent_complete}% complete, "
                f"as at {update.as_at:%-d %B %Y}.\n\n"
                + (f"{update.commentary}\n\n" if update.commentary else "")
                + f"Approve or return it from your inbox: {inbox}\n"
            )
        else:
            if update.status == ProgressUpdate.Status.PENDING:
                return None
            recipients = _wanting([update.submitted_by], kind)
            verdict = "approved" if update.status == ProgressUpdate.Status.APPROVED else "returned for changes"
            subject = f"Your update was {verdict}: {element.title[:80]}"
            body = (
                f"{_name(update.reviewed_by)} {verdict} your progress update on \u201c{element.title}\u201d "
                f"({plan.title}).\n\n"
                + (f"Their comment:\n{update.review_comment}\n\n" if update.review_comment else "")
                + (f"Correct it and send it again (the form opens with what you sent): {inbox}\n"
                   if update.status == ProgressUpdate.Status.RETURNED else f"See it on the element: {element_link}\n")
            )
        return Notice(recipients=recipients, subject=subject, body=body)

    if kind in ("change_requested", "change_decided"):
        change = (
            ChangeRequest.objects.select_related("plan", "element", "parent", "requested_by", "decided_by")
            .filter(pk=object_id).first()
        )
        if change is None:
            return None
        changes_link = _link(reverse("governance:plan-changes", args=[change.plan.slug]))
        if kind == "change_requested":
            if change.status != ChangeRequest.Status.PENDING:
                return None
            recipients = _wanting(_plan_managers(exclude=change.requested_by), kind)
            subject = f"Change to decide: {change.plan.title[:80]}"
            body = (
                f"{_name(change.requested_by)} asks for a change to {change.plan.title}.\n\n"
                f"{_what_changes(change)}\n\n"
                f"Reason: {change.reason}\n\nApprove or reject it: {changes_link}\n"
            )
        else:
            if change.status == ChangeRequest.Status.PENDING:
                return None
            recipients = _wanting([change.requested_by], kind)
            verdict = change.get_status_display().lower()
            subject = f"Your change request was {verdict}: {change.plan.title[:80]}"
            body = (
                f"{_name(change.decided_by)} {verdict} the change you asked for in {change.plan.title}.\n\n"
                f"{_what_changes(change)}\n\n"
                + (f"Their comment:\n{change.decision_comment}\n\n" if change.decision_comment else "")
                + f"See the plan's changes: {changes_link}\n"
            )
        return Notice(recipients=recipients, subject=subject, body=body)
    raise ValueError(f"unknown notification kind: {kind}")
