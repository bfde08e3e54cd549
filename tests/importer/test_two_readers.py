"""A long PDF is read by two processes, half the pages each (docs/adr/0031): the document that
comes back, and so the draft, is the one a single reader makes, also when the second fails."""

from __future__ import annotations

import pickle

import pytest

from civicplan.importer.parsers import parse_bytes_here
from civicplan.importer.parsers import pdf as pdf_parser

render = pytest.importorskip("tests.importer.render")


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    data = render.render_pdf(render.seed_plan("lc-business-plan-2020-21"), "b")
    assert parse_bytes_here(data, "plan.pdf").pages >= 4
    return data


def _read(data: bytes) -> bytes:
    document = parse_bytes_here(data, "plan.pdf")
    return pickle.dumps(([sorted(vars(line).items()) for line in document.lines], document.text, document.pages))


def test_two_readers_make_the_document_one_reader_makes(long_pdf, monkeypatch):
    monkeypatch.setattr(pdf_parser, "SPLIT_PAGES", 10**6)
    one = _read(long_pdf)
    monkeypatch.setattr(pdf_parser, "SPLIT_PAGES", 2)
    monkeypatch.setattr(pdf_parser, "_spare_core", lambda: True)
    forks = []
    monkeypatch.setattr(pdf_parser.os, "fork", lambda fork=pdf_parser.os.fork: forks.append(1) or fork())
    assert _read(long_pdf) == one
    assert forks  # read by two


def test_when_the_second_reader_fails_its_pages_are_read_by_the_first(long_pdf, monkeypatch):
    monkeypatch.setattr(pdf_parser, "SPLIT_PAGES", 10**6)
    one = _read(long_pdf)
    monkeypatch.setattr(pdf_parser, "SPLIT_PAGES", 2)
    monkeypatch.setattr(pdf_parser, "_spare_core", lambda: True)
    monkeypatch.setattr(pdf_parser, "_die_with_parent", lambda: pdf_parser.os._exit(1))  # in the second reader only
    assert _read(long_pdf) == one
