"""Shared fixtures: a database with the seed plans, and a page fetcher that checks every page."""

from __future__ import annotations

import re
from collections import Counter

import html5lib
import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load what `make run` loads, once per test session: the seed plans and the sample history."""
    from civicplan.delivery.sample import sample_progress_load

    with django_db_blocker.unblock():
        call_command("plan_load", seeds=True, verbosity=0)
        sample_progress_load()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached: a rolled-back test must not leave figures behind."""
    from django.core.cache import cache

    from civicplan.standing.memo import forget_all

    def forget() -> None:
        cache.clear()
        forget_all()

    forget()
    yield
    forget()


@pytest.fixture
def seeded(db):
    """The database as a new user sees it after `make run`: the seed plans loaded."""
    return db


class PageChecker:
    """Fetches a page and checks what every page must have (notifications-admin's client_request)."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, *, status: int = 200, **kwargs):
        response = self.client.get(url, **kwargs)
        assert response.status_code == status, f"{url}: {response.status_code}"
        if response.get("Content-Type", "").startswith("text/html"):
            self.check_html(url, response.content.decode())
        return response

    @staticmethod
    def check_html(url: str, html: str) -> None:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            document = parser.parse(html)
        except html5lib.html5parser.ParseError as exc:
            where = ""
            if parser.errors:
                (line_no, column), code, _ = parser.errors[0]
                lines = html.splitlines()
                if 0 < line_no <= len(lines):
                    where = f"line {line_no}, column {column} ({code}): {lines[line_no - 1].strip()[:200]}"
            raise AssertionError(f"{url}: HTML does not parse: {exc} {where}") from exc
        titles = document.findall(".//title")
        assert len(titles) == 1 and (titles[0].text or "").strip(), f"{url}: needs one non-empty <title>"
        h1s = document.findall(".//h1")
        assert len(h1s) == 1, f"{url}: has {len(h1s)} h1 elements, wants exactly one"
        ids = [el.get("id") for el in document.iter() if el.get("id")]
        dupes = [i for i, n in Counter(ids).items() if n > 1]
        assert not dupes, f"{url}: duplicate ids {dupes}"
        for form in document.findall(".//form"):
            assert form.get("action") is not None, f"{url}: a form without an action"
            if (form.get("method") or "get").lower() == "post":
                names = [i.get("name") for i in form.findall(".//input")]
                assert "csrfmiddlewaretoken" in names, f"{url}: a POST form without a CSRF token"


@pytest.fixture
def pages(client):
    return PageChecker(client)


def text_of(html: str) -> str:
    """The visible words of a page, whitespace folded, for asserting what a user reads."""
    import html as html_lib

    without_tags = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html_lib.unescape(without_tags)).strip()
