"""Benchmark: peak memory of reading a document, in the bounded child process (docs/adr/0022).

Prints the child's peak resident memory (MB) and time for: a normal 100-page PDF plan; a
~49 MB PDF (the same plan carrying a large attachment, near the 50 MB upload limit); a 1 MB
PDF whose content stream inflates to 1 GiB (refused); and, as the floor, pypdfium2's plain
text extraction of the 100-page PDF in the same kind of child. Then the bomb once more with
no memory ceiling, to show what the ceiling saves, and this (parent) process's own peak,
which stays small whatever the file. Asserts nothing.
"""

from __future__ import annotations

import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")  # the child finds bench/
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CIVICPLAN_VAR_DIR", str(ROOT / "var" / "bench"))


def plain_text(data: bytes) -> int:
    """The floor: every character of the PDF as plain text, nothing else."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    size = sum(len(page.get_textpage().get_text_range()) for page in document)
    document.close()
    return size


def with_attachment(data: bytes, megabytes: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.add_attachment("appendix.bin", os.urandom(megabytes * 1024 * 1024))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def measure(label: str, target: str, *args, limits=None) -> None:
    from civicplan.core.bounded import ParseLimitExceeded, run_bounded
    from civicplan.core.errors import UserFacingError

    started = time.perf_counter()
    try:
        outcome = run_bounded(target, *args, limits=limits)
        answer, peak = "read", f"{outcome.peak_mb:6.0f} MB"
    except ParseLimitExceeded as exc:
        answer = f"refused ({exc.kind})"
        peak = f"{exc.peak_mb:6.0f} MB" if exc.peak_mb is not None else "     - "
    except UserFacingError as exc:  # read to the end, and found wanting
        answer, peak = f"read, then refused: {str(exc)[:50]}", "     - "
    seconds = time.perf_counter() - started
    print(f"{label:<46} {peak}  {seconds:6.2f} s  {answer}")


def main() -> int:
    import django

    django.setup()
    import logging

    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    from bench.bench_import import big_pdf
    from civicplan.core.bounded import Limits, last_child_peak_mb, limits_from_settings
    from tests.importer.bombs import pdf_bomb

    try:
        from tests.importer.render import render_pdf
    except ImportError:
        print("bench_parse_memory: needs WeasyPrint to make the PDF (pip install -e '.[test]')")
        return 0

    normal, pages = big_pdf(render_pdf)
    large = with_attachment(normal, 48)
    bomb = pdf_bomb()
    limits = limits_from_settings()
    print(f"ceiling: {limits.memory_mb} MB address space, {limits.seconds} s (CIVICPLAN_PARSE_MEMORY_MB / _SECONDS)")
    print(f"{'file':<46} {'peak':>9}  {'time':>8}")
    parse = "civicplan.importer.parsers:parse_bytes_here"
    measure(f"floor: plain text, {pages}-page PDF ({len(normal) // 1024} KB)", "bench.bench_parse_memory:plain_text", normal)
    measure(f"normal: {pages}-page PDF ({len(normal) // 1024} KB)", parse, normal, "plan.pdf")
    measure(f"large: {pages} pages + attachment ({len(large) / 2**20:.0f} MB)", parse, large, "plan.pdf")
    measure(f"bomb: 1 GiB content stream ({len(bomb) / 2**20:.1f} MB)", parse, bomb, "bomb.pdf")
    measure("bomb with no ceiling (what a worker would hold)", parse, bomb, "bomb.pdf",
            limits=Limits(memory_mb=16384, seconds=limits.seconds))
    print(f"  ... its peak: {last_child_peak_mb():.0f} MB")
    print(f"this process's own peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          "(the files themselves and the results)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
