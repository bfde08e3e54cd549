"""The poppler tools the report tests read PDFs with (pdftotext, pdfinfo, pdftoppm)."""

from __future__ import annotations

import shutil

import pytest


def poppler_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} (poppler-utils) is needed to read the PDF reports: `make install-test` installs it")
    return path
