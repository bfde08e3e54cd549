"""Evidence files attached to progress updates: what may be uploaded, and where it is kept.

One set of rules for every way a file arrives (the web form today; the same function for any
other entry point). A file is checked by size, by its name's extension and by its first bytes,
so a renamed program or a web page saved as ".pdf" is refused with a message naming the problem.
Files are stored under a name CivicPlan makes (never the uploader's), in the default storage
(MEDIA_ROOT, var/media unless set), and served only through a view that checks who may see them.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

# extension -> (what people call it, the first bytes such a file starts with; None for text)
ALLOWED = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".docx": ("Word", (b"PK\x03\x04",)),
    ".xlsx": ("Excel", (b"PK\x03\x04",)),
    ".pptx": ("PowerPoint", (b"PK\x03\x04",)),
    ".odt": ("OpenDocument", (b"PK\x03\x04",)),
    ".ods": ("OpenDocument", (b"PK\x03\x04",)),
    ".odp": ("OpenDocument", (b"PK\x03\x04",)),
    ".csv": ("CSV", None),
    ".txt": ("text", None),
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
KINDS_SENTENCE = "a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG file"


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_MB", 20)) * 1024 * 1024


def evidence_problem(upload) -> str:
    """Why this uploaded file cannot be kept as evidence, or ""."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    limit = evidence_max_bytes()
    if not upload.size:
        return f"The evidence file {name} is empty"
    if upload.size > limit:
        return f"The evidence file must be smaller than {limit // (1024 * 1024)} MB (it is {upload.size / 1048576:.1f} MB)"
    if extension not in ALLOWED:
        return f"The evidence file must be {KINDS_SENTENCE} ({name} is not)"
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    label, signatures = ALLOWED[extension]
    if signatures is None:
        if b"\x00" in head:
            return f"{name} is not a {label} file: it holds binary data"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
                return f"{name} is not a {label} file readable as UTF-8"
    elif not any(head.startswith(signature) for signature in signatures):
        return f"{name} is not a {label} file: its contents do not match its name"
    return ""


def evidence_check(upload) -> None:
    problem = evidence_problem(upload)
    if problem:
        raise ValidationError({"evidence_file": problem})


def evidence_storage_name(instance, filename: str) -> str:
    """evidence/<plan id>/<random>.<ext>: the uploader's name is kept in `evidence_name` only."""
    extension = PurePath(filename).suffix.lower()
    return f"evidence/{instance.plan_id}/{uuid.uuid4().hex}{extension}"


def display_name(filename: str) -> str:
    """The uploader's file name, without folders or control characters, at most 200 characters."""
    name = PurePath(filename.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[-200:] or "evidence"
