"""PDF: printed lines with their font size, weight and position.

Headings in a PDF are known only by how they look, so font sizes are ranked: the size
most of the text is set in is the body; larger sizes are heading levels, largest first;
a short line set wholly in bold at body size is the lowest heading level. PDFium checks
the file first (page count); pypdf says why a file PDFium cannot open is refused
(encryption, damage). The lines are read by PDFium (through
pypdfium2, which pdfplumber itself depends on) because it is several times faster than
pdfplumber's pdfminer for the same font information (docs/adr/0006); pdfplumber reads a
file PDFium cannot, and pypdf's plain text is the last resort.
"""

from __future__ import annotations

import io
import logging
import operator
import os
import pickle
import re
import signal
import threading
from collections import Counter

from ..document import Document, Line
from ..errors import CorruptDocument, DocumentTooLarge, EmptyDocument, EncryptedDocument, ScannedDocument
from . import MAX_PAGES
from .columns import read_columns

try:  # the words of a page measured in C (built by `pip install -e .`); else the Python below
    from . import _pdfwords
except ImportError:  # pragma: no cover - a machine that could not compile it
    _pdfwords = None

for noisy in ("pdfminer", "pypdf"):
    logging.getLogger(noisy).setLevel(logging.ERROR)

_BOLD = ("bold", "black", "heavy", "semibold", "demi")


def _is_bold(fontname: str) -> bool:
    name = (fontname or "").lower()
    return any(word in name for word in _BOLD)


def _open_checked(data: bytes, source: str):
    """(pypdf's reader, or None when PDFium opened the file, and the page count), or the reason
    the file is refused. PDFium opens most files, and faster than pypdf (which is then not even
    imported); a file it cannot open is opened by pypdf, which says what is wrong with it."""
    if not data.lstrip().startswith(b"%PDF"):
        raise CorruptDocument("this is not a PDF (it does not start like one)", source=source)
    count = _pdfium_page_count(data)
    reader = None
    if count is None:
        reader, count = _pypdf_checked(data, source)
    if count == 0:
        raise EmptyDocument("the PDF has no pages", source=source)
    if count > MAX_PAGES:
        raise DocumentTooLarge(f"the PDF has {count} pages; the most the importer reads is {MAX_PAGES}", source=source)
    return reader, count


