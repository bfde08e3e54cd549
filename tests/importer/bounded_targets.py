"""Targets for the bounded-reading tests, in a module the reading child can import without Django."""

from __future__ import annotations

import os


def noisy(value: str) -> str:
    """A library that prints as it reads."""
    print("reading...", value)
    os.write(1, b"progress 50%\n")
    return value.upper()


class Unpicklable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.callback = lambda: None  # cannot be pickled


def fails_unpicklably() -> None:
    raise Unpicklable("the table on page 3 has no rows")


def holds(megabytes: int) -> int:
    """Touch this much memory, as a big file being read does."""
    block = bytearray(megabytes * 1024 * 1024)
    for at in range(0, len(block), 4096):
        block[at] = 1
    return len(block)


def read_pdf_both_ways(data: bytes, second_fails: bool) -> tuple[bytes, bytes, int]:
    """A PDF read by one reader, then by two (the split forced at 2 pages, a processor taken as
    free), in this single-threaded reading child: both documents and how many readers were forked."""
    import pickle

    from civicplan.importer.parsers import parse_bytes_here
    from civicplan.importer.parsers import pdf

    def read() -> bytes:
        document = parse_bytes_here(data, "plan.pdf")
        return pickle.dumps(([sorted(vars(line).items()) for line in document.lines], document.text, document.pages))

    pdf.SPLIT_PAGES = 10**6
    one = read()
    pdf.SPLIT_PAGES, pdf._spare_core = 2, lambda: True
    if second_fails:
        pdf._die_with_parent = lambda: os._exit(1)  # runs in the second reader only
    forks, fork = [], os.fork
    os.fork = lambda: forks.append(1) or fork()
    try:
        two = read()
    finally:
        os.fork = fork
    return one, two, len(forks)
