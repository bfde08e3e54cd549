"""The uploaded document and its rendered pages go when their draft goes."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import ImportDraft


@receiver(post_delete, sender=ImportDraft, dispatch_uid="importer-draft-document-delete")
def _delete_document(sender, instance: ImportDraft, **kwargs) -> None:
    from .regions import delete_document

    delete_document(instance)
