"""A new password ends every API token the account had.

Whichever way a password changes (reset by e-mail, changed by its owner, set in the admin or
by `changepassword`), the old password may have leaked with the token made under it.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver


@receiver(pre_save, sender=get_user_model())
def _note_password_change(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._civicplan_password_changed = old is not None and old != instance.password


@receiver(post_save, sender=get_user_model())
def _revoke_tokens_after_password_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_civicplan_password_changed", False):
        from civicplan.api.tokens import api_token_revoke
        from civicplan.core.models import AuditEvent, audit_event_record

        audit_event_record(kind=AuditEvent.Kind.PASSWORD_CHANGED, subject=instance)
        api_token_revoke(user=instance, why="the password changed")
        instance._civicplan_password_changed = False
