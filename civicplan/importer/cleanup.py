"""From printed lines to clean blocks: undo line wraps, read list markers, drop page furniture.

Everything here reads layout, never content: how long a line is against the column it sits
in, whether the next line starts in lower case, which glyph or number opens a line, what
repeats at the top or bottom of many pages, which passages the document prints twice.
"""

from __future__ import annotations

import bisect
import operator
import re
import statistics
from collections import Counter, defaultdict
from itertools import accumulate, count

from .document import Block, Document, Line
from .structure.vocab import label_kind

# --------------------------------------------------------------------------- characters

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_TRAILING_FOOTNOTE_MARK = re.compile(rf"(?<=[A-Za-z)\]])[{_SUPERSCRIPTS}]+")


#: Any character normalise_chars changes: most lines have none, and are returned as they are.
_TO_NORMALISE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\ufb00-\ufb04]")
#: Spacing other than a single space (with two spaces running, looked for first): most lines have none.
_ODD_SPACING = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def normalise_chars(text: str) -> str:
    if text.isascii() or not _TO_NORMALISE.search(text):  # all it changes is outside ASCII
        return text
    text = _INVISIBLE.sub("", text)
    for ligature, plain in _LIGATURES.items():
        text = text.replace(ligature, plain)
    return text


def squeeze(text: str) -> str:
    # In ASCII text the only odd spacing is a tab (isascii is known without a scan).
    if "  " not in text and (("\t" not in text) if text.isascii() else not _ODD_SPACING.search(text)):
        return text.strip()
    return _SPACES.sub(" ", text).strip()


# --------------------------------------------------------------------------- list markers

#: Glyphs that always open a bullet item when followed by a space.
BULLET_GLYPHS = frozenset("•·▪■◦●○‣⁃∙-–—−>»➢➤✓✔*§□▫◆◇►▶")
#: Symbol and Wingdings fonts put their glyphs in Unicode's private use area (U+F020-U+F0FF);
#: text extracted from Word or a PDF keeps them ("\uf0b7" is Symbol's bullet). One opening a
#: line is a bullet.
_SYMBOL_FONT = re.compile(r"^[\uf020-\uf0ff]\s*(?=\S)")
#: Letters that PDF extraction makes of bullet glyphs; a bullet only when the document uses
#: them that way several times (a capital letter after them, line after line).
LETTER_GLYPHS = frozenset("eo¢")

_ROMAN = r"(?:x{0,3})(?:ix|iv|v?i{1,3}|v)"
#: The letters a Roman numeral label can start with.
_ROMAN_START = frozenset("ivxIVX")
_RE_PAREN = re.compile(rf"^\((\d{{1,3}}|[a-z]|{_ROMAN}|)\)\s+(?=\S)", re.IGNORECASE)
_RE_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(?=\S)|$)")
_RE_NUMBER = re.compile(r"^(\d{1,3})([.)])(?:\s+(?=\S)|$)")
_RE_NUMBER_SPACED = re.compile(r"^(\d{1,2})(?:\s{2,}|\t)(?=\S)")
_RE_NUMBER_WEAK = re.compile(r"^(\d{1,2}) (?=[A-Z][A-Za-z])")
_RE_LETTER = re.compile(r"^([a-zA-Z])([.)])\s+(?=\S)")
_RE_ROMAN = re.compile(rf"^({_ROMAN}|{_ROMAN.upper()})([.)])\s+(?=\S)")
#: "J. Smith", "A. N. Other": initials, not a list label.
_INITIALS = re.compile(r"^[A-Z]\.\s*(?:[A-Z]\.|[A-Z][a-z]+,)")
_ROMAN_ONLY = re.compile(rf"^{_ROMAN}$", re.IGNORECASE)


