"""A draft made from an uploaded document, kept until a plan manager saves it as a plan."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from civicplan.core.models import TimeStampedModel


def document_storage_name(draft: "ImportDraft", filename: str) -> str:
    """A name of ours under MEDIA_ROOT, never the uploader's: imports/<random>.<type>."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportDraft(TimeStampedModel):
    """The importer's plan dictionary and the document's text, owned by who uploaded it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_drafts")
    source_name = models.CharField(max_length=300, help_text="The uploaded file's name.")
    file_type = models.CharField(max_length=10, help_text="pdf, docx, txt or md.")
    pages = models.PositiveIntegerField(default=1)
    plan = models.JSONField(help_text="The draft as a plan JSON v1 dictionary; edited on the review page.")
    source_text = models.TextField(blank=True, help_text="The document's text, shown beside the draft.")
    document = models.FileField(upload_to=document_storage_name, max_length=300, blank=True,
                                help_text="The uploaded file, kept to show where each element was printed; "
                                          "deleted with the draft.")
    evidence = models.JSONField(default=dict, blank=True,
                                help_text="Per element id: why it was read so, how sure, where it was printed "
                                          "(importer/structure/evidence.py). Never part of the saved plan.")
    sha256 = models.CharField(max_length=64, blank=True, db_index=True,
                              help_text="SHA-256 of the uploaded bytes: the same document imported again is known.")
    saved_plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The plan it was saved as, once saved.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One draft, one plan: a second save of the same draft can never make a second plan.
            models.UniqueConstraint(fields=["saved_plan"], name="importer_draft_saved_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%d %b %Y})" if self.created_at else self.source_name

    @property
    def title(self) -> str:
        return self.plan.get("meta", {}).get("title", self.source_name)


class SavedDocument(models.Model):
    """A document stored as a plan by `civicplan import --save`, known by its content hash, so
    running the command again (after a crash, or on the same folder) finds the plan rather than
    making another."""

    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the document's bytes.")
    source_name = models.CharField(max_length=300)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.source_name} ({self.sha256[:12]})"