def _pdfium_page_count(data: bytes) -> int | None:
    """The PDF's page count, or None when PDFium cannot open it (damaged, or a password)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - pypdf says why below
        return None
    try:
        return len(document)
    finally:
        document.close()


def _pypdf_checked(data: bytes, source: str):
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure means we cannot read it
                opened = 0
            if not opened:
                raise EncryptedDocument("the PDF is password-protected: remove the password and try again", source=source)
        count = len(reader.pages)
    except EncryptedDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise CorruptDocument("the PDF is damaged and cannot be read", source=source) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        if "encrypt" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise EncryptedDocument("the PDF is password-protected: remove the password and try again", source=source) from exc
        raise CorruptDocument("the PDF is damaged and cannot be read", source=source) from exc
    return reader, count


def _page_lines(page, page_number: int) -> tuple[list[Line], bool]:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False,
                               x_tolerance=1.5, y_tolerance=2.5)
    has_images = bool(page.images)
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 0), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    height = float(page.height or 0)
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in row)
        sizes = Counter()
        for w in row:
            sizes[round(float(w["size"]), 1)] += len(w["text"])
        bold_flags = [_is_bold(w["fontname"]) for w in row]
        lead = []
        if bold_flags and bold_flags[0] and not all(bold_flags):
            for w, flag in zip(row, bold_flags):
                if not flag:
                    break
                lead.append(w["text"])
        lines.append(Line(
            text=text, page=page_number, indent=float(row[0]["x0"]), size=sizes.most_common(1)[0][0],
            bold=all(bold_flags), bold_lead=" ".join(lead), x1=float(row[-1]["x1"]),
            top=float(row[0]["top"]), page_height=height,
            gap_before=float(min(w["top"] for w in row)),  # replaced below by the gap to the line above
            italic=False,
        ))
        lines[-1].bottom = float(max(w["bottom"] for w in row))  # type: ignore[attr-defined]
    return lines, has_images


def _assign_layout(lines: list[Line]) -> None:
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    # One left margin for the document: a page of list items must not look unindented.
    lefts = Counter(round(min(line.indent for line in page_lines)) for page_lines in by_page.values())
    left = min(lefts) if lefts else 0.0
    for page_lines in by_page.values():
        right = max(line.x1 for line in page_lines)
        previous = None
        for line in page_lines:
            line.indent = round(line.indent - left, 1)
            line.right_margin = right - left
            line.x1 = line.x1 - left
            if previous is None:
                line.gap_before = 1.0
            else:
                gap = line.top - getattr(previous, "bottom", previous.top)
                line_height = max(getattr(line, "bottom", line.top) - line.top, 1.0)
                line.gap_before = 1.0 if gap > 0.35 * line_height else 0.0
            previous = line
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    if not sizes:
        return
    body = sizes.most_common(1)[0][0]
    bigger = sorted({line.size for line in lines if line.size >= body * 1.12 and len(line.text.split()) <= 25}, reverse=True)
    rank = {size: n + 1 for n, size in enumerate(bigger)}
    bold_level = len(bigger) + 1
    for line in lines:
        if line.size in rank:
            line.heading_level = rank[line.size]
        elif line.bold and len(line.text.split()) <= 14 and abs(line.size - body) < 0.6 \
                and not line.text.rstrip().endswith((".", ";", ",")):
            line.heading_level = bold_level


#: A word in PDFium's text of a page: what lies between its spaces (the file's and its own)
#: and line ends.
_WORD = re.compile(r"[^\x00-\x20\xa0\ufffe\uffff]+")
#: Codes in that text that need the character asked for (control codes, halves of a
#: character beyond 16 bits).
_ODD = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _PdfiumPage:
    """A page's characters as pieces (baseline, x0, x1, top, size, bold, text, row), measured
    through PDFium's own calls with buffers made once for the whole document; `row` is the
    baseline rounded, which lines are first sorted by.

    `pieces` runs in C (`_pdfwords`, handed the addresses of this PDFium's functions and
    `bold_of`) where that module is built: the same pieces, several times faster. The Python
    here is its reference and the fallback (`words=None`)."""

    def __init__(self, raw, words=_pdfwords):
        import ctypes

        self.raw = raw
        self.loose = raw.FS_RECTF()
        self.loose_ref = ctypes.byref(self.loose)
        self.left, self.right, self.bottom, self.top = (ctypes.c_double() for _ in range(4))
        self.name = ctypes.create_string_buffer(256)
        self.flags_ref = ctypes.byref(ctypes.c_int())
        self.bold_by_name: dict[bytes, bool] = {}
        # The calls made for every word, declared with plain addresses: the run a character
        # was drawn in comes back comparable (unlike a pointer), and no argument is converted.
        def plain(function, result, *arguments):
            return ctypes.CFUNCTYPE(result, *arguments)(ctypes.cast(function, ctypes.c_void_p).value)

        self.text_object = plain(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
        self.loose_box = plain(raw.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                               ctypes.c_void_p)
        self.loose_address = ctypes.addressof(self.loose)
        # The loose box's four numbers (left, top, right, bottom) read in one step.
        self.loose_values = memoryview(self.loose).cast("B").cast("f").tolist
        self.c_void_p = ctypes.c_void_p
        self.words = None
        if words is not None:
            calls = tuple(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value for name in words.CALLS)
            self.words = words.Reader(calls, self.bold_of)

    def bold_of(self, name: bytes) -> bool:
        """Whether a font of this name (as PDFium gives it) is bold, asked once per name."""
        bold = self.bold_by_name.get(name)
        if bold is None:
            bold = self.bold_by_name[name] = _is_bold(name.decode("latin-1", "replace"))
        return bold

    def box(self, handle, index: int) -> tuple[float, float, float, float]:
        """(bottom, left, right, top) of a character: its loose box (the font's height, the
        same for every letter of a line), or its tight one."""
        if self.raw.FPDFText_GetLooseCharBox(handle, index, self.loose_ref):
            loose = self.loose
            return loose.bottom, loose.left, loose.right, loose.top
        self.raw.FPDFText_GetCharBox(handle, index, self.left, self.right, self.bottom, self.top)
        return self.bottom.value, self.left.value, self.right.value, self.top.value

    def font(self, handle, index: int) -> tuple[float, bool]:
        raw = self.raw
        raw.FPDFText_GetFontInfo(handle, index, self.name, 256, self.flags_ref)
        bold = self.bold_of(self.name.value)
        return round(raw.FPDFText_GetFontSize(handle, index), 1), bold

    def char(self, handle, index: int, code: int, height: float, after_high: bool = False) -> tuple | None:
        """One character as a piece, or None for a space, a line end or a code with no text.
        `after_high`: the character before is the first half of one beyond 16 bits, which
        PDFium gives as two characters (the same box, a half each); the second half is kept,
        and parse_pdf makes the pair one character again."""
        raw = self.raw
        if code < 32 or code >= 0xFFFE:  # a control code in the page's text: ask for the character
            code = raw.FPDFText_GetUnicode(handle, index)
        if code == 2:  # PDFium's code for a hyphen at the end of a line
            code = 45
        if code in (0, 10, 13, 32, 0xA0, 0xFFFE) or code < 32 or 0xD800 <= code <= 0xDFFF:
            if 0xD800 <= code <= 0xDBFF:
                code = raw.FPDFText_GetUnicode(handle, index)  # a character beyond 16 bits
            elif not (after_high and 0xDC00 <= code <= 0xDFFF):
                return None
        bottom, left, right, top = self.box(handle, index)
        size, bold = self.font(handle, index)
        return (height - bottom, left, right, height - top, size, bold, chr(code), round(height - bottom))

    def pieces(self, textpage, height: float) -> list[tuple]:
        """The page's words, each measured at its first and last character only (a call per
        character was most of an import's time). A word drawn in two runs (two fonts, a
        superscript) or as wide as a gap is read a character at a time."""
        import ctypes

        if self.words is not None:
            return self.words.pieces(ctypes.cast(textpage.raw, self.c_void_p).value, height)
        raw = self.raw
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return []
        # The page's characters in one call (UTF-16, one unit per character index).
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        got = raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        units = buffer.raw[: max(got - 1, 0) * 2]
        text = units.decode("utf-16-le", "surrogatepass")
        if len(text) != len(units) // 2:  # a pair of halves read as one character: index by unit
            text = "".join(map(chr, memoryview(units).cast("H")))
        if len(text) < count:
            text += "\x00" * (count - len(text))  # asked for one at a time below
        odd = [match.start() for match in _ODD.finditer(text)]
        if odd:
            chars = list(text)
            for index in odd:
                piece = self.char(handle, index, ord(chars[index]), height,
                                  after_high=index > 0 and "\ud800" <= chars[index - 1] <= "\udbff")
                chars[index] = piece[6] if piece else " "
            text = "".join(chars)
        out = []
        append = out.append
        text_object, loose_box, values, at = self.text_object, self.loose_box, self.loose_values, self.loose_address
        address = ctypes.cast(handle, self.c_void_p).value
        style: dict[int, tuple[float, bool]] = {}
        spans = [match.span() for match in _WORD.finditer(text)]
        # A run's characters follow one another, so a word whose next word starts in the same
        # run lies wholly in it; only the last word of each run is asked about its last character.
        runs = [text_object(address, first) for first, _end in spans]
        runs.append(None)
        following = iter(runs)
        next(following)
        for (first, end), run, next_run in zip(spans, runs, following):
            last = end - 1
            if last > first and next_run != run and text_object(address, last) != run:
                out.extend(self._one_by_one(handle, text, first, last, height))
                continue
            font = style.get(run)
            if font is None:
                size, bold = self.font(handle, first)
                font = style[run] = (size, bold, size if size > 4.0 else 4.0)
            if loose_box(address, first, at):
                left, top, right, bottom = values()
            else:
                bottom, left, right, top = self.box(handle, first)
            if last > first:
                if loose_box(address, last, at):
                    end_left, end_top, right, end_bottom = values()
                else:
                    end_bottom, end_left, right, end_top = self.box(handle, last)
                if abs(end_bottom - bottom) > 0.5 or abs(end_top - top) > 0.5 or end_left < left \
                        or right - left > font[2] * (end - first):
                    out.extend(self._one_by_one(handle, text, first, last, height))
                    continue
            baseline = height - bottom
            append((baseline, left, right, height - top, font[0], font[1], text[first:end], round(baseline)))
        return out

    def _one_by_one(self, handle, text: str, first: int, last: int, height: float) -> list[tuple]:
        out = []
        for index in range(first, last + 1):
            bottom, left, right, top = self.box(handle, index)
            size, bold = self.font(handle, index)
            out.append((height - bottom, left, right, height - top, size, bold, text[index], round(height - bottom)))
        return out


def _pdfium_lines(data: bytes, drawn: list[int] | None = None) -> tuple[list[Line], bool]:
    """Every printed line with its font, read by PDFium (C++, through pypdfium2).

    Words come in drawing order (a list's numbers may be drawn after its text), so they are
    grouped by baseline and sorted left to right before lines are made.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        count = len(document)
        half = count // 2 if count >= SPLIT_PAGES and threading.active_count() == 1 and _spare_core() else count
        helper = _SecondReader(data, range(half, count), drawn is not None) if half < count else None
        lines, images = _read_pages(document, range(half), drawn)
    finally:
        document.close()
    if helper is not None:
        rest = helper.answer()
        if rest is None:  # it failed: read its pages here, to fail (or not) as one reader would
            document = pdfium.PdfDocument(data)
            try:
                rest = (*_read_pages(document, range(half, count), drawn), None)
            finally:
                document.close()
        elif drawn is not None:
            drawn.extend(rest[2])
        lines.extend(rest[0])
        images = images or rest[1]
    return lines, images


#: A PDF of this many pages or more is read by two processes, half the pages each: below it,
#: forking and sending the lines back cost more than the second half's reading saves.
SPLIT_PAGES = 24


def _spare_core() -> bool:
    """Whether a second reader would find a processor free: more processors than the machine's
    load over the last minute. On a busy machine it would only add the forking and the sending
    back of its lines (about 0.06 s of CPU on a 100-page plan) to the same wall-clock time."""
    try:
        return len(os.sched_getaffinity(0)) - os.getloadavg()[0] >= 1
    except (AttributeError, OSError):
        return False


def _read_pages(document, numbers: range, drawn: list[int] | None) -> tuple[list[Line], bool]:
    """The lines of these pages (from 0) of an open document, and whether one without text
    holds an image; pages with enough drawn to rule a table are added to `drawn`."""
    import pypdfium2.raw as raw

    lines: list[Line] = []
    images = False
    reader = _PdfiumPage(raw)
    for number in numbers:
        page = document[number]
        height = float(page.get_height())
        textpage = page.get_textpage()
        if raw.FPDFText_CountChars(textpage.raw) <= 0 and not images:
            images = any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=1))
        pieces = reader.pieces(textpage, height)
        textpage.close()
        if drawn is not None and _has_paths(page):
            drawn.append(number + 1)
        page.close()
        lines.extend(_chars_to_lines(pieces, number + 1, height))
    return lines, images


