"""The indicator pages as a user sees them, on the shipped ONS data."""

import re

import pytest

from civicplan.core.permissions import Role
from civicplan.indicators.models import ONS_ATTRIBUTION, Indicator
from tests.conftest import text_of
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("ons")


@pytest.fixture
def viewer(client, db):
    client.force_login(make_user(Role.VIEWER))
    return client


def _table(html: str, table_id: str) -> list[list[str]]:
    body = html[html.index(f'id="{table_id}"'):]
    body = body[:body.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def test_the_indicator_list_links_every_indicator_and_shows_the_attribution(viewer, pages):
    html = pages.get("/indicators/").content.decode()
    assert "77 indicators" in text_of(html)
    assert 'href="/indicators/adult-obesity-prevalence/"' in html
    assert ONS_ATTRIBUTION in text_of(html)
    assert 'href="/indicators/areas/E09000007/"' in html  # Camden's scorecard


def test_benchmarking_ranks_every_authority_with_a_chart_and_its_table_twin(viewer, pages):
    html = pages.get("/indicators/adult-obesity-prevalence/?period=2024-11-16/P1Y").content.decode()
    text = text_of(html)
    assert "Adult obesity prevalence" in text and "Lower is better" in text
    assert ONS_ATTRIBUTION in text
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    rows = _table(html, "benchmark-table")[1:]
    assert len(rows) == svg.count("<circle") >= 30  # one row per authority drawn
    ranks = [int(r[0]) for r in rows if r[0] != "–"]
    assert ranks == sorted(ranks) and ranks[0] == 1
    values = [float(r[2].split()[0]) for r in rows if r[0] != "–"]
    assert values == sorted(values)  # lower is better: rank 1 has the lowest value
    assert {r[5] for r in rows} <= {"Better", "Worse", "Similar", "Not compared"}
    assert "Best quarter" in {r[4] for r in rows} and "Worst quarter" in {r[4] for r in rows}


def test_inner_london_and_nearest_neighbours_groups(viewer, pages):
    inner = _table(pages.get("/indicators/employment-rate/?group=inner").content.decode(), "benchmark-table")[1:]
    names = {r[1] for r in inner}
    assert "Camden" in names and "Barnet" not in names and len(inner) <= 14
    html = pages.get("/indicators/employment-rate/?group=neighbours&area=E09000007&k=4").content.decode()
    rows = _table(html, "benchmark-table")[1:]
    assert len(rows) == 5 and "Camden" in {r[1] for r in rows}
    assert any(r[-1] == "The chosen authority" for r in rows)
    assert all(r[-1] for r in rows)  # each neighbour says which indicators make it near


def test_a_bad_parameter_is_named_and_the_page_still_shows_the_latest_period(viewer, pages):
    response = pages.get("/indicators/employment-rate/?period=1999-01-01/P1Y&group=nowhere", status=400)
    text = text_of(response.content.decode())
    assert "There is a problem" in text and "no values for period “1999-01-01/P1Y”" in text
    response = pages.get("/indicators/employment-rate/?group=neighbours", status=400)
    assert "choose an authority" in text_of(response.content.decode())


def test_the_trend_page_draws_an_spc_chart_with_its_table(viewer, pages):
    html = pages.get("/indicators/employment-rate/trend/?area=E09000007").content.decode()
    text = text_of(html)
    assert "Direction of travel" in text and "Process limits" in text
    rows = _table(html, "trend-table")[1:]
    assert len(rows) >= 10
    assert 'role="img"' in html and ONS_ATTRIBUTION in text
    assert pages.get("/indicators/employment-rate/trend/?area=nowhere", status=400)


def test_the_scorecard_lists_every_indicator_for_the_authority(viewer, pages):
    html = pages.get("/indicators/areas/E09000007/").content.decode()
    rows = _table(html, "scorecard-table")[1:]
    assert len(rows) >= 60
    assert all(" of " in r[4] or r[4] == "–" for r in rows)
    assert ONS_ATTRIBUTION in text_of(html)
    pages.get("/indicators/areas/E12000007/", status=404)  # London is a comparator, not an authority


def test_published_indicators_are_on_the_public_site_and_others_are_not(client, pages, db):
    Indicator.objects.filter(slug="anxiety").update(published=False)
    html = pages.get("/public/indicators/").content.decode()
    assert 'href="/public/indicators/employment-rate/"' in html and "/public/indicators/anxiety/" not in html
    pages.get("/public/indicators/anxiety/", status=404)
    assert ONS_ATTRIBUTION in text_of(pages.get("/public/indicators/employment-rate/").content.decode())
    assert "Indicators" in text_of(pages.get("/public/").content.decode())
