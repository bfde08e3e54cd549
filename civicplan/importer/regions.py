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


def delete_document(draft) -> None:
    """Remove the kept document and its rendered pages."""
    if not draft.document:
        return
    shutil.rmtree(_pages_dir(draft), ignore_errors=True)
    draft.document.delete(save=False)
