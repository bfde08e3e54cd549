"""What users see: the plan page filters, dashboard, element page, as-at dates, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import ReportingDate
from civicplan.organisations.models import Organisation, Person
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user, synthetic_plan

pytestmark = pytest.mark.django_db
PLAN = "lc-shared-ambitions-2022-23"


def test_update_then_approve_then_see_it_on_the_dashboard(client, pages):
    officer = make_user(Role.OFFICER, "officer", person_name="Barbara Salmon")
    Element.objects.filter(plan__slug=PLAN, key="obj-2.5").update(owner_person=officer.person)
    client.force_login(officer)
    form = pages.get(f"/plans/{PLAN}/elements/ms-2.5-3/update/").content.decode()
    assert "Off track: will miss the target date" in form  # each status with its definition
    response = client.post(f"/plans/{PLAN}/elements/ms-2.5-3/update/", {
        "rag": "red", "percent_complete": "35", "commentary": "Supplier withdrew; retendering",
        "evidence_url": "https://example.org/cmt-minutes", "as_at": dt.date.today().isoformat(),
    })
    assert response.status_code == 302
    element_page = text_of(pages.get(f"/plans/{PLAN}/elements/ms-2.5-3/").content.decode())
    assert "1 update awaiting approval" in element_page

    manager = make_user(Role.PLAN_MANAGER, "manager")
    client.force_login(manager)
    queue = pages.get("/updates/").content.decode()
    assert "Supplier withdrew; retendering" in queue
    update = ProgressUpdate.objects.get(commentary="Supplier withdrew; retendering")
    client.post(f"/updates/{update.pk}/review/", {"decision": "approve"})
    dashboard = text_of(pages.get(f"/plans/{PLAN}/dashboard/").content.decode())
    assert "Delivery of a new performance benchmarking solution for boroughs" in dashboard
    assert "Red" in dashboard


def test_an_invalid_update_is_refused_with_messages_and_nothing_saved(client, pages):
    client.force_login(make_user(Role.PLAN_MANAGER))
    before = ProgressUpdate.objects.count()
    response = client.post(f"/plans/{PLAN}/elements/ms-2.5-3/update/", {
        "rag": "complete", "percent_complete": "140", "evidence_url": "not a url", "achieved_date": "31/02/2023",
    })
    html = response.content.decode()
    assert response.status_code == 200
    pages.check_html("update form", html)
    assert "There is a problem" in html
    assert "Percent complete must be 100 or less" in html
    assert "Enter a web address" in html
    assert "Date achieved must be a real date" in html
    assert ProgressUpdate.objects.count() == before


def test_plan_page_filters_by_sub_priority_and_status(pages):
    html = pages.get(f"/plans/{PLAN}/?kind=milestone&sub_priority=sp-2.4-4").content.decode()
    words = text_of(html)
    assert "Agree priority taxes/financial freedoms" in words
    assert "Devolution proposals developed" in words
    assert "Budget submission" not in words
    overdue = text_of(pages.get(f"/plans/{PLAN}/?due=overdue&as_at=2023-03-31").content.decode())
    assert "Freedom Pass appointment and settlement report delivered to TEC" in overdue


def test_status_as_it_stood_on_a_date(pages):
    early = text_of(pages.get(f"/plans/{PLAN}/elements/ms-2.4-3/?as_at=2022-07-01").content.decode())
    later = text_of(pages.get(f"/plans/{PLAN}/elements/ms-2.4-3/?as_at=2023-06-30").content.decode())
    assert "No update" in early
    assert "Complete" in later
    assert "Sample data" in later


def test_a_plan_whose_period_has_ended_offers_its_status_at_the_end(pages):
    """The seed plans are historical: today's date shows nothing due, so offer the plan's end."""
    html = pages.get(f"/plans/{PLAN}/dashboard/").content.decode()
    assert "This plan’s period ended on 31 December 2023." in text_of(html)
    assert 'href="?as_at=2023-12-31">Show status at the end of the plan</a>' in html
    filtered = pages.get(f"/plans/{PLAN}/?kind=milestone").content.decode()
    assert 'href="?kind=milestone&amp;as_at=2023-12-31"' in filtered
    at_end = pages.get(f"/plans/{PLAN}/dashboard/?as_at=2023-12-31").content.decode()
    assert "Show status at the end of the plan" not in at_end
    assert 'value="31/12/2023"' in pages.get(f"/plans/{PLAN}/elements/ms-2.4-3/?as_at=2023-12-31").content.decode()


@pytest.mark.parametrize("value", ["yesterday", "2023-02-30", "99999-01-01", "<script>"])
def test_a_bad_as_at_date_is_explained(pages, value):
    html = pages.get(f"/plans/{PLAN}/dashboard/?as_at={value}").content.decode()
    assert "The status date must be a real date, for example 31/03/2023." in text_of(html)
    assert "<script>" not in html.split("</head>")[1].replace('<script src=', '').replace('<script type="module"', '')


def test_element_page_shows_words_dates_links_and_history(pages, admin_client):
    html = text_of(pages.get(f"/plans/{PLAN}/elements/ms-2.1-3/").content.decode())
    assert "by Jan 2023" in html and "by 31 Jan 2023" in html
    assert "Contributes to: Developing London's role as a global city" in html.replace("’", "'")
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-3")
    element.date_text = "March 2023"
    element.save()
    history = text_of(pages.get(f"/plans/{PLAN}/elements/ms-2.1-3/").content.decode())
    assert "History" in history and ": changed" in history
    assert "target from “by Jan 2023” to “March 2023”" in history, "each change says old and new values"
    assert "changed by" not in history, "the public is not told who on the staff made the edit"
    staff_view = text_of(admin_client.get(f"/plans/{PLAN}/elements/ms-2.1-3/").content.decode())
    assert "changed by" in staff_view


def test_a_sub_priority_page_shows_what_contributes_to_it_and_its_roll_up(pages):
    html = pages.get(f"/plans/{PLAN}/elements/sp-2.5-1/?as_at=2023-12-31").content.decode()
    words = text_of(html)
    assert "What contributes to this" in words
    assert "1 element in this plan contributes to this sub-priority. Its status rolls up from them." in words
    assert "Complete (rolled up)" in words and "100% complete, rolled up from 1 contributing element" in words
    assert f'href="/plans/{PLAN}/elements/ms-2.5-2/?as_at=2023-12-31"' in html  # the date shown is kept
    # The objective above it counts its milestones, and says the sub-priorities are for reference.
    objective = text_of(pages.get(f"/plans/{PLAN}/elements/obj-2.5/?as_at=2023-12-31").content.decode())
    assert "rolled up from 3 parts" in objective
    assert "Progress rolls up from the parts with a weight; the others are shown for reference." in objective


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["", "dashboard/", "?kind=milestone&rag=none", "elements/ms-3/", "elements/sp-1/"])
def test_query_count_does_not_grow_with_plan_size(client, page):
    synthetic_plan(slug="small-plan", milestones=20)
    synthetic_plan(slug="large-plan", milestones=400)
    small = _queries(client, f"/plans/small-plan/{page}")
    large = _queries(client, f"/plans/large-plan/{page}")
    assert small == large, (small, large)


@pytest.mark.parametrize("page", ["", "dashboard/", "timeline/", "?owner=Owner+1", "elements/obj-1/"])
def test_query_count_does_not_grow_with_owners_or_reports(client, page):
    """Owners read as people, and a dashboard that compares with the last report, still cost a
    fixed number of queries however many elements a plan has."""
    organisation = Organisation.objects.get(slug="london-councils")
    people = [Person.objects.create(organisation=organisation, name=f"Owner {i}") for i in range(3)]
    for slug, size in (("small-plan", 20), ("large-plan", 400)):
        plan = synthetic_plan(slug=slug, milestones=size)
        milestone_ids = list(Element.objects.filter(plan=plan, kind="milestone").values_list("id", flat=True))
        for i, person in enumerate(people):
            Element.objects.filter(id__in=milestone_ids[i::3]).update(owner_person=person)
        ReportingDate.objects.create(plan=plan, date=dt.date(2023, 3, 31))
    small = _queries(client, f"/plans/small-plan/{page}")
    large = _queries(client, f"/plans/large-plan/{page}")
    assert small == large, (small, large)


def test_the_dashboard_reads_each_pledge_parent_without_a_query(pages):
    pledge_plan = _queries(pages.client, "/plans/lc-business-plan-2019-20/dashboard/")
    milestone_plan = _queries(pages.client, f"/plans/{PLAN}/dashboard/")
    assert pledge_plan <= milestone_plan + 2, (pledge_plan, milestone_plan)


def test_the_pledges_page_reads_each_pledge_parent_without_a_query(pages):
    """Sub-pledges sit under pledges: the page must not look each parent up one by one."""
    from civicplan.plans.models import Element

    pledges = Element.objects.filter(kind="pledge").count()
    assert pledges > 40
    assert _queries(pages.client, "/pledges/") < 30


def test_pledges_and_services_pages(pages):
    pledges = text_of(pages.get("/pledges/").content.decode())
    from civicplan.plans.models import Element

    subs = Element.objects.filter(plan__slug="lc-business-plan-2019-20", kind="pledge", parent__kind="pledge").count()
    assert subs > 0
    assert f"46 pledges, with {subs} sub-pledges beneath them. Find all {46 + subs} in the plan" in pledges
    assert "Deliver at least 2500 charging points for electric vehicles" in pledges
    services = text_of(pages.get("/services/").content.decode())
    assert "1.2 million older and disabled London residents" in services
    assert "Taxicard" in services and "London Tribunals" in services


def test_the_review_queue_shows_an_update_whose_submitter_was_removed(client, pages):
    from civicplan.delivery.services import progress_update_submit

    officer = make_user(Role.OFFICER, "leaving-officer", person_name="Leaving officer")
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-1")
    element.owner_person = officer.person
    element.save()
    progress_update_submit(element=element, user=officer, rag="amber", percent_complete=50, as_at=dt.date(2023, 1, 31))
    officer.delete()
    client.force_login(make_user(Role.PLAN_MANAGER, "queue-manager"))
    words = text_of(pages.get("/updates/").content.decode())
    assert "Not recorded (the account has been removed)" in words