def roman_value(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total, previous = 0, 0
    for char in reversed(text.lower()):
        value = values.get(char, 0)
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def parse_marker(text: str, letter_glyphs: frozenset[str] = frozenset()) -> tuple[str, str, str, str, bool] | None:
    """The list marker opening a line: (marker, label, style key, rest, strong) or None.

    marker is bullet, number, decimal, letter or roman; the label is as printed; the style
    key says which markers belong to the same list ("number." and "number_" do not).
    A weak marker ("3 Freedom Pass" with one space) opens an item only when the line before
    has ended.
    """
    if not text:
        return None
    first = text[0]
    symbol = _SYMBOL_FONT.match(text) if "\uf020" <= first <= "\uf0ff" else None
    if symbol:
        text = "• " + text[symbol.end():]
        first = "•"
    if len(text) > 1 and text[1] == " " and (first in BULLET_GLYPHS or first in letter_glyphs):
        rest = text[2:].lstrip()
        if rest:
            inner = parse_marker(rest, letter_glyphs)
            if inner is not None and inner[0] in ("decimal", "number") and inner[4]:
                return inner  # "- 2.3 Wellbeing": extraction put a bullet before a number
            return "bullet", "", "bullet", rest, True
    if first.isalpha() and text[1:2] not in (".", ")") and first not in _ROMAN_START \
            and first not in letter_glyphs and first not in BULLET_GLYPHS:
        return None  # a word: only a letter or a Roman numeral with its point opens a list
    if text.startswith("**") and text[2:3] in BULLET_GLYPHS and text[3:4] == " ":
        return "bullet", "", "bullet", text[4:].lstrip(), True
    match = _RE_PAREN.match(text)
    if match:
        label = match.group(1)
        if label == "" or (_ROMAN_ONLY.match(label) and (len(label) > 1 or label.lower() == "i")):
            marker = "roman"
        elif label.isdigit():
            marker = "number"
        else:
            marker = "letter"
        key = f"(upper-{marker})" if label.isupper() else f"({marker})"  # "(B)" and "(b)" are two lists
        return marker, label, key, text[match.end():], True
    match = _RE_DECIMAL.match(text)
    if match:
        return "decimal", match.group(1), "decimal", text[match.end():], True
    match = _RE_NUMBER.match(text)
    if match:
        return "number", match.group(1), f"number{match.group(2)}", text[match.end():], True
    match = _RE_NUMBER_SPACED.match(text)
    if match:
        return "number", match.group(1), "number_", text[match.end():], True
    match = _RE_NUMBER_WEAK.match(text)
    if match:
        return "number", match.group(1), "number_", text[match.end():], False
    # Upper-case labels ("II.", "B)") need their punctuation, as lower-case ones do: "I" and
    # "A" opening a sentence are words. "J. Smith" is a name.
    match = _RE_ROMAN.match(text)
    if match and len(match.group(1)) > 1:
        case = "upper-" if match.group(1).isupper() else ""
        return "roman", match.group(1), f"{case}roman{match.group(2)}", text[match.end():], True
    match = _RE_LETTER.match(text)
    if match and not (match.group(1).isupper() and _INITIALS.match(text)):
        case = "upper-" if match.group(1).isupper() else ""
        return "letter", match.group(1), f"{case}letter{match.group(2)}", text[match.end():], True
    return None


def letter_glyphs_in_use(lines: list[Line]) -> frozenset[str]:
    """Letters ("e", "o", "¢") that this document's extraction made of its bullet glyphs."""
    counts: Counter[str] = Counter()
    for line in lines:
        text = line.text
        if len(text) > 3 and text[0] in LETTER_GLYPHS and text[1] == " " and text[2].isupper():
            counts[text[0]] += 1
    return frozenset(g for g, n in counts.items() if n >= 3 or (g == "¢" and n >= 1))


# --------------------------------------------------------------------------- page furniture

#: A page number on a line of its own: "3", "Page 3", "3 of 12", "3/12", "- 3 -", "(3)". Not a
#: year or a financial year ("2026", "2025/26", "2025-26", "25/26"), which tables print alone.
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,3}"
    r"|\d{1,4}\s*of\s*\d{1,4}"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|[-–—(]\s*\d{1,3}\s*[-–—)])$",
    re.IGNORECASE,
)
_FINANCIAL_YEAR_PAIR = re.compile(r"^(\d\d)\s*/\s*(\d\d)$")


def _is_page_number(text: str) -> bool:
    if not _PAGE_NUMBER.match(text):
        return False
    pair = _FINANCIAL_YEAR_PAIR.match(text)  # "25/26" is a financial year, "12/40" a page
    return not (pair and int(pair.group(2)) == (int(pair.group(1)) + 1) % 100)


_DIGITS = re.compile(r"\d+")
#: The digits of ASCII text, where \d is only these: found faster than \d's Unicode test.
_ASCII_DIGIT = re.compile(r"[0-9]")


def _furniture_key(text: str) -> str:
    key = squeeze(text).lower()
    if key.isascii() and not _ASCII_DIGIT.search(key):
        return key
    return _DIGITS.sub("#", key)


