"""Benchmark: import a 100-page PDF plan, beside the time pypdfium2 alone takes to extract its text.

pypdfium2's plain text extraction (PDFium, the library the importer itself reads PDFs with)
is the floor: no importer that reads every character can be much faster. The plan is the 2020/21 business plan's portfolios repeated until the PDF has at
least 100 pages, rendered with WeasyPrint (a test dependency: pip install -e '.[test]').
Prints both times and their ratio, in wall-clock and in CPU time (this process and the parsing
child it waits for: the load of other work changes it less); asserts nothing. Target: the whole
import within 3x the floor.
"""

from __future__ import annotations

import copy
import logging
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CIVICPLAN_VAR_DIR", str(ROOT / "var" / "bench"))

PAGES = 100
RUNS = 3
CITIES = ["London", "Leeds", "Bristol", "Sheffield", "Newcastle", "Norwich", "Exeter", "Derby", "Bath", "York"]


def big_plan(repeats: int) -> dict:
    from tests.importer.render import seed_plan

    plan = seed_plan("lc-business-plan-2020-21")
    body = [e for e in plan["elements"] if e["kind"] != "implication"]
    tail = [e for e in plan["elements"] if e["kind"] == "implication"]
    out = copy.deepcopy(plan)
    out["elements"] = []
    number = 0
    for repeat in range(repeats):
        for element in body:
            copied = copy.deepcopy(element)
            copied["id"] = f"r{repeat}-{element['id']}"
            copied["parent"] = f"r{repeat}-{element['parent']}" if element["parent"] else None
            copied["links"] = []
            # Each copy in other words, so that it is not read as the same passage printed twice.
            for key in ("title", "text"):
                words = copied[key].split(" ")
                for at in range(len(words) - 1, 0, -6):
                    words.insert(at, CITIES[repeat % len(CITIES)])
                copied[key] = " ".join(words)
            if element["kind"] == "portfolio":
                number += 1
                copied["label"] = str(number)
            out["elements"].append(copied)
    out["elements"].extend(tail)
    return out


def big_pdf(render_pdf) -> tuple[bytes, int]:
    """The plan rendered to a PDF of at least PAGES pages (the import benches' document), and
    its page count."""
    import pypdfium2 as pdfium

    repeats, data, pages = 4, b"", 0
    while pages < PAGES:
        repeats += 1
        data = render_pdf(big_plan(repeats), "a")
        pages = len(pdfium.PdfDocument(data))
    return data, pages


def cpu_seconds() -> float:
    """CPU time of this process, of the children it has waited for, and of the parsing children
    (forked by the reading processes' zygote, so getrusage does not see them)."""
    from civicplan.core.bounded import children_cpu_seconds

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + children_cpu_seconds()


def main() -> int:
    import django

    django.setup()
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        from tests.importer.render import render_pdf
    except ImportError:
        print("bench_import: needs WeasyPrint to make the PDF (pip install -e '.[test]')")
        return 0
    import pypdfium2 as pdfium

    from civicplan.importer.pipeline import import_document

    data, pages = big_pdf(render_pdf)
    floor, ours, floor_cpu, ours_cpu = [], [], [], []
    elements = 0
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), cpu_seconds()
        document = pdfium.PdfDocument(data)
        "".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        floor.append(time.perf_counter() - started)
        floor_cpu.append(cpu_seconds() - cpu)
        started, cpu = time.perf_counter(), cpu_seconds()
        result = import_document(data=data, name="big-plan.pdf", organisation="Bench")
        ours.append(time.perf_counter() - started)
        ours_cpu.append(cpu_seconds() - cpu)
        elements = result.element_count
    best_floor, best_ours = min(floor), min(ours)
    cpu_floor, cpu_ours = min(floor_cpu), min(ours_cpu)
    print(f"PDF: {pages} pages, {len(data) / 1024:.0f} KB; the import found {elements} elements")
    print(f"best of {RUNS}                                    wall      CPU")
    print(f"pypdfium2 plain text extraction (the floor): {best_floor:6.2f} s {cpu_floor:6.2f} s")
    print(f"civicplan import, whole pipeline:            {best_ours:6.2f} s {cpu_ours:6.2f} s")
    print(f"ratio (target within 3x):                    {best_ours / best_floor:6.2f}x  "
          f"{cpu_ours / cpu_floor:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
