"""The timeline page and its SVG download, as a visitor, an officer and a printer see them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user
from tests.timeline.plans import timeline_plan

pytestmark = pytest.mark.django_db

PLAN = "lc-shared-ambitions-2022-23"
URL = f"/plans/{PLAN}/timeline/"


def svg_keys(html: str) -> list[str]:
    svg = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    return [
        g.get("data-key")
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "tl-row" in (g.get("class") or "").split()
    ]


def table_keys(html: str) -> list[str]:
    table = html[html.index('id="timeline-table"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<tr class="govuk-table__row" data-key="([^"]+)"', table)


def test_the_page_shows_the_chart_a_key_and_the_same_data_as_a_table(pages):
    html = pages.get(f"{URL}?as_at=2023-03-31").content.decode()
    words = text_of(html)
    assert '<h1 class="govuk-heading-xl">Timeline</h1>' in html
    assert 'role="img"' in html
    assert "How to read the timeline" in words and "Key political event" in words
    keys = svg_keys(html)
    assert len(keys) == Element.objects.filter(plan__slug=PLAN, kind="milestone").count()
    assert table_keys(html) == keys
    assert (
        "Objective 2.1: London's Future" in words or "Objective 2.1: London&#x27;s Future" in html
    )
    assert (
        "Autumn 2022" in words and "Season" in words and "1 Sep 2022" in words.replace("\xa0", " ")
    )
    assert "COP 27" in words
    assert "Sample data" in words  # the session database carries the labelled sample history


def test_the_page_shows_status_as_it_stood_on_the_date(pages):
    ProgressUpdate.objects.filter(element__plan__slug=PLAN).delete()
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-3")  # March 2023
    ProgressUpdate.objects.create(
        element=element,
        rag=Rag.RED,
        percent_complete=20,
        as_at=dt.date(2023, 1, 31),
        status=ProgressUpdate.Status.APPROVED,
    )

    def status_cells(as_at: str) -> str:
        html = pages.get(f"{URL}?as_at={as_at}").content.decode()
        row = html[html.index('data-key="ms-2.5-3"', html.index('id="timeline-table"')) :]
        return text_of(row[: row.index("</tr>")]).replace("\xa0", " ")

    assert "No update" in status_cells("2022-12-31") and "Overdue" not in status_cells("2022-12-31")
    assert "Red" in status_cells("2023-02-01") and "Overdue" not in status_cells("2023-02-01")
    assert "Red" in status_cells("2023-04-30") and "Overdue" in status_cells("2023-04-30")
    assert "Sample data" not in text_of(pages.get(URL).content.decode())


@pytest.mark.parametrize("bad", ["31/13/2023", "2023-02-30", "yesterday", "<script>"])
def test_a_bad_as_at_date_gets_a_clear_message_not_an_error_page(pages, bad):
    response = pages.get(URL, data={"as_at": bad}, status=400)
    html = response.content.decode()
    words = text_of(html)
    assert "There is a problem" in words
    assert "The status date must be a real date, for example 31/03/2023" in words
    assert '<a href="#as_at">' in html and 'id="as_at"' in html
    assert "<script>" not in html.split("<body", 1)[1].replace("<script src=", "").replace(
        '<script type="module"', ""
    )
    assert "<title>Error: Timeline" in html
    assert svg_keys(html)  # still shows the timeline, as at today


def test_an_unknown_grouping_gets_a_clear_message(pages):
    html = pages.get(URL, data={"group": "colour"}, status=400).content.decode()
    assert "There is no grouping called “colour”" in text_of(html)


def test_grouping_can_be_turned_off(pages):
    html = pages.get(URL, data={"group": "none", "as_at": "2023-03-31"}).content.decode()
    assert "All milestones, in date order" in text_of(html)
    assert 'value="none" checked' in html


def test_plans_without_dated_milestones_say_so(pages):
    html = pages.get("/plans/lc-business-plan-2013-14/timeline/").content.decode()
    assert "This plan has no dated milestones" in text_of(html)
    assert "<svg" not in html
    html = pages.get("/plans/lc-business-plan-2019-20/timeline/").content.decode()
    assert "shows its dated pledges" in text_of(html)
    assert set(svg_keys(html)) == {"pledge-2-a", "pledge-28"}


def test_the_svg_downloads_on_its_own(pages):
    response = pages.get(f"/plans/{PLAN}/timeline.svg?as_at=2023-03-31&group=none")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert f'filename="{PLAN}-timeline-2023-03-31.svg"' in response["Content-Disposition"]
    root = ET.fromstring(response.content)
    assert root.get("role") == "img"
    assert "London Councils' Shared Ambitions Milestones" in "".join(root.itertext())
    bad = pages.get(f"/plans/{PLAN}/timeline.svg?as_at=nonsense", status=400)
    assert "The status date must be a real date" in bad.content.decode()


def test_a_draft_plans_timeline_is_hidden_from_the_public_and_shown_to_officers(pages, client):
    draft = timeline_plan(slug="tl-draft", milestones=6, status="draft").slug
    pages.get(f"/plans/{draft}/timeline/", status=404)
    pages.get(f"/plans/{draft}/timeline.svg", status=404)
    client.force_login(make_user(Role.VIEWER))
    pages.get(f"/plans/{draft}/timeline/", status=404)
    client.force_login(make_user(Role.OFFICER))
    pages.get(f"/plans/{draft}/timeline/")
    pages.get(f"/plans/{draft}/timeline.svg")


def test_each_table_row_links_to_its_element(pages):
    from urllib.parse import urljoin

    html = pages.get(URL).content.decode()
    table = html[html.index('id="timeline-table"') :]
    href = re.search(r'data-key="ms-2.1-6".*?href="([^"]+)"', table, re.S).group(1)
    assert not href.startswith("/")  # so that printouts do not spell out every address
    page = pages.get(urljoin(URL, href)).content.decode()
    assert "Develop London" in text_of(page)


def test_the_plan_page_links_to_the_timeline(pages):
    assert URL in pages.get(f"/plans/{PLAN}/").content.decode()


def test_query_count_does_not_grow_with_plan_size(client, django_assert_max_num_queries):
    counts = []
    for size in (50, 500):
        plan = timeline_plan(slug=f"tl-size-{size}", milestones=size)
        for element in Element.objects.filter(plan=plan, kind="milestone")[: size // 5]:
            ProgressUpdate.objects.create(
                element=element,
                rag=Rag.GREEN,
                percent_complete=50,
                as_at=dt.date(2022, 12, 1),
                status=ProgressUpdate.Status.APPROVED,
            )
        url = f"/plans/{plan.slug}/timeline/?as_at=2023-03-31"
        with django_assert_max_num_queries(12):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        assert response.status_code == 200
        assert len(svg_keys(response.content.decode())) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_printed_the_timeline_is_one_landscape_page_per_objective(pages):
    html = pages.get(URL + "?as_at=2023-03-31").content.decode()
    screen = html[: html.index('class="app-print-only"')]
    printed = html[html.index('class="app-print-only"') :].split("</div>", 1)[0]
    assert "app-screen-only" in screen and "@page{size:A4 landscape" in html
    objectives = list(Element.objects.filter(plan__slug=PLAN, kind="objective").order_by("position"))
    charts = re.findall(r'<figure class="govuk-!-margin-0 app-print-page">(.*?)</figure>', printed, re.S)
    assert len(charts) == len(objectives)
    for chart, objective in zip(charts, objectives):
        keys = [k for k in re.findall(r'class="tl-row[^"]*" data-key="([^"]+)"', chart)]
        assert keys and all(Element.objects.get(plan__slug=PLAN, key=k).parent.key in {objective.key, *keys}
                            for k in keys if k.startswith("ms-")), (objective.key, keys)


def test_a_kept_chart_of_a_past_date_moves_its_today_line_at_midnight(client, monkeypatch):
    """The chart is kept per plan version; a chart of a past date also marks today, so the one
    kept yesterday is not served today."""
    from django.utils import timezone

    url = URL + "?as_at=2023-03-31"

    def today_marked(day: dt.date) -> str:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        html = client.get(url).content.decode()
        return re.search(r'class="tl-today" data-date="([^"]+)"', html).group(1)

    assert today_marked(dt.date(2023, 6, 29)) == "2023-06-29"
    assert today_marked(dt.date(2023, 6, 30)) == "2023-06-30"
