"""Plain text and Markdown: lines with their indentation and the blank lines between them."""

from __future__ import annotations

import re

from ..document import Document, Line
from ..errors import CorruptDocument, EmptyDocument

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
#: The line under a pipe table's header: "|---|:---:|", "--- | ---".
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$|^\|\s*:?-{3,}:?\s*\|$")
_MD_CELL_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _cells(text: str) -> list[str]:
    """A pipe table's row as cells: "| a | b |" -> ["a", "b"] ("\\|" is a bar inside a cell)."""
    text = text.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return [_MD_CELL_EMPHASIS.sub(r"\2", cell.replace("\\|", "|")).strip() for cell in cells]


def _pipe_tables(lines: list[Line]) -> list[Line]:
    """Pipe tables (a header row, a rule of dashes, then rows) become one table line each."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        rule = lines[index + 1] if index + 1 < len(lines) else None
        if "|" in line.text and rule is not None and rule.gap_before == 0 and _TABLE_RULE.match(rule.text) \
                and len(_cells(line.text)) == len(_cells(rule.text)) >= 2:
            rows = [_cells(line.text)]
            end = index + 2
            while end < len(lines) and lines[end].gap_before == 0 and "|" in lines[end].text \
                    and lines[end].heading_level is None:
                rows.append(_cells(lines[end].text))
                end += 1
            width = len(rows[0])
            rows = [(row + [""] * width)[:width] for row in rows]
            out.append(Line(text=" | ".join(rows[0]), indent=line.indent, gap_before=line.gap_before,
                            lineno=line.lineno, page=line.page, paragraph=True, table=rows))
            index = end
            continue
        out.append(line)
        index += 1
    return out


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
    lines = _pipe_tables(lines)
    return Document(lines=lines, source_name=source, file_type="md" if markdown else "txt",
                    text=text, pages=page)