class _SecondReader:
    """The later pages of a long PDF read by a forked copy of this (single-threaded, reading)
    process, which opens the document itself and sends back (lines, images, drawn pages).

    It inherits this process's limits, each its own (docs/adr/0031): a page needs the same
    memory in either reader. It dies with this process. Any failure of it (an error, memory,
    CPU) comes back as no answer, and its pages are then read here, so the document is read,
    or refused, exactly as by one reader."""

    def __init__(self, data: bytes, numbers: range, want_drawn: bool):
        self.out, into = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.close(self.out)
                _die_with_parent()
                import pypdfium2 as pdfium

                document = pdfium.PdfDocument(data)
                drawn: list[int] = []
                lines, images = _read_pages(document, numbers, drawn if want_drawn else None)
                payload = pickle.dumps((lines, images, drawn), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(into, "wb") as answer:
                    answer.write(payload)
            finally:
                os._exit(0)
        os.close(into)

    def answer(self) -> tuple | None:
        with os.fdopen(self.out, "rb") as answer:
            payload = answer.read()
        _pid, status = os.waitpid(self.pid, 0)
        if status != 0 or not payload:
            return None
        return pickle.loads(payload)


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent ends (a parent killed at its time limit)."""
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        os._exit(1)


#: The count of a (size, count) pair: the most common size is the first with the largest count.
_COUNT = operator.itemgetter(1)


def _chars_to_lines(chars: list[tuple], page_number: int, height: float) -> list[Line]:
    """(baseline, x0, x1, top, size, bold, text, row) of each word or character -> lines, in
    reading order."""
    rows: list[list[tuple]] = []
    letters, marks = [], []
    has_letter = _LETTER.search
    for c in chars:
        (letters if c[6][0].isalnum() or has_letter(c[6]) else marks).append(c)
    letters.sort(key=_ROW_ORDER)
    row: list[tuple] | None = None
    head = head_size = 0.0  # the baseline and size of the row's first letter
    for char in letters:
        if row is not None:
            size = char[4]
            tolerance = head_size if head_size > size else size  # max(head's, this, 4.0)
            if abs(head - char[0]) <= (tolerance if tolerance > 4.0 else 4.0) * 0.25:
                row.append(char)
                continue
        row = [char]
        rows.append(row)
        head, head_size = char[0], char[4]
    # Punctuation and bullets sit above or below the baseline: put each in the line whose
    # letters it overlaps (an apostrophe, a bullet), or on a line of its own.
    if marks:
        spans = [(min(c[3] for c in r), max(c[0] for c in r)) for r in rows]
        for char in marks:
            centre = (char[3] + char[0]) / 2
            best, best_distance = None, None
            for number, (row_top, row_bottom) in enumerate(spans):
                if row_top - 1 <= centre <= row_bottom + 1:
                    distance = abs(centre - (row_top + row_bottom) / 2)
                    if best is None or distance < best_distance:
                        best, best_distance = number, distance
            if best is None:
                rows.append([char])
                spans.append((char[3], char[0]))
            else:
                rows[best].append(char)
    placed = [(min(c[3] for c in row), row[0][1], row) for row in rows]
    placed.sort(key=_ROW_ORDER_PLACED)
    out = []
    for top, _x0, row in placed:
        row.sort(key=_X0)
        head = row[0]
        box = [head[1], head[2], head[6]]
        boxes = [box]  # [x0, x1, text] of each word, for reading tables
        bottom, line_size, mixed = head[0], head[4], False
        widest = 0.0  # the widest gap between two words
        for char in row[1:]:
            x0, size, piece = char[1], char[4], char[6]
            if x0 - box[1] > (size if size > 4.0 else 4.0) * 0.12:
                if x0 - box[1] > widest:
                    widest = x0 - box[1]
                box = [x0, char[2], piece]
                boxes.append(box)
            else:
                box[1] = char[2]
                box[2] += piece
            if size != line_size:
                mixed = True
            if char[0] > bottom:
                bottom = char[0]
        if mixed:  # the size most of its characters are set in
            sizes: dict[float, int] = {}
            for char in row:
                sizes[char[4]] = sizes.get(char[4], 0) + len(char[6])
            line_size = max(sizes.items(), key=_COUNT)[0]
        text = " ".join([b[2] for b in boxes]).strip()
        if not text:
            continue
        bold_flags = [c[5] for c in row]
        bold = all(bold_flags)
        lead = ""
        if bold_flags[0] and not bold:
            first_plain = bold_flags.index(False)
            # The bold run, in whole words, as it appears in the text.
            bold_chars = "".join([c[6] for c in row[:first_plain]])
            taken, consumed = [], 0
            for word in text.split():
                if consumed + len(word) <= len(bold_chars):
                    taken.append(word)
                    consumed += len(word)
                else:
                    break
            lead = " ".join(taken)
        line = Line(text=text, page=page_number, indent=row[0][1], size=line_size,
                    bold=bold, bold_lead=lead, x1=row[-1][2], top=top, page_height=height,
                    words=boxes)
        line.bottom = bottom  # type: ignore[attr-defined]
        line.widest_gap = widest  # type: ignore[attr-defined]
        out.append(line)
    return out


#: Letters and figures (str.isalnum): a piece without one is punctuation or a bullet.
_LETTER = re.compile(r"[^\W_]")
#: Pieces by rounded baseline, then left to right; placed rows by top, then left edge.
_ROW_ORDER = operator.itemgetter(7, 1)
_X0 = operator.itemgetter(1)
_ROW_ORDER_PLACED = operator.itemgetter(0, 1)


#: A gap this many ems wide between words sets them apart as the cells of a table's header.
_CELL_GAP = 1.1
_DATE_HEAD = re.compile(r"\b(date|dates|when|target|deadline|timescales?|timing|by when|due|quarter)\b", re.IGNORECASE)
_OWNER_HEAD = re.compile(r"\b(owner|lead|responsible|who|officer)\b", re.IGNORECASE)


def _header_cells(line: Line) -> list[tuple[float, str]] | None:
    """A row of short column names set apart by wide gaps, one of them a date or an owner
    ("Action     By when     Lead officer"): [(where the column starts, its name)]."""
    if not line.words or len(line.words) < 2:
        return None
    em = max(line.size, 4.0)
    if getattr(line, "widest_gap", em * _CELL_GAP) < em * _CELL_GAP:
        return None  # its words are all closer together than a table's cells
    cells: list[list] = []
    for x0, x1, text in line.words:
        if cells and x0 - cells[-1][1] <= em * _CELL_GAP:
            cells[-1][1] = x1
            cells[-1][2] += " " + text
        else:
            cells.append([x0, x1, text])
    names = [c[2] for c in cells]
    if len(cells) < 2 or not all(len(n.split()) <= 4 and ":" not in n.rstrip(":") for n in names) \
            or not any(_DATE_HEAD.search(n) or _OWNER_HEAD.search(n) for n in names):
        return None
    return [(c[0], c[2]) for c in cells]


def _columns_of(line: Line, starts: list[float]) -> list[str] | None:
    """The line's words by column, or None when the line does not sit in the table's columns
    (a word runs across a column's edge, or words either side of it are only a space apart)."""
    em = max(line.size, 4.0)
    words = line.words or [(line.indent, line.x1, line.text)]
    if words[0][0] < starts[0] - em:
        return None
    out = [""] * len(starts)
    for number, start in enumerate(starts[1:], start=1):
        before = [w for w in words if w[0] < start - em * 0.3]
        after = [w for w in words if w[0] >= start - em * 0.3]
        if before and before[-1][1] > start - em * 0.15:
            return None
        if before and after and after[0][0] - before[-1][1] < em * 0.4:
            return None
    for x0, _x1, text in words:
        column = max(n for n, start in enumerate(starts) if n == 0 or x0 >= start - em * 0.3)
        out[column] = f"{out[column]} {text}".strip()
    return out


def find_tables(lines: list[Line]) -> list[Line]:
    """Lines laid out under a header row of column names become one table line.

    A row starts where the first column has text; a line with the first column empty, or
    close under the row above with text only in the first column, carries on the cells of
    the row above (a cell's text wrapped onto a second line). The table ends at a line that
    does not keep to its columns, or after a wide gap.
    """
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        header = _header_cells(line)
        if header is None:
            out.append(line)
            index += 1
            continue
        starts = [start for start, _ in header]
        rows = [[name for _, name in header]]
        previous = line
        scan = index + 1
        while scan < len(lines):
            candidate = lines[scan]
            line_height = max(getattr(candidate, "bottom", candidate.top) - candidate.top, 1.0)
            gap = candidate.top - getattr(previous, "bottom", previous.top)
            if (candidate.page == previous.page and gap > 2.5 * line_height) or candidate.size > line.size * 1.12:
                break  # a wide gap, or a heading after the table
            columns = _columns_of(candidate, starts)
            if columns is None:
                break
            close = candidate.page == previous.page and gap < 0.45 * line_height
            if len(rows) > 1 and (not columns[0] or (close and not any(columns[1:]))):
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], columns)]
            elif columns[0]:
                rows.append(columns)
            else:
                break
            previous = candidate
            scan += 1
        if len(rows) < 2:
            out.append(line)
            index += 1
            continue
        table = Line(text=" | ".join(rows[0]), page=line.page, indent=line.indent, size=line.size, top=line.top,
                     x1=max(item.x1 for item in lines[index:scan]), page_height=line.page_height, table=rows)
        table.bottom = getattr(lines[scan - 1], "bottom", lines[scan - 1].top)  # type: ignore[attr-defined]
        out.append(table)
        index = scan
    return out


