"""Word (.docx): paragraphs with their styles, list numbering as Word prints it, and tables.

Word keeps a list's numbers in its numbering definitions, not in the text, so the labels
("3", "b", "ii", "2.1") are worked out here from numbering.xml the way Word counts them.
Before python-docx opens anything the file is checked as a zip: it must hold a Word
document, its parts must not expand to more than a sane size (a zip bomb), and its body
must not hold more paragraphs than a plan could (counted in the XML, before any are built).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..document import Document, Line
from ..errors import CorruptDocument, DocumentTooLarge, EmptyDocument

#: Uncompressed size above which a .docx is refused (a 300-page report is a few MB).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # compressed-to-uncompressed ratio for any one part
MAX_PARAGRAPHS = 100_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "a PDF"
    if data.startswith(b"{\\rtf"):
        return "an RTF document"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Word (.doc) document"
    if data.lstrip()[:1] in (b"<",):
        return "an HTML or XML file"
    return "not a Word document"


def _zip_kind(names: set[str], archive: zipfile.ZipFile) -> str:
    """What another zip-based office file is: an Excel workbook, a PowerPoint deck, an OpenDocument file."""
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation (.pptx)"
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        except (KeyError, OSError, zipfile.BadZipFile, RuntimeError):
            mimetype = ""
        if "opendocument.text" in mimetype:
            return "an OpenDocument text file (.odt)"
        if "opendocument" in mimetype:
            return "an OpenDocument file"
    return ""


def check_zip(data: bytes, source: str) -> None:
    if not data.startswith(b"PK"):
        kind = _sniff(data)
        raise CorruptDocument(f"this .docx is really {kind}; save it as a Word document (.docx) and try again"
                              if kind != "not a Word document" else "this .docx is not a Word document", source=source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocument("this .docx is damaged: it cannot be opened as a Word document", source=source) from exc
    total = 0
    for info in infos:
        total += info.file_size
        if info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_RATIO and info.file_size > 10 * 1024 * 1024:
            raise DocumentTooLarge("this .docx expands to far more than it should (a zip bomb?); refused", source=source)
    if total > MAX_UNCOMPRESSED or len(infos) > 10_000:
        raise DocumentTooLarge("this .docx expands to far more than it should (a zip bomb?); refused", source=source)
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        kind = _zip_kind(names, archive)
        raise CorruptDocument(f"this .docx is really {kind}, not a Word document"
                              if kind else "this .docx is not a Word document (it has no document part)", source=source)
    if _count_paragraphs(archive, "word/document.xml", MAX_PARAGRAPHS + 1, source) > MAX_PARAGRAPHS:
        raise DocumentTooLarge(f"the document has more than {MAX_PARAGRAPHS} paragraphs", source=source)


#: The start of a paragraph element, whatever prefix the file gives Word's namespace ("<w:p>",
#: "<w:p w:rsidR=...>"), and not "<w:pPr>" or "<w:pStyle>".
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def _count_paragraphs(archive: zipfile.ZipFile, name: str, stop: int, source: str) -> int:
    """How many paragraphs a part holds, counted from its XML as it is decompressed, up to
    `stop`: a file of a million tiny paragraphs is refused in a moment, before python-docx
    spends a minute building them."""
    count = 0
    tail = b""
    try:
        with archive.open(name) as part:
            while count < stop:
                chunk = part.read(1024 * 1024)
                if not chunk:
                    break
                data = tail + chunk
                # A tag cut at the chunk's end is counted with the next chunk.
                cut = data.rfind(b"<")
                if cut == -1 or len(data) - cut > 64:
                    cut = len(data)
                count += len(_PARAGRAPH_TAG.findall(data, 0, cut))
                tail = data[cut:]
            count += len(_PARAGRAPH_TAG.findall(tail))
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error) as exc:
        raise CorruptDocument("this .docx is damaged: it cannot be opened as a Word document", source=source) from exc
    return count


# --------------------------------------------------------------------------- numbering


def _to_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _to_roman(n: int) -> str:
    table = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
             (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in table:
        while n >= value:
            out += letters
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _to_letters(n)
    if fmt == "upperLetter":
        return _to_letters(n).upper()
    if fmt == "lowerRoman":
        return _to_roman(n)
    if fmt == "upperRoman":
        return _to_roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Word's list counters: which label each numbered paragraph prints."""

    def __init__(self, doc):
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId -> ilvl -> {fmt, text, start}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(f"{_W}abstractNum"):
            aid = abstract.get(f"{_W}abstractNumId")
            levels = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = {
                    "fmt": fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    "text": text.get(f"{_W}val") if text is not None else f"%{ilvl + 1}.",
                    "start": int(start.get(f"{_W}val")) if start is not None else 1,
                    "indent": _indent_of(lvl.find(f"{_W}pPr")),
                }
            self.levels[aid] = levels
        for num in root.findall(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            abstract = num.find(f"{_W}abstractNumId")
            overrides = {}
            for override in num.findall(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[int(override.get(f"{_W}ilvl", "0"))] = int(start.get(f"{_W}val"))
            self.nums[nid] = (abstract.get(f"{_W}val") if abstract is not None else "", overrides)

    def indent(self, num_id: str, ilvl: int) -> float | None:
        """Where this list level is printed from the left margin, in points (None if unset)."""
        if num_id not in self.nums:
            return None
        return self.levels.get(self.nums[num_id][0], {}).get(ilvl, {}).get("indent")

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """(the label this paragraph prints, the level's number format), counting it."""
        if num_id not in self.nums or num_id == "0":
            return None
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(aid, {})
        level = levels.get(ilvl, {"fmt": "decimal", "text": f"%{ilvl + 1}.", "start": 1})
        counters = self.counters.setdefault(num_id, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = overrides.get(ilvl, level["start"])
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt = level["fmt"]
        if fmt == "bullet":
            return "", "bullet"
        pattern = level["text"]
        referenced = [int(m) - 1 for m in re.findall(r"%(\d)", pattern)]
        if len(referenced) > 1:  # "%1.%2": a decimal label such as "2.1"
            parts = []
            for k in referenced:
                k_level = levels.get(k, {"fmt": "decimal", "start": 1})
                value = counters.get(k, overrides.get(k, k_level["start"]))
                parts.append(_format(value, k_level["fmt"]))
            return ".".join(parts), "decimalMulti"
        return _format(counters[ilvl], fmt), fmt


# --------------------------------------------------------------------------- paragraphs


def _indent_of(ppr) -> float | None:
    """The left indentation a w:pPr sets, in points, or None."""
    if ppr is None:
        return None
    ind = ppr.find(f"{_W}ind")
    if ind is None:
        return None
    value = ind.get(f"{_W}left") or ind.get(f"{_W}start")
    try:
        return int(value) / 20.0 if value is not None else None
    except ValueError:
        return None


class Styles:
    """What each style says (heading level, bold, list numbering, indentation), worked out once
    per style: python-docx finds a paragraph's style by scanning every style, which is slow on
    a long document."""

    def __init__(self, document):
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {}
        for style in document.styles:
            if style.style_id:
                self.by_id[style.style_id] = style
        try:
            self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        except Exception:  # noqa: BLE001 - a document without a default style
            self.default = None
        self._facts: dict[str, tuple] = {}

    def paragraph_style(self, paragraph):
        ppr = paragraph._p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return self.by_id.get(style_id, self.default) if style_id else self.default

    def run_style(self, run):
        rpr = run._r.rPr
        style_id = rpr.rStyle.val if rpr is not None and rpr.rStyle is not None else None
        return self.by_id.get(style_id) if style_id else None

    def facts(self, style) -> tuple[int | None, bool | None, tuple[str, int] | None, float | None]:
        """(heading level, bold, (numId, ilvl) of its list numbering, left indentation) of a style."""
        if style is None:
            return None, None, None, None
        key = style.style_id or style.name or ""
        if key in self._facts:
            return self._facts[key]
        heading = bold = numbered = indent = None
        seen = 0
        current = style
        while current is not None and seen < 20:
            seen += 1
            name = (current.name or "").lower()
            if heading is None:
                match = re.match(r"heading\s+(\d)", name)
                if match:
                    heading = int(match.group(1))
                elif name == "title":
                    heading = 1
            if bold is None and current.font.bold is not None:
                bold = bool(current.font.bold)
            ppr = current.element.pPr
            if ppr is not None:
                if numbered is None and ppr.numPr is not None and ppr.numPr.numId is not None:
                    ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
                    numbered = (str(ppr.numPr.numId.val), int(ilvl))
                if indent is None:
                    indent = _indent_of(ppr)
                if heading is None:
                    outline = ppr.find(f"{_W}outlineLvl")
                    if outline is not None and outline.get(f"{_W}val", "").isdigit() and int(outline.get(f"{_W}val")) < 9:
                        heading = int(outline.get(f"{_W}val")) + 1
            current = current.base_style
        self._facts[key] = (heading, bold, numbered, indent)
        return self._facts[key]


def _num_pr(paragraph, style_facts) -> tuple[str, int] | None:
    ppr = paragraph._p.pPr
    node = ppr.numPr if ppr is not None else None
    if node is not None and node.numId is not None:
        ilvl = node.ilvl.val if node.ilvl is not None else (style_facts[2][1] if style_facts[2] else 0)
        return str(node.numId.val), int(ilvl)
    return style_facts[2]


def _heading_level(paragraph, style_facts) -> int | None:
    ppr = paragraph._p.pPr
    if ppr is not None:
        outline = ppr.find(f"{_W}outlineLvl")
        if outline is not None and outline.get(f"{_W}val", "").isdigit() and int(outline.get(f"{_W}val")) < 9:
            return int(outline.get(f"{_W}val")) + 1
    return style_facts[0]


def _bold(run, styles: Styles, style_facts) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    run_style = styles.run_style(run)
    if run_style is not None and run_style.font.bold:
        return True
    return bool(style_facts[1])


def _paragraph_line(paragraph, numbering: Numbering, index: int, styles: Styles) -> Line | None:
    text = paragraph.text.replace("\n", " ").replace("\t", " ").strip()
    style = styles.paragraph_style(paragraph)
    facts = styles.facts(style)
    numbered = _num_pr(paragraph, facts)
    label = fmt = ""
    level = None
    if numbered is not None:
        counted = numbering.label(*numbered)
        if counted is not None:
            label, fmt = counted
            level = numbered[1]
    if not text:
        return None
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold_flags = [_bold(r, styles, facts) for r in runs]
    all_bold = bool(runs) and all(bold_flags)
    lead = ""
    if runs and bold_flags[0] and not all_bold:
        for run, flag in zip(runs, bold_flags):
            if not flag:
                break
            lead += run.text
    size = 0.0
    for run in runs:
        if run.font.size:
            size = run.font.size.pt
            break
    heading = _heading_level(paragraph, facts)
    line = Line(text=text, paragraph=True, bold=all_bold, bold_lead=lead.strip(), size=size,
                heading_level=heading, style=style.name if style is not None else "", lineno=index)
    if fmt:
        if heading is not None:
            line.text = f"{label} {text}".strip() if label else text  # a numbered heading prints its number
        else:
            line.list_label = label
            line.list_format = "decimal" if fmt == "decimalMulti" else fmt
            line.list_level = level
            line.list_id = numbered[0]
            # Where the item is printed: its own indentation, else its list level's, else its style's.
            own = _indent_of(paragraph._p.pPr)
            for indent in (own, numbering.indent(*numbered), facts[3]):
                if indent is not None:
                    line.indent = indent
                    break
            else:
                line.indent = (level or 0) * 20.0
            if fmt == "decimalMulti":
                line.list_format = "decimalMulti"
    return line


def parse_docx(data: bytes, source: str) -> Document:
    check_zip(data, source)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - installed with the project
        raise CorruptDocument("reading Word files needs python-docx", source=source) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, Exception) as exc:  # noqa: BLE001
        raise CorruptDocument("this .docx is damaged: it cannot be opened as a Word document", source=source) from exc
    numbering = Numbering(document)
    styles = Styles(document)
    lines: list[Line] = []
    texts: list[str] = []
    body = document.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    pages = 1
    for index, child in enumerate(body.iterchildren()):
        if len(lines) > MAX_PARAGRAPHS:
            raise DocumentTooLarge(f"the document has more than {MAX_PARAGRAPHS} paragraphs", source=source)
        tag = child.tag.split("}")[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            if any(br.get(f"{_W}type") == "page" for br in child.iter(f"{_W}br")):
                pages += 1
            line = _paragraph_line(paragraph, numbering, index, styles)
            if line is not None:
                line.page = pages
                lines.append(line)
                prefix = f"{line.list_label}. " if line.list_label else ("• " if line.list_format == "bullet" else "")
                texts.append(prefix + line.text)
        elif tag == "tbl":
            table = Table(child, document)
            rows = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                    cells.append(value)
                rows.append(cells)
            if rows:
                lines.append(Line(text=" | ".join(rows[0]), paragraph=True, table=rows, lineno=index, page=pages))
                texts.extend(" | ".join(r) for r in rows)
    if not lines:
        raise EmptyDocument("the Word document holds no text", source=source)
    return Document(lines=lines, source_name=source, file_type="docx", text="\n".join(texts), pages=pages)
