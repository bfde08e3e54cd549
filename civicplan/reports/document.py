"""A committee report as a flat list of blocks that every format renders the same way.

The content is decided once (content.py); the HTML, PDF and Word renderers only lay it out,
so the three files of one report always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Heading:
    text: str
    level: int  # 1 = the report title, 2 = a main section, 3-4 below
    anchor: str = ""
    page: str = ""  # "landscape": printed on landscape pages with the figures that follow
    kind = "heading"


@dataclass
class Para:
    text: str
    style: str = ""  # "" | "note" (italic aside) | "lead" (bold lead-in) | "small"
    label: str = ""  # a bold lead-in printed before the text, e.g. "Outcome:"
    kind = "para"


@dataclass
class ListItem:
    text: str
    label: str = ""
    children: list["ListItem"] = field(default_factory=list)


@dataclass
class ListBlock:
    items: list[ListItem]
    style: str = "bullet"  # "number" | "letter" | "bullet"
    start: int = 1
    kind = "list"


@dataclass
class Cell:
    text: str
    rag: str = ""  # a delivery status value, coloured as well as written
    bold: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]
    caption: str = ""
    widths: list[float] = field(default_factory=list)  # fractions of the width, summing to 1
    kind = "table"

    def __post_init__(self) -> None:
        self.rows = [[c if isinstance(c, Cell) else Cell(str(c)) for c in row] for row in self.rows]


@dataclass
class Chart:
    """A chart drawn server-side: SVG for the page and PDF, PNG for Word, and always its table."""

    title: str
    desc: str
    svg: str
    png: Callable[[], bytes]
    width_cm: float = 16.0
    height_cm: float = 8.0
    kind = "chart"


@dataclass
class Figure:
    """A ready-made SVG (e.g. the milestone timeline), with a short description for Word.

    `aspect` is the drawing's height over its width, so the PDF can size it to fit a page;
    `page` "landscape" prints it on landscape pages, where a wide timeline stays legible.
    """

    title: str
    desc: str
    svg: str
    aspect: float = 0.0
    page: str = ""
    kind = "figure"


@dataclass
class PageBreak:
    kind = "pagebreak"


Block = Heading | Para | ListBlock | Table | Chart | Figure | PageBreak


@dataclass
class ReportDoc:
    title: str
    report_kind: str  # "plan" | "progress"
    header: list[tuple[str, str]]  # the front-matter block, in the papers' order
    body_name: str  # the committee, printed above the title
    blocks: list[Block]
    slug: str = ""
    language: str = "en-GB"
    subject: str = ""
    sample_data: bool = False

    def text(self) -> str:
        """Every word of the report, for search and tests."""
        out = [self.body_name, self.title] + [f"{k} {v}" for k, v in self.header]
        for block in self.blocks:
            if isinstance(block, (Heading, Para)):
                out.append(f"{getattr(block, 'label', '')} {block.text}".strip())
            elif isinstance(block, ListBlock):
                stack = list(block.items)
                while stack:
                    item = stack.pop(0)
                    out.append(item.text)
                    stack[0:0] = item.children
            elif isinstance(block, Table):
                out.append(" ".join(block.header))
                out += [" ".join(c.text for c in row) for row in block.rows]
            elif isinstance(block, (Chart, Figure)):
                out.append(f"{block.title} {block.desc}")
        return "\n".join(out)
