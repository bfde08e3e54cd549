"""One call from a file to a draft plan: parse, clean, read the header, build, write.

Nothing here touches the database: the command and the review pages decide whether to
store the result (through `civicplan.plans.services.plan_file_load`).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path

from . import cleanup
from .document import Block
from .errors import NothingRecognised
from .parsers import parse_bytes_here, read_bounded, read_file_bytes
from .planfile import build_plan, elements_of, guess_organisation
from .structure.elements import finish
from .structure.evidence import element_evidence
from .structure.frontmatter import read_front_matter
from .structure.kinds import assign_kinds
from .structure.tree import build_tree


@dataclass
class ImportResult:
    plan: dict
    source_text: str
    file_type: str
    pages: int
    warnings: list[str] = field(default_factory=list)
    #: {element id: why it was read so, how sure, where it was printed} (structure/evidence.py)
    evidence: dict = field(default_factory=dict)

    @property
    def element_count(self) -> int:
        return len(self.plan["elements"])


def _drop_repeated_title(body: list[Block], title: str) -> list[Block]:
    """Reports print their title again above the body; it is not a part of the plan."""
    key = cleanup.text_key(title)
    if not key:
        return body
    out = list(body)
    for index, block in enumerate(out[:6]):
        block_key = cleanup.text_key(block.text)
        if block.role in ("para", "heading") and block_key and (block_key == key or (key in block_key and len(block_key.split()) <= len(key.split()) + 3)):
            del out[index]
            break
    return out


def _drop_organisation_line(body: list[Block], organisation: str) -> list[Block]:
    """A line near the top that only names the body publishing the plan ("Westbrook Borough
    Council") is the plan's organisation, not a part of the plan."""
    key = cleanup.text_key(organisation)
    if not key:
        return body
    for index, block in enumerate(body[:6]):
        if block.role in ("para", "heading") and cleanup.text_key(block.text) == key:
            return body[:index] + body[index + 1:]
    return body


def _title_without_organisation(title: str, organisation: str) -> str:
    """A running banner read as the title ("Westbrook Borough Council | Housing Plan") names
    the organisation beside the plan: the plan's title is the rest."""
    key = cleanup.text_key(organisation)
    parts = [part.strip() for part in re.split(r"\s+[|\u2013\u2014]\s+", title) if part.strip()]
    if key and len(parts) == 2:
        rest = [part for part in parts if cleanup.text_key(part) != key]
        if len(rest) == 1:
            return rest[0]
    return title


def import_document(*, data: bytes, name: str, organisation: str = "", known_organisations: list[str] = (),
                    slug: str = "", taken_slugs: set[str] = frozenset()) -> ImportResult:
    """The draft plan of a document given as bytes; `name` gives its type by extension.

    The document is read and the draft built in a child process under the reading ceiling
    (civicplan.core.bounded): only the draft comes back, which is several times smaller and
    quicker to send than the document's lines (docs/adr/0031).
    """
    return read_bounded("civicplan.importer.pipeline:import_document_here", data, name,
                        organisation=organisation, known_organisations=list(known_organisations),
                        slug=slug, taken_slugs=set(taken_slugs))


def import_file(path: Path, *, organisation: str = "", known_organisations: list[str] = (),
                slug: str = "", taken_slugs: set[str] = frozenset()) -> ImportResult:
    return import_document(data=read_file_bytes(path), name=path.name, organisation=organisation,
                           known_organisations=known_organisations, slug=slug, taken_slugs=taken_slugs)


def import_document_here(data: bytes, name: str, *, organisation: str = "", known_organisations: list[str] = (),
                         slug: str = "", taken_slugs: set[str] = frozenset()) -> ImportResult:
    """Read and build in this process, without limits: what the reading child runs."""
    return _build(parse_bytes_here(data, name), organisation=organisation, known_organisations=known_organisations,
                  slug=slug, taken_slugs=taken_slugs)


def _build(document, *, organisation, known_organisations, slug, taken_slugs) -> ImportResult:
    source_text = document.text
    blocks = cleanup.clean(document)
    front = read_front_matter(blocks)
    org = organisation or guess_organisation(front.title, source_text, list(known_organisations), named=front.organisation)
    front.title = _title_without_organisation(front.title, org)
    body = _drop_repeated_title(blocks[front.consumed:], front.title)
    body = cleanup.drop_duplicates(body)
    body = _drop_organisation_line(body, org)
    explicit = document.file_type in ("docx", "pdf") or any(b.heading_level is not None for b in body)
    root = build_tree(body, explicit_levels=explicit, char_indents=document.file_type in ("txt", "md"))
    assign_kinds(root, title=front.title)
    finish(root)
    plan = build_plan(root, front, source_name=document.source_name, organisation=org, slug=slug,
                      taken_slugs=set(taken_slugs))
    if not plan["elements"]:
        raise NothingRecognised(
            "nothing in this document looks like a plan: no headings, numbered or bulleted items, "
            "priorities or milestones were found",
            source=document.source_name,
        )
    evidence = element_evidence(elements_of(root), plan["elements"], file_type=document.file_type,
                                source_text=source_text)
    return ImportResult(plan=plan, source_text=source_text, file_type=document.file_type,
                        pages=document.pages, warnings=list(document.warnings), evidence=evidence)
