"""A PDF page's words are measured in C (`_pdfwords`) where it is built, as every install builds
it: the pieces must be exactly those the Python reference reads (docs/adr/0031), on real PDFs,
on odd text, and on odd answers from PDFium (fewer units than characters, control codes,
halves of characters beyond 16 bits)."""

from __future__ import annotations

import ctypes
from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from civicplan.importer.parsers import pdf

from .conftest import html_pdf

CORPUS = Path(__file__).parent / "corpus"

ODD_TEXT = """<html lang="en"><body style="font-family: 'DejaVu Serif'; width: 9em">
<p style="hyphens: auto; text-align: justify">Officers will efficiently coordinate the
reconfiguration of neighbourhood infrastructure responsibilities.</p>
<p style="width: 5em">A long-term well-being cross-border sub-regional plan</p>
<p>The affluent office’s ﬁnal fluffy figures: E = mc<sup>2</sup> and x<sub>1</sub>.</p>
<p><b>Hal</b>f <i>italic</i>ness and <span style="font-size: 20pt">Big</span>small</p>
<p style="font-family: 'DejaVu Math TeX Gyre'">Let 𝐀 + 𝔅 = 𝟙 in 𝓛</p>
<p>Emoji 😀 here 👍🏽 and Ελληνικά Кириллица العربية עברית</p>
<p style="font-size: 3px">Tiny words in tiny print</p>
<p>tab\there\u00a0nbsp\u00adsoft\u200bzero</p>
<p style="page-break-before: always"></p>
<div style="page-break-before: always">After an empty page</div>
</body></html>"""


def exactly(pieces: list[tuple]) -> list[tuple]:
    """Each value with its type, floats to the last bit (and their sign)."""
    return [tuple((type(value).__name__, value.hex() if isinstance(value, float) else value) for value in piece)
            for piece in pieces]


def both_ways(data: bytes, fake=None) -> list[tuple[list, list]]:
    """(C pieces, Python pieces) of every page, read through `fake` PDFium calls if given."""
    document = pdfium.PdfDocument(data)
    try:
        out = []
        for number in range(len(document)):
            page = document[number]
            height = float(page.get_height())
            textpage = page.get_textpage()
            fast = pdf._PdfiumPage(fake() if fake else raw)
            slow = pdf._PdfiumPage(fake() if fake else raw, words=None)
            out.append((fast.pieces(textpage, height), slow.pieces(textpage, height)))
            textpage.close()
            page.close()
        return out
    finally:
        document.close()


def assert_same(data: bytes, fake=None) -> list[list[tuple]]:
    pages = both_ways(data, fake)
    for number, (fast, slow) in enumerate(pages, start=1):
        assert exactly(fast) == exactly(slow), f"page {number}"
    return [fast for fast, _slow in pages]


def test_the_installed_reader_measures_words_in_c():
    """A build that failed (the extension is optional) would leave imports several times
    slower without saying so; and one older than its source would read by old rules."""
    assert pdf._pdfwords is not None, "the C word reader is not built: run `make install`"
    assert pdf._PdfiumPage(raw).words is not None
    built = Path(pdf._pdfwords.__file__)
    source = Path(pdf.__file__).with_name("_pdfwords.c")
    assert built.suffix == ".so"
    assert built.stat().st_mtime >= source.stat().st_mtime, "the C word reader is older than its source: run `make install`"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.pdf")), ids=lambda path: path.stem)
def test_c_and_python_read_the_same_pieces_from_the_corpus(path):
    pieces = assert_same(path.read_bytes())
    assert any(pieces)


def test_c_and_python_read_the_same_pieces_from_the_seed_plans(corpus):
    for folder in ("pdf", "pdf-b"):
        for path in sorted(corpus[folder].glob("*.pdf")):
            assert_same(path.read_bytes())


@pytest.fixture(scope="module")
def odd_pdf() -> bytes:
    return html_pdf(ODD_TEXT)


def test_c_and_python_read_the_same_odd_text(odd_pdf):
    """Ligatures, a superscript and a subscript, a word in two fonts and in two sizes, line-end
    hyphens (PDFium's code 2), characters beyond 16 bits, right-to-left and other scripts,
    tiny print, spaces of other kinds, and a page with no text."""
    first, empty, last = assert_same(odd_pdf)
    words = [piece[6] for piece in first]
    assert "-" in words and "Ελληνικά" in words and "Кириллица" in words  # "-": PDFium said 2
    assert ["H", "a", "l", "f"] == words[words.index("H"):words.index("H") + 4]  # bold, then not
    assert empty == []
    assert [piece[6] for piece in last] == ["After", "an", "empty", "page"]


def fake_pdfium(get_text=None, get_unicode=None, count_chars=None, loose_box=None):
    """A factory of PDFium stand-ins: the real calls, but these in place of GetText,
    GetUnicode, CountChars or GetLooseCharBox (Python functions given the real one first)."""
    replaced = {"FPDFText_GetText": get_text, "FPDFText_GetUnicode": get_unicode,
                "FPDFText_CountChars": count_chars, "FPDFText_GetLooseCharBox": loose_box}

    def make():
        calls = {name: getattr(raw, name) for name in pdf._pdfwords.CALLS}
        for name, python in replaced.items():
            if python is not None:
                real = getattr(raw, name)
                calls[name] = ctypes.CFUNCTYPE(real.restype, *real.argtypes)(
                    lambda *arguments, python=python, real=real, state={}: python(real, state, *arguments))
        return SimpleNamespace(FS_RECTF=raw.FS_RECTF, **calls)

    return make