#: Ruled tables: cells bounded by drawn lines on all sides (what Word, LibreOffice and a
#: browser print for a table with borders). pdfplumber's own table finder reads them.
_RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
          "join_tolerance": 3, "intersection_tolerance": 3}


def _pages_with_paths(data: bytes) -> list[int]:
    """Pages (from 1) on which anything is drawn: only they can hold a ruled table, and
    only they are handed to pdfplumber, whose layout analysis is much slower than PDFium."""
    import pypdfium2 as pdfium

    pages = []
    document = pdfium.PdfDocument(data)
    try:
        for number in range(len(document)):
            page = document[number]
            if _has_paths(page):
                pages.append(number + 1)
            page.close()
    finally:
        document.close()
    return pages


def _has_paths(page) -> bool:
    """Whether enough is drawn on the page (top-level objects, in PDFium's own calls) to rule a
    table: rules down at three places or more (two columns) and across at two heights or more,
    places closer than pdfplumber's snapping counted as one. pdfplumber reads a page in about
    as long as PDFium reads a whole document, so a page whose drawing is a rule under its
    header, a box round a note or a banner is not handed to it. A curve may be anything: its
    page is handed on."""
    import ctypes

    import pypdfium2.raw as raw

    handle = page.raw
    path = raw.FPDF_PAGEOBJ_PATH
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = raw.FS_MATRIX()
    across: list[float] = []  # heights of the rules across (each side of a box is one)
    down: list[float] = []  # places of the rules down
    for index in range(raw.FPDFPage_CountObjects(handle)):
        drawn = raw.FPDFPage_GetObject(handle, index)
        if raw.FPDFPageObj_GetType(drawn) != path:
            continue
        if not raw.FPDFPageObj_GetMatrix(drawn, matrix):
            return True
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = current = None
        for number in range(raw.FPDFPath_CountSegments(drawn)):
            segment = raw.FPDFPath_GetPathSegment(drawn, number)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind not in (raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO) \
                    or not raw.FPDFPathSegment_GetPoint(segment, x, y):
                return True
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if kind == raw.FPDF_SEGMENT_MOVETO or current is None:
                start = current = point
                continue
            ends = [(current, point)]
            if raw.FPDFPathSegment_GetClose(segment):
                ends.append((point, start))
            for (x0, y0), (x1, y1) in ends:
                if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > 0.5:
                    across.append((y0 + y1) / 2)
                elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > 0.5:
                    down.append((x0 + x1) / 2)
            current = point
    # Two rows of two cells (a row the page broke has its open end closed by _open_row_ends).
    return _places(across) >= 2 and _places(down) >= 3


