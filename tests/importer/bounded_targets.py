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
