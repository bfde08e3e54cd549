"""A long PDF is read by two processes, half the pages each (docs/adr/0031): the document that
comes back, and so the draft, is the one a single reader makes, also when the second fails.
Checked inside a reading child, which is single-threaded as the split requires."""

from __future__ import annotations

import pytest

from civicplan.core.bounded import run_bounded
from civicplan.importer.parsers import parse_bytes_here

render = pytest.importorskip("tests.importer.render")


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    data = render.render_pdf(render.seed_plan("lc-business-plan-2020-21"), "b")
    assert parse_bytes_here(data, "plan.pdf").pages >= 4
    return data


def test_two_readers_make_the_document_one_reader_makes(long_pdf):
    one, two, forks = run_bounded("tests.importer.bounded_targets:read_pdf_both_ways", long_pdf, False).value
    assert forks == 1
    assert two == one


def test_when_the_second_reader_fails_its_pages_are_read_by_the_first(long_pdf):
    one, two, forks = run_bounded("tests.importer.bounded_targets:read_pdf_both_ways", long_pdf, True).value
    assert forks == 1
    assert two == one