#: "Corporate Plan 2025-28     Page 3 of 12": a page number printed at the end (or start) of a line.
_PAGE_PHRASE = re.compile(
    r"(?:^|\s)page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$|^page\s*\d{1,4}\s*(?:of|/)\s*\d{1,4}\s", re.IGNORECASE
)
_PAGE_OF = re.compile(r"\bpage\s*\d{1,4}\s*(?:of|/)\s*\d{1,4}\b", re.IGNORECASE)


def drop_page_furniture(lines: list[Line], pages: int) -> list[Line]:
    """Remove running headers and footers, page numbers and bookmark lists.

    A bare page number goes wherever it is; so does a line carrying one at its end ("Plan
    2025-28   Page 3 of 12") when it is printed more than once or says "of N". A line counts
    as a running header or footer when the same words (numbers aside) sit at the top or
    bottom of a third or more of the pages (known from the PDF's layout, or from the form
    feeds of text extracted from a PDF), or when, in text with no pages, they come back
    three times or more beside the page numbers. A PDF of two pages has too few pages to
    count: there, a line printed word for word in the top or bottom margin of both pages, at
    the same height, is the running header or footer.
    """
    keys = [_furniture_key(line.text) for line in lines]
    key_of = {id(line): key for line, key in zip(lines, keys)}
    counts = Counter(keys)
    numbered = [
        _is_page_number(line.text.strip())
        or ("page" in key and bool(_PAGE_PHRASE.search(line.text.strip()))
            and (counts[key] >= 2 or bool(_PAGE_OF.search(line.text))))
        for line, key in zip(lines, keys)
    ]
    # Beside a page number: the running title printed above or below it on every page.
    beside: Counter[str] = Counter()
    for index, line in enumerate(lines):
        if numbered[index]:
            continue
        if (index > 0 and numbered[index - 1]) or (index + 1 < len(lines) and numbered[index + 1]):
            beside[keys[index]] += 1
    running = {key for key, n in beside.items() if n >= 3 and counts[key] - n <= max(1, n // 4)
               and len(key.split()) <= 15}
    out = [line for line, key, gone in zip(lines, keys, numbered) if not gone and key not in running]
    if pages >= 3:
        by_page: dict[int, list[Line]] = defaultdict(list)
        for line in out:
            by_page[line.page].append(line)
        edge_ids = set()
        for page_lines in by_page.values():
            for line in page_lines[:2] + page_lines[-2:]:
                if line.paragraph:  # Word: headers and footers are not in the body at all
                    continue
                if not line.page_height or line.top < 0.065 * line.page_height or line.top > 0.935 * line.page_height:
                    edge_ids.add(id(line))
        bands: dict[str, set[int]] = defaultdict(set)
        elsewhere: Counter[str] = Counter()
        for line in out:
            key = key_of[id(line)]
            if id(line) in edge_ids:
                bands[key].add(line.page)
            else:
                elsewhere[key] += 1
        repeated = {key for key, on in bands.items()
                    if len(on) >= max(3, pages // 2) and elsewhere[key] <= len(on) // 4}
        if repeated:
            out = [line for line in out if not (id(line) in edge_ids and key_of[id(line)] in repeated)]
    elif pages == 2:
        out = _drop_two_page_furniture(out)
    return out


def _drop_two_page_furniture(lines: list[Line]) -> list[Line]:
    """A two-page PDF's running header or footer: the very same line, in the top or bottom
    margin of both pages at the same height. Only those two copies go; the same words in the
    body are content."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    if len(by_page) != 2:
        return lines
    first, second = (by_page[p] for p in sorted(by_page))

    def margin_lines(page_lines: list[Line]) -> list[Line]:
        return [line for line in page_lines[:2] + page_lines[-2:]
                if not line.paragraph and line.table is None and line.page_height
                and (line.top < 0.065 * line.page_height or line.top > 0.935 * line.page_height)]

    drop: set[int] = set()
    for a in margin_lines(first):
        for b in margin_lines(second):
            if squeeze(a.text) == squeeze(b.text) and squeeze(a.text) and abs(a.top - b.top) <= 2.0:
                drop.update((id(a), id(b)))
    return [line for line in lines if id(line) not in drop]


# --------------------------------------------------------------------------- joining lines

_TERMINAL = tuple(".!?:;")
#: Words a printed line cannot end a paragraph on: the sentence carries on below.
_CARRY_ON = frozenset(
    "and or of the to in for with a an by on at from as that which including between within "
    "into across their our its is are be whose than".split()
)
_SENTENCE_END = tuple(".!?")
#: A line opening with a label ("Outcome: more families ...", "Lead officer: ...").
_LABEL_LINE = re.compile(r"^[A-Z][A-Za-z’' -]{1,30}:\s")


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0] if text else ""


def _wrap_width(lines: list[Line]) -> float | None:
    """The column width of a hard-wrapped text file, from lines that certainly wrap."""
    lengths = [
        len(a.text) + a.indent
        for a, b in zip(lines, lines[1:])
        if b.gap_before == 0 and b.text[:1].islower() and len(a.text) > 30
    ]
    if len(lengths) < 5:
        return None
    lengths.sort()
    return lengths[int(0.9 * (len(lengths) - 1))]


def _is_full(prev: Line, nxt: Line, width: float | None, slack: float = 0.0) -> bool:
    """Would the next line's first word have fitted on this one? If not, this line wrapped.
    With `slack` (a share of the column), only a line that stops clearly short is not full."""
    word = _first_word(nxt.text.strip())
    if prev.right_margin:  # PDF: measure in points
        per_char = max((prev.x1 - prev.indent) / max(len(prev.text), 1), 1.0) if prev.x1 else 5.0
        return prev.x1 + per_char * (len(word) + 1) > prev.right_margin - per_char * 0.5 - slack * prev.right_margin
    if width is None:
        return False
    return len(prev.text) + prev.indent + 1 + len(word) > width - 2 - slack * width


#: "self- service": a compound word broken at its hyphen at the end of a printed line.
_BROKEN_COMPOUND = re.compile(r"(\w)- (?=[a-z])")


def join_lines(doc: Document) -> list[Block]:
    """Undo line wraps: printed lines become paragraphs, list items and headings."""
    lines = doc.lines
    glyphs = letter_glyphs_in_use(lines)
    width = _wrap_width(lines) if doc.file_type in ("txt", "md") else None
    blocks: list[Block] = []
    current: list[Line] = []
    marker_info = None

    def flush():
        nonlocal current, marker_info
        if not current:
            return
        first = current[0]
        squeezed = [squeeze(line.text) for line in current]  # normalised as they were read below
        text = " ".join(squeezed)
        if doc.file_type == "pdf" and "- " in text:
            text = _BROKEN_COMPOUND.sub(r"\1-", text)
        block = Block(text=text, indent=first.indent, page=first.page, size=first.size,
                      bold=first.bold if len(current) == 1 else all(line.bold for line in current),
                      bold_lead=first.bold_lead,
                      heading_level=first.heading_level, list_level=first.list_level,
                      list_id=first.list_id, lineno=first.lineno, table=first.table)
        block.last_lineno = current[-1].lineno
        if first.page_height:  # PDF: where it was printed, for the review page
            block.box = _box([line for line in current if line.page == first.page])
        if first.table is not None:
            block.role = "table"
        elif marker_info is not None and first.heading_level is not None:
            marker, label, key, rest, _strong = marker_info  # a numbered heading: "2.1 London's Future"
            if marker in ("number", "decimal", "roman", "letter"):
                block.marker, block.label, block.style_key = marker, label, key
                block.text = squeeze(normalise_chars(rest)) + text[len(squeezed[0]):]
                block.text = squeeze(block.text)
        elif marker_info is not None:
            marker, label, key, rest, _strong = marker_info
            block.role, block.marker, block.label, block.style_key = "item", marker, label, key
            block.text = squeeze(normalise_chars(rest)) + text[len(squeezed[0]):]
            block.text = squeeze(block.text)
        elif first.list_format:
            block.role = "item"
            block.marker = _marker_for_format(first.list_format)
            block.label = first.list_label
            block.style_key = f"word:{first.list_id}:{first.list_level}"
        current, marker_info = [], None
        if block.text or block.table or block.role == "item":
            blocks.append(block)

    spaced = _double_spaced(lines) if doc.file_type in ("txt", "md") else None  # asked only there
    previous: Line | None = None
    for index, line in enumerate(lines):
        line.text = normalise_chars(line.text)
        info = None if (line.paragraph and line.list_format) else parse_marker(line.text.strip(), glyphs)
        start = True
        if previous is not None and current and not line.paragraph and not previous.paragraph and line.table is None:
            start = _starts_new_block(previous, line, info, width, doc.file_type)
            if start and info is None and line.gap_before == 1 and spaced is not None and spaced[index] \
                    and previous.page == line.page and previous.heading_level == line.heading_level \
                    and not previous.text.rstrip().endswith(_TERMINAL) and _is_full(previous, line, width):
                start = False  # text printed with a blank line after every line
            if start and marker_info is not None and info is None and line.gap_before == 0 and previous.page == line.page \
                    and line.heading_level is None and not _is_pdf_break(previous, line, doc.file_type) \
                    and not (_LABEL_LINE.match(line.text) and (width is not None or doc.file_type == "pdf")
                             and not _is_full(previous, line, width, slack=0.15)) \
                    and not (label_kind(line.text) and (previous.text.rstrip().endswith(_TERMINAL + (")",))
                                                        or (line.text[:1].isupper() and not _is_full(previous, line, width)))):
                start = False  # the rest of a list item, printed on the lines below it
        if start:
            flush()
            marker_info = info
        current.append(line)
        previous = line
        if line.paragraph or line.table is not None:
            flush()
            previous = None
    flush()
    return blocks


def _box(lines: list[Line]) -> tuple[float, float, float, float]:
    """Where lines were printed on their page: the least left and top, the most right and
    bottom (in one pass; the first of equal values is kept, as min and max keep it)."""
    first = lines[0]
    x0, top = first.indent, first.top
    x1 = first.x1 or first.indent
    bottom = getattr(first, "bottom", 0.0) or first.top + (first.size or 10) * 1.2
    for line in lines[1:]:
        right = line.x1 or line.indent
        low = getattr(line, "bottom", 0.0) or line.top + (line.size or 10) * 1.2
        if line.indent < x0:
            x0 = line.indent
        if line.top < top:
            top = line.top
        if right > x1:
            x1 = right
        if low > bottom:
            bottom = low
    return x0, top, x1, bottom


def _double_spaced(lines: list[Line]) -> list[bool]:
    """Where lines are printed with blank lines between them: a paragraph's lines are then
    separated by blanks too (seen from lines nearby that carry on in lower case)."""
    wraps = [
        i > 0 and line.gap_before >= 1 and line.text[:1].islower()
        and not lines[i - 1].text.rstrip().endswith(_SENTENCE_END + (":",))
        for i, line in enumerate(lines)
    ]
    out = [False] * len(lines)
    for j, wrap in enumerate(wraps):  # a wrap marks the lines up to four either side of it
        if wrap:
            out[max(0, j - 4):j + 5] = [True] * (min(len(lines), j + 5) - max(0, j - 4))
    return out


def _is_pdf_break(prev: Line, line: Line, file_type: str) -> bool:
    """In a PDF, a list item's next lines sit right of its marker; a new paragraph does not."""
    if file_type != "pdf":
        return False
    return line.indent + 2 < prev.indent or (prev.bold != line.bold) or abs(prev.size - line.size) > 0.6


def _marker_for_format(fmt: str) -> str:
    return {
        "decimal": "number", "lowerLetter": "letter", "upperLetter": "letter",
        "lowerRoman": "roman", "upperRoman": "roman", "bullet": "bullet", "decimalMulti": "decimal",
    }.get(fmt, "number")


def _starts_new_block(prev: Line, line: Line, info, width, file_type: str) -> bool:
    text = line.text.strip()
    prev_text = prev.text.rstrip()
    if prev.heading_level != line.heading_level:
        return True
    if prev.page != line.page and line.gap_before == 0:
        gap = 1
    else:
        gap = line.gap_before
    ends = prev_text.endswith(_TERMINAL)
    lower = text[:1].islower()
    # Whether the line above is full is measured only on the paths that ask (at most once each).
    if info is not None:
        full = _is_full(prev, line, width)
        strong = info[4]
        if strong:
            # "1.2 million older ..." after a line that wrapped mid-sentence stays joined.
            if info[0] == "decimal" and not ends and full and gap == 0:
                return False
            # "... agreed with" / "A. Housing Trust": an initial carried onto the next line.
            if info[2] == "upper-letter." and not ends and full and gap == 0 and not prev_text.endswith(":"):
                return False
            return True
        return ends or gap > 0 or not full
    if prev.heading_level is not None:
        return gap > 0 or not _is_full(prev, line, width)
    if file_type == "pdf" and abs(line.size - prev.size) > 0.6 and prev.size and line.size:
        return True
    if file_type == "pdf" and prev.bold != line.bold and gap == 0 and not lower:
        return True
    first_token = _first_word(text)
    last_word = prev_text.rsplit(" ", 1)[-1]
    if prev_text.endswith(",") or (last_word in _CARRY_ON):
        return False
    if gap >= 1 and not prev_text.endswith(_TERMINAL) and len(text.split()) <= 6 and text.endswith(_SENTENCE_END) \
            and not text[:1].isdigit() and prev.heading_level is None and len(prev_text.split()) > 8:
        return False  # the last words of a paragraph, carried past a page break
    if first_token[-1:] in ",;)" or (first_token[-1:] == "." and len(first_token) > 3 and first_token[:1].isupper() and " " not in text[: len(first_token) + 1].strip()):
        # The last word of a sentence carried onto a line of its own ("London."), unless the
        # line above stopped short: "Legal implications" / "None." is a heading and its text.
        if not prev_text.endswith(_TERMINAL) and (
                _is_full(prev, line, width) or (width is None and not prev.right_margin and line.gap_before == 0)):
            return False
    if gap == 0:
        if lower:
            return False
        if ends:
            return not (_is_full(prev, line, width) and not prev_text.endswith(":"))
        return not _is_full(prev, line, width)
    # Blank lines between: a paragraph that ran over a page break, or one printed with
    # blank lines between its lines, carries on.
    if lower and not prev_text.endswith(_SENTENCE_END + (":",)):
        return False
    return True


# --------------------------------------------------------------------------- block fixes

_MD_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*\s*")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(?=\S)(.+?)(?<=\S)\*{1,2}(?![\w*])")


def strip_markdown(block: Block) -> None:
    if "*" not in block.text:
        return
    match = _MD_BOLD_LEAD.match(block.text)
    if match and not block.bold_lead:
        block.bold_lead = match.group(1).strip()
    block.text = _MD_EMPHASIS.sub(r"\1", block.text)
    block.text = block.text.replace("**", "")


def drop_footnotes(blocks: list[Block]) -> list[Block]:
    """Footnotes ("¹ All milestones are summarised ...") and the marks that point to them."""
    out = []
    for block in blocks:
        if block.text[:1] and block.text[:1] in _SUPERSCRIPTS:
            continue
        if not block.text.isascii():  # the marks are superscript figures, outside ASCII
            block.text = _TRAILING_FOOTNOTE_MARK.sub("", block.text)
        out.append(block)
    return out


def attach_detached_numbers(blocks: list[Block]) -> list[Block]:
    """Numbers printed on a line of their own ("10.") go back on the paragraphs they number.

    A run of them ("10." "11." "12.") numbers the paragraphs that follow, in order.
    """
    out: list[Block] = []
    pending: list[Block] = []
    for block in blocks:
        if block.role == "item" and block.marker in ("number", "decimal") and not block.text:
            pending.append(block)
            continue
        if pending and block.role == "para" and block.text[:1].islower() and out and not out[-1].text.endswith(_SENTENCE_END):
            out[-1].text = f"{out[-1].text} {block.text}"  # the paragraph the numbers interrupted
            continue
        if pending and block.role in ("para",) and block.text and not block.text[:1].islower():
            number = pending.pop(0)
            block.role, block.marker, block.label, block.style_key = "item", number.marker, number.label, number.style_key
        elif pending and block.role != "para":
            pending = []
        out.append(block)
    return out


def fill_numbering_gaps(blocks: list[Block]) -> None:
    """Numbered paragraphs whose numbers were lost: "6." ... two paragraphs ... "9." are 7 and 8."""
    numbered = [i for i, b in enumerate(blocks) if b.role == "item" and b.marker == "number" and b.label.isdigit()]
    for a, b in zip(numbered, numbered[1:]):
        first, last = blocks[a], blocks[b]
        if first.style_key != last.style_key:
            continue
        missing = int(last.label) - int(first.label) - 1
        between = [i for i in range(a + 1, b) if blocks[i].role == "para" and blocks[i].words >= 25]
        others = [i for i in range(a + 1, b) if blocks[i].role not in ("para",)]
        if missing > 0 and len(between) == missing and not others:
            for offset, i in enumerate(between, start=1):
                blocks[i].role, blocks[i].marker = "item", "number"
                blocks[i].label, blocks[i].style_key = str(int(first.label) + offset), first.style_key


# --------------------------------------------------------------------------- duplicates

_KEY_DROP = re.compile(r"[^a-z0-9]+")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{3,120})\)\s*$")