def _places(values: list[float]) -> int:
    """How many places the values make, those within pdfplumber's snapping of the next one
    counted as one (as it clusters edges)."""
    count, last = 0, None
    for value in sorted(values):
        if last is None or value - last > _RULE_SNAP:
            count += 1
        last = value
    return count


#: pdfplumber's snap tolerance for ruled tables (_RULED): edges this close are one.
_RULE_SNAP = 3.0


def _cell_text(cell: str | None) -> str:
    """A cell's text as one value: the lines it wraps over joined ("Housing\nManager")."""
    text = re.sub(r"(?<=[^\W\d]-)\n(?=[^\W\d])", "", cell or "")  # "self-\nservice"
    return " ".join(text.split())


def _ruled_tables(data: bytes, pages: list[int]) -> dict[int, list[tuple]]:
    """{page: [(bbox, rows of cells, (open at the top, open at the bottom))]} for every
    ruled table of two rows or more."""
    import pdfplumber

    found: dict[int, list] = {}
    with pdfplumber.open(io.BytesIO(data), pages=pages) as pdf:
        for page in pdf.pages:
            closing, open_ends = _open_row_ends(page)
            settings = dict(_RULED, explicit_horizontal_lines=closing) if closing else _RULED
            for table in page.find_tables(settings):
                rows = [[_cell_text(cell) for cell in row] for row in table.extract()]
                if len(rows) < 2 or max(len(row) for row in rows) < 2:
                    continue
                x0, top, x1, bottom = table.bbox
                # A row broken by the page: its cells carry on in the next page's first row.
                split = (any(abs(y - top) <= 1 for y in open_ends), any(abs(y - bottom) <= 1 for y in open_ends))
                found.setdefault(page.page_number, []).append((table.bbox, rows, split))
    return found


