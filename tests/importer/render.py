"""Render a reviewed plan file as the paper it came from: a Word file or a PDF.

Test fixtures use this to make the importer's .docx and .pdf corpus from the seed plans,
so that the importer can be scored against the reviewed plans on real files. The layout is
the genre's: a committee-report header, headings for the parts of the plan (named with
the plan's own level names), numbered and lettered lists whose numbers live in Word's list
numbering (not in the text), bullets, "Outputs" / "Milestones" labels before lists, an
outcome statement under each priority.

Variations (`variant`): "a" uses heading styles / heading tags; "b" marks headings only by
font size and weight, sets running headers and footers with page numbers, narrow justified
columns and a different bullet glyph.

Run as a script to write the whole corpus into a folder:
    python -m tests.importer.render OUTDIR
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "civicplan" / "plans" / "seeds"
SEED_SLUGS = (
    "lc-business-plan-2013-14",
    "lc-challenge-2017",
    "lc-business-plan-2019-20",
    "lc-business-plan-2020-21",
    "lc-shared-ambitions-2022-23",
)
GROUPED = {"purpose", "principle", "theme", "equality_objective", "pledge_area", "core_area", "directorate", "portfolio",
           "objective"}
HEADING_KINDS = {"section", "portfolio", "directorate", "pledge_area", "objective", "implication", "service", "core_area"}
LABELLED = {"priority", "output", "milestone", "pledge"}
_ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{1,3}|v)$")


# --------------------------------------------------------------------------- layout


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def _fmt_of(label: str) -> str:
    if not label:
        return "bullet"
    if label.isdigit():
        return "decimal"
    if _ROMAN.match(label) and (len(label) > 1 or label == "i"):
        return "lowerRoman"
    if len(label) == 1 and label.isalpha():
        return "lowerLetter"
    return "decimal"


def _start_of(label: str, fmt: str) -> int:
    if fmt == "decimal":
        return int(label) if label.isdigit() else 1
    if fmt == "lowerLetter":
        return ord(label) - 96
    if fmt == "lowerRoman":
        values = {"i": 1, "v": 5, "x": 10}
        total, previous = 0, 0
        for char in reversed(label):
            value = values[char]
            total = total - value if value < previous else total + value
            previous = max(previous, value)
        return total
    return 1


def _printed_in(child: dict, parent: dict) -> bool:
    """A dated step the importer splits out of its parent's words: printed as part of them."""
    if child["kind"] != parent["kind"] or child["kind"] not in ("milestone", "key_event"):
        return False
    return not child["text"] or _norm(child["text"]) in _norm(parent["text"])