#: _KEY_DROP for ASCII text, as a table: every ASCII character but a-z and 0-9 becomes a space.
_KEY_DROP_ASCII = {code: " " for code in range(128) if _KEY_DROP.fullmatch(chr(code))}


def text_key(text: str) -> str:
    text = text.lower().replace("&", " and ")
    if text.isascii():  # a table and a split are faster than the pattern, and give the same
        return " ".join(text.translate(_KEY_DROP_ASCII).split())
    return _KEY_DROP.sub(" ", text).strip()


def _shingles(key: str, words: list[str], size: int) -> list[str]:
    """Every run of `size` words of a key, as the key's own text: a key's words are one space
    apart, so equal runs are equal strings, cut from the key by the words' offsets (cheaper
    to make, hash and keep than a tuple of words per run)."""
    if len(words) < size:
        return []
    offsets = [0, *map(operator.add, accumulate(map(len, words)), count(1))]  # where each word starts
    return [key[start:end - 1] for start, end in zip(offsets, offsets[size:])]


def drop_duplicates(blocks: list[Block]) -> list[Block]:
    """A passage printed twice (a summary in the body, in full again in an appendix): keep
    the later, fuller copy. A remark only the first copy has ("(reflects very early
    discussion)") goes with the copy kept, as its note.
    """
    shingle = 8
    seen_shingles: set[str] = set()
    #: Every key and every key's first words (up to a dozen), seen so far: the latest block with it.
    later_by_key: dict[str, Block] = {}
    dup = [False] * len(blocks)
    long_block = [False] * len(blocks)
    short_match: list[tuple[bool, str, Block | None]] = [(False, "", None)] * len(blocks)
    keys = [text_key(b.text) if b.role != "table" else "" for b in blocks]
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if block.role == "table":
            continue
        key = keys[index]
        words = key.split()
        shingles = _shingles(key, words, shingle)
        if len(words) >= 2 * shingle:
            long_block[index] = True
            covered = 0
            if not seen_shingles.isdisjoint(shingles):
                end = 0  # words up to here are covered by a shingle seen before
                for i, piece in enumerate(shingles):
                    if piece in seen_shingles:
                        covered += shingle if i >= end else i + shingle - end
                        end = i + shingle
            dup[index] = covered >= 0.9 * len(words)
        elif len(words) >= 1:
            stripped = _TRAILING_PAREN.sub("", block.text) if ")" in block.text else block.text
            skey = text_key(stripped) if stripped != block.text else key
            target = later_by_key.get(key) or later_by_key.get(skey)
            found = key in later_by_key or skey in later_by_key
            remark = ""
            if skey != key and skey in later_by_key:
                match = _TRAILING_PAREN.search(block.text)
                remark = match.group(1) if match else ""
            short_match[index] = (found, remark, target)
        seen_shingles.update(shingles)
        later_by_key[key] = block
        if words:
            prefix = words[0]
            later_by_key.setdefault(prefix, block)
            for word in words[1:12]:
                prefix = f"{prefix} {word}"
                later_by_key.setdefault(prefix, block)
    # Short lines (headings, titles) go only inside a run of duplicated paragraphs.
    longs = [i for i in range(len(blocks)) if long_block[i]]
    for index, block in enumerate(blocks):
        found, remark, target = short_match[index]
        if long_block[index] or not found:
            continue
        at = bisect.bisect_right(longs, index)
        after = longs[at:at + 1]
        if after and dup[after[0]] and after[0] - index <= 6:
            dup[index] = True
            if remark and target is not None and not target.note:
                target.note = remark
    _mark_repeated_short_runs(blocks, dup, long_block, keys)
    kept = [i for i in range(len(blocks)) if not dup[i]]
    return _drop_contents_lists([blocks[i] for i in kept], [keys[i] for i in kept])