def _open_row_ends(page) -> tuple[list[dict], list[float]]:
    """Where a table's side rules stop with no rule across them: a row broken by the page
    (browsers and Word leave it open). Lines to close those cells, and where they are."""
    edges = page.edges
    across = [e for e in edges if e["orientation"] == "h"]
    side = [e for e in edges if e["orientation"] == "v"]
    ends: dict[float, list[float]] = {}
    for edge in side:
        for y in (edge["top"], edge["bottom"]):
            if not any(abs(h["top"] - y) <= 3 and h["x0"] - 3 <= edge["x0"] <= h["x1"] + 3 for h in across):
                ends.setdefault(round(y), []).append(edge["x0"])
    lines, where = [], []
    for y, xs in ends.items():
        if len(xs) >= 2:
            lines.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": float(y), "bottom": float(y),
                          "width": max(xs) - min(xs), "height": 0.0, "doctop": page.initial_doctop + y})
            where.append(float(y))
    return lines, where


def read_ruled_tables(data: bytes, lines: list[Line], drawn: list[int] | None = None) -> list[Line]:
    """Replace the printed lines inside each ruled table by one table line (rows of cells),
    the same structure a Word table gives; pages without one keep their lines as they are.

    A table carried on to the next page with the same columns is one table: its header row
    printed again is dropped later (tree._table_rows), a continuation without one is kept.
    """
    pages = _pages_with_paths(data) if drawn is None else drawn
    if not pages:
        return lines
    try:
        tables = _ruled_tables(data, pages)
    except Exception:  # noqa: BLE001 - a file pdfplumber cannot read keeps the text reading
        return lines
    if not tables:
        return lines
    out: list[Line] = []
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    last_table: Line | None = None
    last_page = 0  # the page the last table ends on
    for page_number in sorted(by_page):
        page_lines = by_page[page_number]
        placed: list[Line] = []
        for (x0, top, x1, bottom), rows, (open_top, _open_bottom) in tables.get(page_number, []):
            inside = [line for line in page_lines
                      if top - 1 <= (line.top + getattr(line, "bottom", line.top)) / 2 <= bottom + 1
                      and line.indent < x1 and line.x1 > x0]
            if not inside:
                continue
            page_lines = [line for line in page_lines if not any(line is item for item in inside)]
            if last_table is not None and last_page == page_number - 1 \
                    and len(last_table.table[0]) == len(rows[0]) and not placed \
                    and not any(line.top < top and line.table is None and _between_tables(line)
                                for line in page_lines):
                header = last_table.table[0]
                body = rows[1:] if rows[0] == header else rows
                if body and getattr(last_table, "open_bottom", False) and (open_top or rows[0] == header):
                    # The row the page broke: its two parts are one row, cell by cell.
                    last_table.table[-1] = [f"{a} {b}".strip() for a, b in zip(last_table.table[-1], body[0])]
                    body = body[1:]
                last_table.table.extend(body)  # the same table, carried on
                last_table.open_bottom = _open_bottom  # type: ignore[attr-defined]
                last_page = page_number
                continue
            table = Line(text=" | ".join(rows[0]), page=page_number, indent=float(x0), size=inside[0].size,
                         top=float(top), x1=float(x1), page_height=inside[0].page_height, table=rows)
            table.bottom = float(bottom)  # type: ignore[attr-defined]
            table.open_bottom = _open_bottom  # type: ignore[attr-defined]
            placed.append(table)
        if placed:
            page_lines = sorted(page_lines + placed, key=lambda line: line.top)
            last_table, last_page = placed[-1], page_number
        out.extend(page_lines)
    return out


