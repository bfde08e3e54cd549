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


def region_png(draft, page_number: int, box: list[float]) -> bytes:
    """The element's box on its page with a margin around it, as a PNG."""
    from PIL import Image

    with Image.open(page_png(draft, page_number)) as page:
        width, height = page.size
        x0, top, x1, bottom = box
        bottom = min(bottom, top + MAX_HEIGHT)
        crop = (max(0, int((x0 - MARGIN) * SCALE)), max(0, int((top - MARGIN) * SCALE)),
                min(width, int((x1 + MARGIN) * SCALE)), min(height, int((bottom + MARGIN) * SCALE)))
        if crop[2] <= crop[0] or crop[3] <= crop[1]:
            raise NoRegion("the element's box is outside its page")
        out = io.BytesIO()
        page.crop(crop).save(out, format="PNG")
        return out.getvalue()


def row_boxes_here(data: bytes, tables: list[tuple[int, list[float], list[str]]]) -> list[list[list[float] | None]]:
    """For each table (page, box, its rows' titles in order), each row's own box: from where
    its title is printed to where the next row's is, across the table; None where the title
    is not found inside the box (a row carried on to the next page). What the bounded child runs."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    out = []
    try:
        for page_number, box, titles in tables:
            page = pdf[page_number - 1]
            height = page.get_height()
            text = page.get_textpage()
            tops: list[float | None] = []
            floor = box[1] - 2
            for title in titles:
                words = title.split()
                found = None
                for n in (4, 2, 1):  # a title wrapped in its cell: its first words are on one line
                    if len(words) < n and n > 1:
                        continue
                    searcher = text.search(" ".join(words[:n]), match_case=False)
                    while found is None and (hit := searcher.get_next()) is not None:
                        left, _bottom, _right, top = text.get_charbox(hit[0])
                        top = height - top
                        if box[0] - 2 <= left <= box[2] + 2 and floor <= top <= box[3] + 2:
                            found = top
                    searcher.close()
                    if found is not None:
                        break
                tops.append(found)
                if found is not None:
                    floor = found + 1
            boxes: list[list[float] | None] = []
            for index, top in enumerate(tops):
                if top is None:
                    boxes.append(None)
                    continue
                below = next((t for t in tops[index + 1:] if t is not None), box[3] + 6)
                boxes.append([box[0], max(box[1], top - 6), box[2], min(box[3], below - 6)])
            out.append(boxes)
            text.close()
            page.close()
    finally:
        pdf.close()
    return out


def narrow_table_rows(data: bytes, plan: dict, evidence: dict) -> None:
    """Give each table row of a PDF import its own region rather than the whole table's, in
    one bounded child for the document. Best effort: a row not found keeps the table's box."""
    tables: dict[tuple, list[str]] = {}
    for element in plan["elements"]:
        source = evidence.get(element["id"], {}).get("source", {})
        if source.get("table") and source.get("box"):
            tables.setdefault((source["page"], tuple(source["box"])), []).append(element["id"])
    if not tables:
        return
    titles = {e["id"]: e["title"] for e in plan["elements"]}
    keys = list(tables)
    request = [(page, list(box), [titles[i] for i in tables[(page, box)]]) for page, box in keys]
    try:
        found = run_bounded("civicplan.importer.regions:row_boxes_here", data, request).value
    except Exception:  # a damaged page or the limits: the rows keep the whole table's region
        return
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