#: Lines too common to say that a passage is printed twice ("None.", "N/A", "TBC").
_COMMON_LINES = frozenset({"none", "n a", "na", "nil", "not applicable", "tbc", "tbd", "yes", "no"})
#: The least a run of short lines must hold to count as a list printed twice: lines, and words
#: in all (three one-word lines are not enough).
_SHORT_RUN_LINES = 3
_SHORT_RUN_WORDS = 12
_APPENDIX_HEADING = re.compile(r"^\s*(appendix|annex|schedule)\b", re.IGNORECASE)


def _mark_repeated_short_runs(blocks: list[Block], dup: list[bool], long_block: list[bool], keys: list[str]) -> None:
    """A short list printed twice (an appendix repeating the body's pledges, a diagram
    summarising the lists set out below it). The shingles that find repeated passages need
    long paragraphs, so a run of short lines is matched line by line instead: a run of three
    or more lines, and of a dozen words or more, that the document has already printed in the
    same order (a heading or label may sit between) is a second copy. As for long passages the
    later copy is kept, unless it is in an appendix and the first is not: then the appendix
    only repeats the body, and the body's copy stays where the document put it. A common line
    ("None.") never makes a run."""
    first_at: dict[str, int] = {}
    earlier: list[int | None] = [None] * len(blocks)
    appendix = [False] * len(blocks)
    in_appendix = False
    for index, key in enumerate(keys):
        block = blocks[index]
        if block.role == "para" and block.words <= 12 and _APPENDIX_HEADING.match(block.text):
            in_appendix = True
        appendix[index] = in_appendix
        if not key or dup[index]:
            continue
        if key in first_at:
            earlier[index] = first_at[key]
        else:
            first_at[key] = index
    index = 0
    while index < len(blocks):
        if earlier[index] is None or long_block[index] or keys[index] in _COMMON_LINES:
            index += 1
            continue
        run = [index]
        while True:
            nxt = run[-1] + 1
            if nxt >= len(blocks) or earlier[nxt] is None or long_block[nxt] or keys[nxt] in _COMMON_LINES:
                break
            if not 1 <= earlier[nxt] - earlier[run[-1]] <= 2:
                break
            run.append(nxt)
        first = [earlier[i] for i in run]
        words = sum(len(keys[i].split()) for i in run)
        # The first copy must be over before the second starts, and still be kept.
        if len(run) >= _SHORT_RUN_LINES and words >= _SHORT_RUN_WORDS and first[-1] < run[0] \
                and not any(dup[i] for i in first):
            drop = run if appendix[run[0]] and not appendix[first[0]] else first
            for i in drop:
                dup[i] = True
        index = run[-1] + 1


