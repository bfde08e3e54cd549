"""Background work for the inbox, run by `civicplan worker` from the database queue."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

logger = logging.getLogger(__name__)

# What sending one e-mail may raise: SMTP refusals and connection trouble, and an address
# Django cannot put in a header.
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


@task()
def notification_send_task(kind: str, object_id: int) -> dict:
    """E-mail the people an event concerns, one message each, so one bad address does not stop
    the others. Returns how many were sent and which addresses failed (kept with the task)."""
    from .messages import notice_for

    notice = notice_for(kind, object_id)
    if notice is None:
        return {"sent": 0, "failed": []}
    sent, failed = 0, []
    for user in notice.recipients:
        try:
            send_mail(subject=notice.subject, message=notice.body,
                      from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[user.email])
        except SEND_ERRORS as exc:
            logger.warning("Notification not sent to %s: %s", user.email, exc)
            failed.append(user.email)
        else:
            sent += 1
    return {"sent": sent, "failed": failed}