def units_of(real, handle, count) -> list[int]:
    buffer = (ctypes.c_ushort * (count + 1))()
    got = real(handle, 0, count, buffer)
    return list(buffer[: max(got - 1, 0)])


def written(result, units: list[int]) -> int:
    for index, unit in enumerate(units + [0]):
        result[index] = unit
    return len(units) + 1


def test_fewer_units_than_characters_are_asked_for_one_at_a_time(odd_pdf):
    def half(real, state, handle, start, count, result):
        return written(result, units_of(real, handle, count)[: count // 2])

    def none(real, state, handle, start, count, result):
        return 0

    expected = assert_same(odd_pdf)
    for get_text in (half, none):
        assert exactly(assert_same(odd_pdf, fake_pdfium(get_text=get_text))[0]) == exactly(expected[0])


def test_odd_codes_are_asked_for_and_read_alike(odd_pdf):
    """Control codes, 0xFFFE/0xFFFF and lone halves in the page's text, answered by PDFium with
    a line-end hyphen, nothing, a space, a character beyond 16 bits in one answer or in two."""
    odd = (0x01, 0x1F, 0xFFFE, 0xFFFF, 0xD835, 0xDC00, 0x09, 0x0B)
    answers = (2, 0, 0xA0, 0x1D400, 0xD83D, 0xDC00, 0x41, 13, 10, 0xFFFE, 0x2010)

    def spoilt(real, state, handle, start, count, result):
        units = units_of(real, handle, count)
        return written(result, [odd[index % len(odd)] if index % 3 == 0 and unit > 32 else unit
                                for index, unit in enumerate(units)])

    def unicode(real, state, handle, index):
        asked = state[index] = state.get(index, 0) + 1
        answer = answers[index % len(answers)]
        if answer == 0xD83D and asked > 1:
            return 0x1F600  # the whole character at the second asking
        return answer

    fast = assert_same(odd_pdf, fake_pdfium(get_text=spoilt, get_unicode=unicode))[0]
    words = "".join(piece[6] for piece in fast)
    assert "-" in words and "\U0001D400" in words and "\U0001F600" in words


def test_a_code_beyond_unicode_fails_alike(odd_pdf):
    def spoilt(real, state, handle, start, count, result):
        return written(result, [0x01] + units_of(real, handle, count)[1:])

    def unicode(real, state, handle, index):
        return 0x110000

    fake = fake_pdfium(get_text=spoilt, get_unicode=unicode)
    document = pdfium.PdfDocument(odd_pdf)
    page = document[0]
    textpage = page.get_textpage()
    try:
        for words in (pdf._pdfwords, None):
            with pytest.raises(ValueError, match="chr"):
                pdf._PdfiumPage(fake(), words=words).pieces(textpage, float(page.get_height()))
    finally:
        textpage.close()
        page.close()
        document.close()


def test_boxes_missing_wide_or_uneven_are_read_alike(odd_pdf):
    """A character without a loose box is measured by its tight one; a word wider than its
    characters could be (in print under 4 points, as if it were 4), or whose ends are not on
    one baseline, a character at a time."""
    def distorted(real, state, handle, index, rect):
        if index % 7 == 3:
            return 0
        found = real(handle, index, rect)
        if index % 11 == 5:
            rect.contents.right += 45
        if rect.contents.bottom - rect.contents.top < 4:  # tiny print: between 3 and 4 points a letter
            rect.contents.right += 9
        if index % 13 == 7:
            rect.contents.bottom += 0.75
        return found

    fast = assert_same(odd_pdf, fake_pdfium(loose_box=distorted))[0]
    assert exactly(fast) != exactly(assert_same(odd_pdf)[0])


def test_baselines_halfway_between_rows_round_to_even(odd_pdf):
    def whole(real, state, handle, index, rect):
        found = real(handle, index, rect)
        rect.contents.bottom = round(rect.contents.bottom)
        return found

    document = pdfium.PdfDocument(odd_pdf)
    page = document[0]
    textpage = page.get_textpage()
    try:
        height = float(int(page.get_height())) + 0.5
        fast, slow = (pdf._PdfiumPage(fake_pdfium(loose_box=whole)(), words=words).pieces(textpage, height)
                      for words in (pdf._pdfwords, None))
    finally:
        textpage.close()
        page.close()
        document.close()
    assert exactly(fast) == exactly(slow)
    halves = {(piece[0], piece[7]) for piece in fast if piece[0] % 1 == 0.5}
    assert len(halves) > 5 and all(row % 2 == 0 and abs(row - baseline) == 0.5 for baseline, row in halves)


@pytest.mark.parametrize("count", [0, -1])
def test_a_page_without_characters_has_no_pieces(odd_pdf, count):
    fake = fake_pdfium(count_chars=lambda real, state, handle: count)
    assert both_ways(odd_pdf, fake)[0] == ([], [])

