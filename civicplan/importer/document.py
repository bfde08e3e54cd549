"""What every parser produces: lines of text with the layout cues the file gave.

A text file gives only indentation and blank lines; a PDF adds font size, weight and
position; a Word file adds paragraph styles, real list numbering and tables. The rest of
the pipeline reads these cues and never the file again, so it is the same for all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One printed line (text, PDF) or one paragraph (Word, where wraps are already undone)."""

    text: str
    page: int = 1
    indent: float = 0.0  # characters (text files) or points (PDF, Word)
    gap_before: float = 0.0  # blank lines before it (text), or line heights of space (PDF)
    size: float = 0.0  # font size in points; 0 when unknown
    bold: bool = False  # the whole line is bold
    bold_lead: str = ""  # a bold run at the start ("Summary:"), as printed
    italic: bool = False
    x1: float = 0.0  # right edge (PDF)
    right_margin: float = 0.0  # right edge of the text column on this page (PDF)
    top: float = 0.0  # distance from the top of the page (PDF)
    page_height: float = 0.0
    paragraph: bool = False  # a whole paragraph already (Word): never join it to another
    heading_level: int | None = None  # from a heading style, Markdown '#', or font size rank
    style: str = ""  # the Word paragraph style name
    list_label: str = ""  # the number or letter Word's numbering prints ("3", "b", "ii")
    list_format: str = ""  # decimal, lowerLetter, lowerRoman, upperLetter, upperRoman, bullet
    list_level: int | None = None  # Word's list level (0 = outermost)
    list_id: str = ""  # Word's numbering instance
    table: list[list[str]] | None = None  # rows of cells, for a table
    words: list | None = None  # [x0, x1, text] of each word (PDF, while it is read)
    lineno: int = 0  # where it came from, for showing the source


@dataclass
class Document:
    """A parsed file: its lines and its plain text (shown beside the draft for review)."""

    lines: list[Line]
    source_name: str
    file_type: str  # txt, md, docx, pdf
    text: str = ""
    pages: int = 1
    warnings: list[str] = field(default_factory=list)


@dataclass
class Block:
    """A paragraph, list item, heading, label or table after cleanup."""

    text: str
    role: str = "para"  # para, item, heading, label, table
    marker: str = ""  # bullet, number, letter, roman, decimal, ''
    label: str = ""  # as printed: "3", "b", "2.1", "ii"
    style_key: str = ""  # what makes two list items the same list ("number.", "letter)", ...)
    indent: float = 0.0
    heading_level: int | None = None  # explicit level (Word/Markdown/PDF font); None in text
    bold_lead: str = ""  # a bold or run-in heading at the start of the block
    page: int = 1
    size: float = 0.0
    bold: bool = False
    list_level: int | None = None
    list_id: str = ""
    table: list[list[str]] | None = None
    lineno: int = 0
    last_lineno: int = 0  # the last line it was joined from (text files)
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points, on `page` (PDF)
    note: str = ""  # a remark kept from a duplicate copy, e.g. "(reflects early discussion)"

    @property
    def words(self) -> int:
        return len(self.text.split())