def layout(plan: dict) -> list[tuple]:
    """The paper as a list of blocks: ('heading', level, text), ('para', text, lead),
    ('label', text), ('item', list_no, level, fmt, start, text, lead)."""
    meta = plan["meta"]
    levels = {lvl["kind"]: lvl for lvl in plan["framework"]["levels"]}
    elements = plan["elements"]
    children: dict[str | None, list[dict]] = {}
    for element in elements:
        children.setdefault(element["parent"], []).append(element)
    out: list[tuple] = []
    if meta.get("committee"):
        out.append(("para", meta["committee"], ""))
    out.append(("title", meta["title"]))
    if meta.get("item_no"):
        out.append(("para", f"Item no: {meta['item_no']}", "Item no:"))
    if meta.get("report_by"):
        out.append(("para", f"Report by: {meta['report_by']}", "Report by:"))
    if meta.get("job_title"):
        out.append(("para", f"Job title: {meta['job_title']}", "Job title:"))
    if meta.get("meeting_date"):
        day = dt.date.fromisoformat(meta["meeting_date"])
        out.append(("para", f"Date: {day.day} {day:%B %Y}", "Date:"))
    if meta.get("contact_officer"):
        out.append(("para", f"Contact Officer: {meta['contact_officer']}", "Contact Officer:"))
    if meta.get("contact_phone"):
        out.append(("para", f"Telephone: {meta['contact_phone']}", "Telephone:"))
    if meta.get("contact_email"):
        out.append(("para", f"Email: {meta['contact_email']}", "Email:"))
    if meta.get("summary"):
        out.append(("para", f"Summary: {meta['summary']}", "Summary:"))
    counter = [0]

    def new_list() -> int:
        counter[0] += 1
        return counter[0]

    if meta.get("recommendations"):
        out.append(("para", "Recommendations: The committee is asked to:", "Recommendations:"))
        number = new_list()
        for rec in meta["recommendations"]:
            out.append(("item", number, 0, "bullet", 1, rec, ""))

    def item_text(element: dict) -> tuple[str, str, str]:
        """(printed text, bold lead, separate paragraph after the item)."""
        title, text = element["title"], element["text"]
        if not text:
            return title, "", ""
        if _norm(text).startswith(_norm(title)[: max(8, len(_norm(title)) // 2)]):
            return text, "", ""
        if _norm(title) in _norm(text):  # "May 2023 Local Elections": the title is printed inside the text
            return text, "", ""
        if element["kind"] == "priority":
            return title, "", text
        return f"{title}: {text}", f"{title}:", ""

    def render_items(items: list[dict], level: int, parent_kind: str) -> None:
        kind = items[0]["kind"]
        if kind in LABELLED and not (parent_kind == "" and kind == "priority"):
            if kind != parent_kind:
                out.append(("label", levels.get(kind, {}).get("plural", kind.title())))
        fmt = _fmt_of(items[0]["label"])
        number = new_list()
        start = _start_of(items[0]["label"], fmt)
        for element in items:
            text, lead, after = item_text(element)
            item_fmt = _fmt_of(element["label"]) if element["label"] else fmt
            if item_fmt != fmt:
                fmt, number, start = item_fmt, new_list(), _start_of(element["label"], item_fmt)
            out.append(("item", number, level, fmt, start, text, lead))
            if after:
                out.append(("para", after, ""))
            kids = [k for k in children.get(element["id"], []) if not _printed_in(k, element)]
            if kids:
                render_children(kids, element["kind"], level + 1, in_item=True)

    def render_children(kids: list[dict], parent_kind: str, level: int, in_item: bool = False, depth: int = 1) -> None:
        run: list[dict] = []

        def flush_run():
            if run:
                render_items(list(run), level if in_item else 0, parent_kind)
                run.clear()

        for element in kids:
            if element["kind"] in HEADING_KINDS or (element["kind"] == "theme" and not in_item):
                flush_run()
                render_heading(element, depth)
            else:
                if run and run[-1]["kind"] != element["kind"]:
                    flush_run()
                run.append(element)
        flush_run()

    def render_heading(element: dict, depth: int) -> None:
        text = f"{element['label']} {element['title']}".strip() if element["label"] else element["title"]
        out.append(("heading", min(depth, 4), text))
        for paragraph in (element["text"] or "").split("\n\n"):
            if paragraph.strip():
                out.append(("para", paragraph.strip(), ""))
        render_children(children.get(element["id"], []), element["kind"], 0, depth=depth + 1)

    top = children.get(None, [])
    index = 0
    while index < len(top):
        element = top[index]
        kind = element["kind"]
        run = [element]
        while index + len(run) < len(top) and top[index + len(run)]["kind"] == kind:
            run.append(top[index + len(run)])
        if kind in GROUPED:
            out.append(("heading", 1, levels[kind]["plural"]))
            if kind in HEADING_KINDS or kind == "theme":
                for member in run:
                    render_heading(member, 2)
            else:
                render_children(run, "", 0)  # one list, as a paper prints it
        else:
            for member in run:
                if kind in HEADING_KINDS or kind == "theme":
                    render_heading(member, 1)
                else:
                    render_children([member], "", 0)
        index += len(run)
    return out


# --------------------------------------------------------------------------- Word


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def render_docx(plan: dict) -> bytes:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract_ids = {}
    glyphs = ["•", "o", "▪", "–"]
    base = 90
    for offset, fmt in enumerate(("decimal", "lowerLetter", "lowerRoman", "bullet")):
        aid = base + offset
        levels_xml = []
        for ilvl in range(6):
            text = glyphs[ilvl % 4] if fmt == "bullet" else f"%{ilvl + 1}."
            levels_xml.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{720 + 360 * ilvl}" w:hanging="360"/></w:pPr></w:lvl>'
            )
        xml = f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="{aid}">' + "".join(levels_xml) + "</w:abstractNum>"
        first_num = numbering.find(qn("w:num"))
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
        abstract_ids[fmt] = aid
    num_ids: dict[int, int] = {}
    next_num = [500]

    def num_for(list_no: int, fmt: str, level: int, start: int) -> int:
        if list_no not in num_ids:
            next_num[0] += 1
            nid = next_num[0]
            xml = (f'<w:num xmlns:w="{_W_NS}" w:numId="{nid}"><w:abstractNumId w:val="{abstract_ids[fmt]}"/>'
                   f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
            numbering.append(parse_xml(xml))
            num_ids[list_no] = nid
        return num_ids[list_no]

    def add_runs(paragraph, text: str, lead: str) -> None:
        if lead and text.startswith(lead):
            run = paragraph.add_run(lead)
            run.bold = True
            paragraph.add_run(text[len(lead):])
        else:
            paragraph.add_run(text)

    for block in layout(plan):
        kind = block[0]
        if kind == "title":
            document.add_paragraph(block[1], style="Title")
        elif kind == "heading":
            document.add_paragraph(block[2], style=f"Heading {block[1]}")
        elif kind == "para":
            paragraph = document.add_paragraph()
            add_runs(paragraph, block[1], block[2])
        elif kind == "label":
            paragraph = document.add_paragraph()
            paragraph.add_run(block[1]).bold = True
        elif kind == "item":
            _, list_no, level, fmt, start, text, lead = block
            paragraph = document.add_paragraph(style="List Paragraph")
            add_runs(paragraph, text, lead)
            numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = level
            numpr.get_or_add_numId().val = num_for(list_no, fmt, level, start)
    document.styles["Normal"].font.size = Pt(11)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- HTML / PDF

_CSS_A = """
@page { size: A4; margin: 2cm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 18pt; margin: 14pt 0 8pt; } h2 { font-size: 15pt; margin: 12pt 0 8pt; }
h3 { font-size: 13pt; margin: 10pt 0 8pt; } h4 { font-size: 11pt; margin: 10pt 0 8pt; }
.title { font-size: 22pt; font-weight: bold; margin-bottom: 12pt; }
p { margin: 0 0 9pt; } li { margin: 0 0 6pt; } ol, ul { margin: 0 0 9pt; } li > p { margin-top: 8pt; }
"""
_CSS_B = """
@page { size: A5; margin: 1.6cm 1.4cm;
  @top-center { content: "RUNNING_HEADER"; font-size: 8pt; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: 'DejaVu Serif', serif; font-size: 10pt; line-height: 1.3; text-align: justify; }
.h1 { font-size: 16pt; font-weight: bold; margin: 14pt 0 8pt; }
.h2 { font-size: 13pt; font-weight: bold; margin: 12pt 0 8pt; }
.h3 { font-size: 11.5pt; font-weight: bold; margin: 10pt 0 8pt; }
.h4 { font-size: 10pt; font-weight: bold; margin: 10pt 0 8pt; }
.title { font-size: 19pt; font-weight: bold; margin-bottom: 12pt; }
p { margin: 0 0 8pt; } li { margin: 0 0 5pt; } ol, ul { margin: 0 0 8pt; } li > p { margin-top: 7pt; }
ul { list-style-type: '▪ '; }
"""
_LIST_STYLE = {"decimal": "decimal", "lowerLetter": "lower-alpha", "lowerRoman": "lower-roman"}


def render_html(plan: dict, variant: str = "a") -> str:
    parts: list[str] = []
    open_lists: list[tuple[int, int]] = []  # (list_no, level)

    def close_to(level: int) -> None:
        while open_lists and open_lists[-1][1] >= level:
            list_no, _ = open_lists.pop()
            parts.append("</li></ol>" if list_kind[list_no] != "bullet" else "</li></ul>")

    list_kind: dict[int, str] = {}

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    def runs(text: str, lead: str) -> str:
        if lead and text.startswith(lead):
            return f"<b>{esc(lead)}</b>{esc(text[len(lead):])}"
        return esc(text)

    for block in layout(plan):
        kind = block[0]
        if kind == "item":
            _, list_no, level, fmt, start, text, lead = block
            list_kind[list_no] = fmt
            if open_lists and open_lists[-1][0] == list_no:
                parts.append("</li>")
            else:
                while open_lists and open_lists[-1][1] >= level and open_lists[-1][0] != list_no:
                    close_to(open_lists[-1][1])
                if not open_lists or open_lists[-1][0] != list_no:
                    if fmt == "bullet":
                        parts.append("<ul>")
                    else:
                        parts.append(f'<ol style="list-style-type: {_LIST_STYLE[fmt]}; counter-reset: list-item {start - 1}">')
                    open_lists.append((list_no, level))
            parts.append(f"<li>{runs(text, lead)}")
            continue
        if kind == "para" and open_lists:
            # a paragraph inside the current list item (an outcome statement)
            parts.append(f"<p>{runs(block[1], block[2])}</p>")
            continue
        if kind == "label" and open_lists:
            parts.append(f"<p><b>{esc(block[1])}</b></p>")
            continue
        close_to(0)
        if kind == "title":
            parts.append(f'<p class="title">{esc(block[1])}</p>')
        elif kind == "heading":
            level = block[1]
            parts.append(f"<h{level}>{esc(block[2])}</h{level}>" if variant == "a"
                         else f'<p class="h{level}">{esc(block[2])}</p>')
        elif kind == "para":
            parts.append(f"<p>{runs(block[1], block[2])}</p>")
        elif kind == "label":
            parts.append(f"<p><b>{esc(block[1])}</b></p>")
    close_to(0)
    css = _CSS_A if variant == "a" else _CSS_B.replace("RUNNING_HEADER", plan["meta"]["title"].replace('"', ""))
    return f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(parts)}</body></html>"


def render_pdf(plan: dict, variant: str = "a") -> bytes:
    import weasyprint

    return weasyprint.HTML(string=render_html(plan, variant)).write_pdf()


def seed_plan(slug: str) -> dict:
    from civicplan.plans.planfiles import formats

    return formats.read(SEED_DIR / f"{slug}.yaml")


def write_corpus(folder: Path) -> None:
    """Write every seed plan as .docx, .pdf (variant a) and .b.pdf (variant b) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for slug in SEED_SLUGS:
        plan = seed_plan(slug)
        (folder / "docx").mkdir(exist_ok=True)
        (folder / "pdf").mkdir(exist_ok=True)
        (folder / "pdf-b").mkdir(exist_ok=True)
        (folder / "docx" / f"{slug}.docx").write_bytes(render_docx(plan))
        (folder / "pdf" / f"{slug}.pdf").write_bytes(render_pdf(plan, "a"))
        (folder / "pdf-b" / f"{slug}.pdf").write_bytes(render_pdf(plan, "b"))


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(ROOT))
    write_corpus(Path(sys.argv[1]))
