"""A report as a Word document: real headings, real numbered lists, tables whose header row
repeats on every page, the chart as a picture with alt text, page numbers in the footer.

python-docx has no API for list numbering that restarts, repeating header rows or alt
text, so those few parts are written as the WordprocessingML Word itself writes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from civicplan.timeline.draw import svg_to_png

from .document import Chart, Figure, Heading, ListBlock, PageBreak, Para, ReportDoc, Table

RAG_FILL = {
    "red": "F6D7D2", "amber": "FDE3D3", "green": "CCE2D8", "complete": "D2E2F1", "not_started": "F3F2F1",
}
FORMATS = {"number": ("decimal", "%1."), "letter": ("lowerLetter", "%1)"), "bullet": ("bullet", "•")}
ABSTRACT_IDS = {"number": 901, "letter": 902, "bullet": 903}
TABLE_TEXT = Pt(9)


class _Numbering:
    """Our own list definitions, and a fresh numbering instance per list so each restarts."""

    def __init__(self, document):
        self.part = document.part.numbering_part.element
        first_num = self.part.find(qn("w:num"))
        for style, abstract_id in ABSTRACT_IDS.items():
            fmt, text = FORMATS[style]
            abstract = OxmlElement("w:abstractNum")
            abstract.set(qn("w:abstractNumId"), str(abstract_id))
            multi = OxmlElement("w:multiLevelType")
            multi.set(qn("w:val"), "hybridMultilevel")
            abstract.append(multi)
            for level in (0, 1):
                lvl_fmt, lvl_text = (fmt, text) if level == 0 else ("bullet", "–")
                abstract.append(self._level(level, lvl_fmt, lvl_text))
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                self.part.append(abstract)
        self.next_id = 900

    @staticmethod
    def _level(level: int, fmt: str, text: str):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(567 * (level + 1)))
        ind.set(qn("w:hanging"), "340")
        ppr.append(ind)
        lvl.append(ppr)
        return lvl

    def new_list(self, style: str, start: int) -> int:
        self.next_id += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_id))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), str(ABSTRACT_IDS[style]))
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        self.part.append(num)
        return self.next_id


def _number(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(numid)
    ppr.append(numpr)


def _field(run, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _keep_row(row, *, header: bool = False) -> None:
    """A row never splits across pages; the header row also repeats at the top of each page."""
    trpr = row._tr.get_or_add_trPr()
    no_split = OxmlElement("w:cantSplit")  # schema order: cantSplit comes before tblHeader
    trpr.append(no_split)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)


def _fix_widths(table, widths_cm: list[float]) -> None:
    """Column widths every word processor honours: the grid, each cell, and a fixed layout."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.insert_element_before(
            tblw, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
            "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
        )
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
    table.autofit = False  # a fixed layout (w:tblLayout), in the place the schema wants it
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _setup(document, doc: ReportDoc) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), doc.language)
    rpr.append(lang)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 12)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    footer.add_run("Page ")
    _field(footer.add_run(), "PAGE")
    footer.add_run(" of ")
    _field(footer.add_run(), "NUMPAGES")
    props = document.core_properties
    props.title = doc.title
    props.subject = doc.subject
    props.author = dict(doc.header).get("Report by", "") or "CivicPlan"
    props.language = doc.language
    props.keywords = "committee report"


def _list(document, numbering: _Numbering, block: ListBlock) -> None:
    num_id = numbering.new_list(block.style, block.start)
    child_id = None
    for item in block.items:
        paragraph = document.add_paragraph(style="List Paragraph")
        if item.label:
            paragraph.add_run(f"{item.label} ").bold = True
        paragraph.add_run(item.text)
        _number(paragraph, num_id, 0)
        for child in item.children:
            child_id = child_id or numbering.new_list("bullet", 1)
            sub = document.add_paragraph(style="List Paragraph")
            if child.label:
                sub.add_run(f"{child.label} ").bold = True
            sub.add_run(child.text)
            _number(sub, child_id, 1)


def _cell_margins(table, twips: int = 57) -> None:
    """Narrow left and right cell margins (0.1 cm), so short columns such as Ref stay on one line."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _table(document, block: Table, width_cm: float) -> None:
    if block.caption:
        caption = document.add_paragraph(style="Caption")
        caption.paragraph_format.keep_with_next = True
        caption.add_run(block.caption)
    table = document.add_table(rows=len(block.rows) + 1, cols=len(block.header))
    table.style = document.styles["Table Grid"]
    _cell_margins(table)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = block.widths or [1 / len(block.header)] * len(block.header)
    _fix_widths(table, [width_cm * w for w in widths])
    rows = table.rows
    head = rows[0]
    _keep_row(head, header=True)
    for cell, text in zip(head.cells, block.header):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = TABLE_TEXT
        _shade(cell, "F3F2F1")
    for row, values in zip(rows[1:], block.rows):
        _keep_row(row)
        for cell, value in zip(row.cells, values):
            run = cell.paragraphs[0].add_run(value.text)
            run.font.size = TABLE_TEXT
            if value.bold:
                run.bold = True
            if value.rag in RAG_FILL:
                _shade(cell, RAG_FILL[value.rag])


def _picture(document, block: Chart | Figure, *, width_cm: float) -> None:
    """A drawing as a picture with its title as alt text and caption (Word cannot be relied
    on to show SVG, so charts and timelines go in as PNG)."""
    png = block.png() if isinstance(block, Chart) else svg_to_png(block.svg, width_px=1600)
    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays with it
    inline = document.paragraphs[-1]._p.xpath(".//wp:docPr")
    for doc_pr in inline:
        doc_pr.set("descr", f"{block.title}. {block.desc}")
        doc_pr.set("title", block.title)
    caption = document.add_paragraph(style="Caption")
    caption.add_run(block.title)


def report_docx(doc: ReportDoc) -> bytes:
    document = Document()
    _setup(document, doc)
    numbering = _Numbering(document)
    width_cm = 17.0
    if doc.body_name:
        body = document.add_paragraph()
        body.add_run(doc.body_name).bold = True
    document.add_heading(doc.title, level=0)
    front = [(k, v) for k, v in doc.header if k != "Title"]
    table = document.add_table(rows=len(front), cols=2)
    _fix_widths(table, [4.0, 13.0])
    for row, (key, value) in zip(table.rows, front):
        row.cells[0].paragraphs[0].add_run(key).bold = True
        row.cells[1].paragraphs[0].add_run(value or "–")
    for block in doc.blocks:
        if isinstance(block, Figure):
            _picture(document, block, width_cm=width_cm)
            continue
        if isinstance(block, Heading):
            document.add_heading(block.text, level=max(1, min(block.level - 1, 4)))
        elif isinstance(block, Para):
            paragraph = document.add_paragraph()
            if block.label:
                paragraph.add_run(f"{block.label} ").bold = True
            run = paragraph.add_run(block.text)
            if block.style == "note":
                run.italic = True
            elif block.style == "lead":
                run.bold = True
            elif block.style == "small":
                run.font.size = Pt(10)
        elif isinstance(block, ListBlock):
            _list(document, numbering, block)
        elif isinstance(block, Table):
            _table(document, block, width_cm)
        elif isinstance(block, Chart):
            _picture(document, block, width_cm=block.width_cm)
        elif isinstance(block, PageBreak):
            document.add_page_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