def _drop_contents_lists(blocks: list[Block], keys: list[str]) -> list[Block]:
    """A list that only names the parts printed below it as headings ("Our priorities: - Homes
    people can afford - Safe streets ...", each then a heading of its own) is a summary of
    them, printed twice: the headings are kept."""
    last_short: dict[str, int] = {}  # where each short paragraph or heading is printed last
    for index, block in enumerate(blocks):
        if block.role in ("para", "heading") and 0 < block.words <= 12:
            last_short[keys[index]] = index
    drop: set[int] = set()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.role != "item" or not block.text:
            index += 1
            continue
        run = [index]
        while run[-1] + 1 < len(blocks) and blocks[run[-1] + 1].role == "item" \
                and blocks[run[-1] + 1].style_key == block.style_key:
            run.append(run[-1] + 1)
        after = run[-1] + 1
        if len(run) >= 2 and all(last_short.get(keys[i], -1) >= after and blocks[i].words <= 12 for i in run):
            drop.update(run)
        index = run[-1] + 1
    return [b for i, b in enumerate(blocks) if i not in drop]


# --------------------------------------------------------------------------- all of it


def clean(doc: Document) -> list[Block]:
    lines = drop_page_furniture(doc.lines, doc.pages)
    lines = [line for line in lines if line.text.strip() or line.table is not None]
    doc.lines = lines
    blocks = join_lines(doc)
    for block in blocks:
        strip_markdown(block)
        block.text = squeeze(block.text)
    blocks = drop_footnotes(blocks)
    blocks = attach_detached_numbers(blocks)
    fill_numbering_gaps(blocks)
    blocks = merge_broken_items(blocks)
    return blocks


def merge_broken_items(blocks: list[Block]) -> list[Block]:
    """An item whose bracket is closed by the next "item" was one item broken at a line
    that happened to start with a bullet-like character."""
    out: list[Block] = []
    for block in blocks:
        if out and block.role == "item" and out[-1].role == "item" and block.marker == out[-1].marker \
                and out[-1].text.count("(") > out[-1].text.count(")") and out[-1].text.rstrip().endswith((":", ",", ";")) \
                and block.text.count(")") > block.text.count("("):
            out[-1].text = f"{out[-1].text} {block.text}"
            continue
        out.append(block)
    return out


def body_size(lines: list[Line]) -> float:
    sizes = [round(line.size, 1) for line in lines if line.size]
    if not sizes:
        return 0.0
    return statistics.mode(sizes)
