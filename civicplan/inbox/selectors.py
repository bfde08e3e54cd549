"""What awaits a person: one rule for the inbox page and the count in the header.

Counted: updates this plan manager may approve, change requests they may decide, and the
user's own updates returned for changes. Shown but not counted (nothing to decide): the user's
own work still awaiting someone else, and recent reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from civicplan.core.permissions import Role, user_role
from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.selectors import returned_updates_query, submitted_pending, updates_for_reviewer
from civicplan.governance.models import ChangeRequest, Reminder
from civicplan.governance.selectors import changes_awaiting_decision, changes_requested_by, reminders_for_user

from .models import NOTIFICATION_KINDS, NotificationSettings

# Reminders stay in the inbox this long after they were sent.
REMINDER_DAYS = 60


@dataclass
class Inbox:
    to_approve: list[ProgressUpdate] = field(default_factory=list)
    to_decide: list[ChangeRequest] = field(default_factory=list)
    returned: list[ProgressUpdate] = field(default_factory=list)
    awaiting: list[ProgressUpdate] = field(default_factory=list)
    requested: list[ChangeRequest] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def count(self) -> int:
        """What needs this person's action (the number in the header)."""
        return len(self.to_approve) + len(self.to_decide) + len(self.returned)


def _actionable(user) -> tuple:
    """The three queries behind the count, so the page and the header cannot disagree."""
    manager = user_role(user) >= Role.PLAN_MANAGER
    return (
        updates_for_reviewer(user=user) if manager else ProgressUpdate.objects.none(),
        changes_awaiting_decision(user=user) if manager else ChangeRequest.objects.none(),
        returned_updates_query(user=user),
    )


def inbox_for(*, user, today: dt.date | None = None) -> Inbox:
    if user_role(user) < Role.OFFICER:
        return Inbox()
    today = today or timezone.localdate()
    to_approve, to_decide, returned = _actionable(user)
    return Inbox(
        to_approve=list(to_approve), to_decide=list(to_decide), returned=list(returned),
        awaiting=submitted_pending(user=user), requested=list(changes_requested_by(user=user)),
        reminders=list(reminders_for_user(user=user, since=today - dt.timedelta(days=REMINDER_DAYS))),
    )


def inbox_count(*, user) -> int:
    """The header's number: `Inbox.count` without loading the rows."""
    if user_role(user) < Role.OFFICER:
        return 0
    queries = [query.order_by().values("pk") for query in _actionable(user)]
    # One round trip for the three counts: the header shows it on every page.
    return queries[0].union(*queries[1:], all=True).count()


def notification_choices(*, user) -> dict[str, bool]:
    """Which e-mails this user gets (every kind until they choose otherwise)."""
    record = NotificationSettings.objects.filter(user=user).first()
    return {kind: getattr(record, kind) if record else True for kind in NOTIFICATION_KINDS}
