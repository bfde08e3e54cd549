"""Plain text and Markdown: lines with their indentation and the blank lines between them."""

from __future__ import annotations

import re

from ..document import Document, Line
from ..errors import CorruptDocument, EmptyDocument

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096]:
        raise CorruptDocument("this is not a text file (it holds binary data)", source=source)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_text(data: bytes, source: str, *, markdown: bool = False) -> Document:
    text = decode(data, source).replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    blank = 0
    page = 1
    for lineno, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:  # a form feed is a page break in text extracted from PDFs
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        expanded = raw.expandtabs(4).rstrip()
        if not expanded.strip():
            blank += 1
            continue
        indent = len(expanded) - len(expanded.lstrip(" "))
        content = expanded.strip()
        level = None
        if markdown:
            match = _MD_HEADING.match(content)
            if match:
                level, content = len(match.group(1)), match.group(2)
        lines.append(
            Line(text=content, indent=indent, gap_before=blank, heading_level=level,
                 lineno=lineno, page=page, paragraph=False)
        )
        blank = 0
    if not lines:
        raise EmptyDocument("the file holds no text", source=source)
    return Document(lines=lines, source_name=source, file_type="md" if markdown else "txt",
                    text=text, pages=page)
