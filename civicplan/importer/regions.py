"""The region of a PDF page an element was printed in, as a PNG for the review page.

The uploaded document is kept under MEDIA_ROOT with the draft (a name of ours). A page is
rendered once, in a child process under the parsing limits (`core/bounded.py`: a page can be
built to exhaust memory as well as a document), and kept beside the document; each element's
region is then cut from that picture. Both go when the draft is deleted (`signals.py`).
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
from pathlib import Path

from django.conf import settings

from civicplan.core.bounded import run_bounded

#: Pixels per PDF point: sharp on a phone and a laptop, about 1.2 MB of PNG for an A4 page.
SCALE = 2.0
#: Points of the page shown around an element's box, so the reader sees what surrounds it.
MARGIN = 18.0
#: The tallest region shown, in points; a long table shows its top.
MAX_HEIGHT = 320.0


class NoRegion(Exception):
    """The draft keeps no document or page to show (a Word or text import, an older draft)."""


def _pages_dir(draft) -> Path:
    return Path(settings.MEDIA_ROOT) / (draft.document.name + "-pages")


def render_page_here(path: str, page_number: int, scale: float) -> bytes:
    """One page as a PNG, in this process: what the bounded child runs."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        if not 1 <= page_number <= len(pdf):
            raise NoRegion(f"the document has no page {page_number}")
        page = pdf[page_number - 1]
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        page.close()
        return out.getvalue()
    finally:
        pdf.close()


