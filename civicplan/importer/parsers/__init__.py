"""Readers for each file type; each returns a `Document` of lines with layout cues."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..errors import EmptyDocument, UnsupportedFileType

#: The largest file accepted at all (a 300-page PDF of text is far smaller).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Pages beyond this are refused rather than read for minutes.
MAX_PAGES = 500

SUPPORTED = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".markdown": "md"}


def file_type_for(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        shown = suffix or "a file without an extension"
        raise UnsupportedFileType(
            f"cannot import {shown}: choose a .pdf, .docx, .txt or .md file", source=Path(name).name
        )
    return SUPPORTED[suffix]


def parse_bytes(data: bytes, name: str) -> Document:
    """Read a document given as bytes; `name` gives its type by extension.

    The reading runs in a child process under a memory and time ceiling (civicplan.core.bounded),
    so a file built to unpack into gigabytes is refused and the caller's memory is untouched.
    """
    return read_bounded("civicplan.importer.parsers:parse_bytes_to_send", data, name)


def parse_bytes_to_send(data: bytes, name: str) -> Document:
    """A document read in this process, to be sent to another: without the PDF's word boxes,
    which only the table and column finders read (most of its size). A draft built where the
    document was read never frees them one by one: its process ends."""
    document = parse_bytes_here(data, name)
    for line in document.lines:
        line.words = None
        line.__dict__.pop("widest_gap", None)
    return document


def read_bounded(target: str, data: bytes, name: str, **options):
    """`target(data, name, **options)` run in a reading child under the memory and time ceiling:
    a file the ceiling stops is refused as too large, in the words a user can act on."""
    file_type_for(name)
    from civicplan.core.bounded import ParseLimitExceeded, run_bounded

    from ..errors import DocumentTooLarge

    try:
        return run_bounded(target, data, name, **options).value
    except ParseLimitExceeded as exc:
        raise DocumentTooLarge(str(exc), source=Path(name).name) from None


def parse_bytes_here(data: bytes, name: str) -> Document:
    """Read a document in this process, without limits: what the bounded child runs."""
    file_type = file_type_for(name)
    source = Path(name).name
    if not data or not data.strip():
        raise EmptyDocument("the file is empty", source=source)
    if len(data) > MAX_FILE_BYTES:
        from ..errors import DocumentTooLarge

        raise DocumentTooLarge(
            f"the file is {len(data) // (1024 * 1024)} MB; the largest accepted is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
            source=source,
        )
    if file_type in ("txt", "md"):
        from .text import parse_text

        return parse_text(data, source, markdown=file_type == "md")
    if file_type == "docx":
        from .docx import parse_docx

        return parse_docx(data, source)
    from .pdf import parse_pdf

    return parse_pdf(data, source)


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a document to import, or why they cannot be read."""
    source = path.name
    file_type_for(source)
    try:
        return path.read_bytes()
    except OSError as exc:
        from ..errors import ImportFileError

        raise ImportFileError(f"cannot read the file: {exc.strerror}", source=source) from exc