def _between_tables(line: Line) -> bool:
    """A line above a table that is text of the page, not its running header (top tenth)."""
    return not (line.page_height and line.top < line.page_height * 0.1)


def _pdfplumber_lines(data: bytes) -> tuple[list[Line], bool]:
    import pdfplumber

    lines: list[Line] = []
    images = False
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            page_lines, has_images = _page_lines(page, number)
            images = images or has_images
            lines.extend(page_lines)
    return lines, images


#: Half of a character beyond 16 bits (an emoji, a mathematical letter): PDFium reads one as two.
_HALF = re.compile("[\ud800-\udfff]")


def _whole(text: str) -> str:
    """Each pair of halves as the one character it is; a half without its pair as U+FFFD, the
    mark for a character that could not be read (a lone half cannot be stored or shown)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace") if _HALF.search(text) else text


def _make_whole(lines: list[Line]) -> None:
    """The lines' text, cells and bold leads with whole characters."""
    for line in lines:
        line.text, line.bold_lead = _whole(line.text), _whole(line.bold_lead)
        if line.table:
            line.table = [[_whole(cell) for cell in row] for row in line.table]


def _plain_text(lines: list[Line]) -> str:
    """The document's text as shown beside the draft: a table a row a line, cells split by |."""
    return "\n".join("\n".join(" | ".join(row) for row in line.table) if line.table else line.text for line in lines)