def page_png(draft, page_number: int) -> Path:
    """The rendered page, made once per draft and page."""
    if draft.file_type != "pdf" or not draft.document:
        raise NoRegion("this import keeps no PDF")
    folder = _pages_dir(draft)
    target = folder / f"{int(page_number)}.png"
    if target.exists():
        return target
    source = Path(draft.document.path)
    if not source.exists():
        raise NoRegion("the document is no longer kept")
    folder.mkdir(parents=True, exist_ok=True)
    # The review page asks for many regions of one page at once: one request renders it, the
    # others (in any worker) wait for it rather than start a render each.
    with open(folder / f".{int(page_number)}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            data = run_bounded("civicplan.importer.regions:render_page_here", str(source), int(page_number), SCALE).value
            partial = folder / f".{page_number}.{os.getpid()}.png"
            partial.write_bytes(data)
            os.replace(partial, target)
    return target


def _crop_points(box: list[float]) -> tuple[float, float, float, float]:
    """The region around a box, in points: the box with a margin, no taller than MAX_HEIGHT."""
    x0, top, x1, bottom = box
    bottom = min(bottom, top + MAX_HEIGHT)
    return max(0.0, x0 - MARGIN), max(0.0, top - MARGIN), x1 + MARGIN, bottom + MARGIN


def region_size(box: list[float]) -> tuple[int, int]:
    """The region's width and height in CSS pixels (one a point, as printed)."""
    left, top, right, bottom = _crop_points(box)
    return max(1, round(right - left)), max(1, round(bottom - top))


def region_png(draft, page_number: int, box: list[float]) -> bytes:
    """The element's box on its page with a margin around it, as a PNG."""
    from PIL import Image

    with Image.open(page_png(draft, page_number)) as page:
        width, height = page.size
        left, top, right, bottom = _crop_points(box)
        crop = (int(left * SCALE), int(top * SCALE), min(width, int(right * SCALE)), min(height, int(bottom * SCALE)))
        if crop[2] <= crop[0] or crop[3] <= crop[1]:
            raise NoRegion("the element's box is outside its page")
        out = io.BytesIO()
        page.crop(crop).save(out, format="PNG")
        return out.getvalue()


def _find(text, height: float, words: list[str], box: list[float], floor: float) -> tuple[float, float] | None:
    """(left, top) in points of the first of `words` printed within the box's rows below
    `floor`, trying fewer words when a wrap splits them."""
    for n in (4, 2, 1):
        if len(words) < n and n > 1:
            continue
        searcher = text.search(" ".join(words[:n]), match_case=False)
        try:
            while (hit := searcher.get_next()) is not None:
                left, _bottom, _right, top = text.get_charbox(hit[0])
                top = height - top
                if floor <= top <= box[3] + 3:
                    return left, top
        finally:
            searcher.close()
    return None


def place_here(data: bytes, probes: list[tuple[int, list[float], str]],
               tables: list[tuple[int, list[float], list[str]]]) -> tuple[float, list[list[list[float] | None]]]:
    """What the bounded child runs: (how far right of the boxes the text is printed, each
    table row's own box).

    The parsers measure across from the document's left margin, so the first is found by
    looking up a few elements' words near their boxes: the least of how far right they are
    printed (a title starts at its box's edge or after a label or bullet). A row's box runs from where its title
    is printed to where the next row's is, across the table; None where the title is not in
    the table on that page (a row carried on to the next page)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    pages: dict[int, tuple] = {}

    def page_text(number: int):
        if number not in pages:
            page = pdf[number - 1]
            pages[number] = (page, page.get_height(), page.get_textpage())
        return pages[number]

    try:
        shifts = []
        for page_number, box, words in probes:
            _page, height, text = page_text(page_number)
            found = _find(text, height, words.split(), box, box[1] - 3)
            if found is not None:
                shifts.append(found[0] - box[0])
        # A title can start right of its box's left edge (after "SO1:" or a bullet), never left of it.
        shifts = [v for v in shifts if v > -2]
        shift = round(min(shifts), 1) if shifts else 0.0
        out = []
        for page_number, box, titles in tables:
            _page, height, text = page_text(page_number)
            box = [box[0] + shift, box[1], box[2] + shift, box[3]]
            tops: list[float | None] = []
            floor = box[1] - 2
            for title in titles:
                found = _find(text, height, title.split(), box, floor)
                if found is not None and not box[0] - 2 <= found[0] <= box[2] + 2:
                    found = None
                tops.append(found[1] if found else None)
                if found is not None:
                    floor = found[1] + 1
            boxes: list[list[float] | None] = []
            for index, top in enumerate(tops):
                if top is None:
                    boxes.append(None)
                    continue
                below = next((t for t in tops[index + 1:] if t is not None), box[3] + 6)
                boxes.append([box[0], max(box[1], top - 6), box[2], min(box[3], below - 6)])
            out.append(boxes)
        return shift, out
    finally:
        for page, _height, text in pages.values():
            text.close()
            page.close()
        pdf.close()


#: Elements looked up to find where the parsers' left margin is on the page.
PROBES = 12


def place_regions(data: bytes, plan: dict, evidence: dict) -> None:
    """Put each element's box of a PDF import where it is printed on the page, and give each
    table row its own strip rather than the whole table's, in one bounded child for the
    document. Best effort: what is not found keeps the box the parsers gave."""
    titles = {e["id"]: e["title"] for e in plan["elements"]}
    probes, tables = [], {}
    for element in plan["elements"]:
        source = evidence.get(element["id"], {}).get("source", {})
        if not source.get("box"):
            continue
        if source.get("table"):
            tables.setdefault((source["page"], tuple(source["box"])), []).append(element["id"])
        elif len(probes) < PROBES and len(element["title"].split()) >= 2:
            probes.append((source["page"], source["box"], element["title"]))
    keys = list(tables)
    request = [(page, list(box), [titles[i] for i in tables[(page, box)]]) for page, box in keys]
    try:
        shift, found = run_bounded("civicplan.importer.regions:place_here", data, probes, request).value
    except Exception:  # a damaged page, or the limits: the boxes stay as the parsers gave them
        return
    for entry in evidence.values():
        box = entry.get("source", {}).get("box")
        if box:
            box[0], box[2] = round(box[0] + shift, 1), round(box[2] + shift, 1)
    for key, boxes in zip(keys, found):
        for element_id, row_box in zip(tables[key], boxes):
            if row_box is not None and row_box[1] < row_box[3]:
                evidence[element_id]["source"]["box"] = [round(v, 1) for v in row_box]


def delete_document(draft) -> None:
    """Remove the kept document and its rendered pages."""
    if not draft.document:
        return
    shutil.rmtree(_pages_dir(draft), ignore_errors=True)
    draft.document.delete(save=False)