def parse_pdf(data: bytes, source: str, *, reader: str = "pdfium") -> Document:
    """Read a PDF's lines with their fonts. PDFium first (fast), pdfplumber if PDFium fails,
    pypdf's plain text as the last resort."""
    pypdf_reader, count = _open_checked(data, source)
    lines: list[Line] = []
    images = False
    readers = [_pdfium_lines, _pdfplumber_lines] if reader == "pdfium" else [_pdfplumber_lines, _pdfium_lines]
    reader_used = None
    drawn: list[int] = []
    for read in readers:
        try:
            drawn.clear()
            lines, images = read(data, drawn) if read is _pdfium_lines else read(data)
            reader_used = read
            break
        except Exception:  # noqa: BLE001 - try the next reader
            lines = []
    if not lines:
        if pypdf_reader is None:
            pypdf_reader, _count = _pypdf_checked(data, source)
        for number, page in enumerate(pypdf_reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception:  # noqa: BLE001
                text = ""
            for row in text.splitlines():
                if row.strip():
                    lines.append(Line(text=row.strip(), page=number))
            try:
                images = images or bool(page.images)
            except Exception:  # noqa: BLE001
                pass
    if not any(line.text.strip() for line in lines):
        raise ScannedDocument("no text layer: this looks like a scanned document; run it through OCR first",
                              source=source)
    if reader_used is not None:
        lines = read_ruled_tables(data, lines, drawn if reader_used is _pdfium_lines else None)
    lines = read_columns(find_tables(lines))
    _assign_layout(lines)
    for line in lines:
        if line.table is not None:
            line.heading_level, line.bold = None, False
    text = _plain_text(lines)
    if _HALF.search(text):  # rare: found in the whole text at once, then mended line by line
        _make_whole(lines)
        text = _plain_text(lines)
    return Document(lines=lines, source_name=source, file_type="pdf", text=text, pages=count)

