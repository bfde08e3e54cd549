"""Meetings, decisions, changes and reminders pages, as each role sees and uses them."""

from __future__ import annotations

import datetime as dt

from civicplan.governance.models import ChangeRequest, Decision, Meeting
from civicplan.organisations.models import Body
from civicplan.plans.models import Element, Plan
from tests.conftest import text_of

SHARED = "lc-shared-ambitions-2022-23"
DRAFT_2020 = "lc-business-plan-2020-21"


def test_meetings_page_lists_the_papers_meetings_and_managers_add_one(governance, client, pages, manager):
    Plan.objects.filter(slug=DRAFT_2020).update(status="draft")
    page = text_of(pages.get("/meetings/").content.decode())
    assert "4 June 2019" in page and "Item 19" in page and "27 July 2022" in page
    assert "Business Plan 2020/21" not in page, "a draft plan's items are not shown to the public"
    Plan.objects.filter(slug=DRAFT_2020).update(status="executive")
    client.force_login(manager)
    page = text_of(pages.get("/meetings/").content.decode())
    assert "Item 5: Business Plan 2020/21" in page and "Add a meeting" in page
    response = client.post("/meetings/", {"body": Body.objects.get(name="Executive").pk, "date": "2020-06-30"})
    assert response.status_code == 302
    assert Meeting.objects.filter(body__name="Executive", date=dt.date(2020, 6, 30)).exists()
    response = client.post("/meetings/", {"body": Body.objects.get(name="Executive").pk, "date": "1800-01-01"})
    assert "Date must be between 1990 and 2100" in text_of(response.content.decode())
    response = client.post("/meetings/", {"body": "", "date": "2020-31-31"})
    page = text_of(response.content.decode())
    assert "Choose the body that meets" in page and "Date must be a real date" in page


def test_a_plan_manager_records_the_next_step_on_the_decisions_page(governance, client, pages, manager):
    client.force_login(manager)
    url = f"/plans/{DRAFT_2020}/decisions/"
    page = text_of(pages.get(url).content.decode())
    assert "Executive, item 5" in page and "Commented on" in page
    assert "Consultation notes" in page and "reflects very early inter-action with new portfolio holder" in page
    leaders = Meeting.objects.get(body__name="Leaders' Committee", date=dt.date(2020, 3, 24))
    response = client.post(url, {"to_status": "leaders_committee", "meeting": leaders.pk, "item_no": "7",
                                 "decision": "commented", "note": "Leaders commented"})
    assert response.status_code == 302
    assert Plan.objects.get(slug=DRAFT_2020).status == "leaders_committee"
    decision = Decision.objects.filter(plan__slug=DRAFT_2020).latest("id")
    assert (decision.recorded_by, decision.agenda_item.number) == (manager, "7")
    # A step the workflow does not allow is refused with the reason, and nothing changes.
    response = client.post(url, {"to_status": "closed", "meeting": leaders.pk, "decision": "approved"})
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response.content.decode())
    assert Plan.objects.get(slug=DRAFT_2020).status == "leaders_committee"


def test_the_public_cannot_see_a_draft_plans_decisions_and_cannot_post(governance, client, pages, officer):
    Plan.objects.filter(slug=DRAFT_2020).update(status="draft")
    pages.get(f"/plans/{DRAFT_2020}/decisions/", status=404)
    page = text_of(pages.get(f"/plans/{SHARED}/decisions/").content.decode())
    assert "Record a decision" not in page and "Leaders' Committee, item 4" in page
    client.force_login(officer)
    assert client.post(f"/plans/{SHARED}/decisions/", {"decision": "noted"}).status_code == 403


def test_an_officer_requests_a_change_and_a_manager_approves_it_on_the_changes_page(governance, client, pages, officer, manager):
    url = f"/plans/{SHARED}/changes/"
    milestone = Element.objects.get(plan__slug=SHARED, title__startswith="Freedom Pass appointment")
    client.force_login(officer)
    page = pages.get(url).content.decode()
    assert "Request a change" in page
    assert "Budget submission" not in page, "only the officer's own elements are offered"
    response = client.post(url, {"kind": "redate", "element": milestone.key, "date_text": "not a date", "reason": ""})
    text = text_of(response.content.decode())
    assert "cannot be read as a target date" in text or "Give the reason" in text
    response = client.post(url, {"kind": "redate", "element": milestone.key, "date_text": "March 2023",
                                 "reason": "Settlement talks moved"})
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    client.force_login(manager)
    page = text_of(pages.get(url).content.decode())
    assert "Awaiting a decision" in page and "Re-dated from December 2022 to March 2023" in page
    response = client.post(f"{url}{change.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    page = text_of(pages.get(url).content.decode())
    assert "Re-dated from December 2022 to March 2023: Settlement talks moved" in page
    milestone.refresh_from_db()
    assert milestone.date_text == "March 2023"


def test_reminders_page_lists_overdue_milestones_and_reminders(governance, client, pages, officer, manager):
    assert client.get("/reminders/").status_code == 302, "sign in first"
    client.force_login(manager)
    page = text_of(pages.get("/reminders/").content.decode())
    assert "Reminders sent" in page and "Coming reporting dates" in page
    response = client.post("/reminders/", {"action": "send"})
    assert response.status_code == 302
    response = client.post("/reminders/", {"plan": SHARED, "rd-date": "2024-03-31", "rd-remind_days_before": "10"})
    assert response.status_code == 302
    from civicplan.governance.models import ReportingDate

    before = ReportingDate.objects.count()
    for plan, day, message in (
        ("lc-business-plan-2019-20", "2024-06-30", "Choose a plan in delivery to add a reporting date to."),
        ("nope", "2024-06-30", "Choose a plan in delivery to add a reporting date to."),
        (SHARED, "1800-01-01", "Date progress is due must be between 1990 and 2100"),
    ):
        response = client.post("/reminders/", {"plan": plan, "rd-date": day, "rd-remind_days_before": "10"})
        assert response.status_code == 200 and message in text_of(response.content.decode()), (plan, day)
    assert ReportingDate.objects.count() == before
    client.force_login(officer)
    pages.get("/reminders/")


def test_a_plan_manager_adds_a_consultation_note_that_the_plan_report_prints(governance, client, pages, manager, officer):
    from civicplan.governance.models import ConsultationNote
    from civicplan.reports.content import report_build

    url = f"/plans/{DRAFT_2020}/decisions/"
    client.force_login(officer)
    page = text_of(pages.get(url).content.decode())
    assert "Add a consultation note" not in page
    assert client.post(url, {"action": "note", "note-element": "x", "note-text": "y"}).status_code == 403
    client.force_login(manager)
    portfolio = Element.objects.get(plan__slug=DRAFT_2020, kind="portfolio", title="Skills and Employment")
    response = client.post(url, {"action": "note", "note-element": portfolio.key, "note-text": "",
                                 "note-consulted_on": "2020-31-31"})
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Enter the note" in page and "Date consulted must be a real date" in page
    response = client.post(url, {"action": "note", "note-element": portfolio.key,
                                 "note-text": "agreed with the portfolio holder at the February meeting",
                                 "note-consulted_on": "2020-02-14"})
    assert response.status_code == 302
    note = ConsultationNote.objects.get(element=portfolio)
    assert note.consulted_on == dt.date(2020, 2, 14)
    assert Plan.objects.get(slug=DRAFT_2020).decisions.count() == 2, "adding a note records no decision"
    page = text_of(pages.get(url).content.decode())
    assert "Skills and Employment : agreed with the portfolio holder at the February meeting (14 February 2020)" in page
    doc = report_build(plan=Plan.objects.get(slug=DRAFT_2020), kind="plan")
    assert "Consultation: agreed with the portfolio holder at the February meeting" in doc.text()


def test_a_plan_manager_numbers_an_agenda_item_and_adds_another_on_the_meetings_page(governance, client, pages, manager):
    from civicplan.governance.models import AgendaItem

    client.force_login(manager)
    leaders = Body.objects.get(name="Leaders' Committee")
    plan = Plan.objects.get(slug=DRAFT_2020)
    # The seed lists the 2020/21 draft for 24 March 2020 before the agenda gave it a number.
    item = AgendaItem.objects.get(meeting__date=dt.date(2020, 3, 24), plan=plan)
    assert item.number == ""
    response = client.post("/meetings/", {"body": leaders.pk, "date": "2020-03-24", "item_no": "7", "plan": plan.pk,
                                          "item_title": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.number == "7" and AgendaItem.objects.filter(meeting=item.meeting).count() == 1
    response = client.post("/meetings/", {"body": leaders.pk, "date": "2020-03-24", "item_no": "8", "plan": "",
                                          "item_title": "Minutes of the last meeting"})
    assert response.status_code == 302
    page = text_of(pages.get("/meetings/").content.decode())
    assert "Item 7: Business Plan 2020/21" in page and "Item 8: Minutes of the last meeting" in page
    response = client.post("/meetings/", {"body": leaders.pk, "date": "2020-03-24", "item_no": "", "plan": plan.pk})
    assert "Enter the agenda item number" in text_of(response.content.decode())
    other = Plan.objects.get(slug="lc-business-plan-2019-20")
    response = client.post("/meetings/", {"body": leaders.pk, "date": "2020-03-24", "item_no": "7", "plan": other.pk})
    assert response.status_code == 200
    assert "Item 7 of this meeting is already about Business Plan 2020/21" in text_of(response.content.decode())


def test_agenda_items_are_listed_in_agenda_order_on_the_page_and_in_the_api(governance, client, manager):
    from civicplan.governance import services

    meeting = services.meeting_get_or_create(body=Body.objects.get(name="Executive"), date=dt.date(2021, 2, 9))
    for number in ("10", "2", "5a", "5"):
        services.agenda_item_set(meeting=meeting, number=number, title=f"Agenda business {number}", user=manager)
    words = text_of(client.get("/meetings/").content.decode())
    positions = [words.index(f"Item {n}: Agenda business {n}") for n in ("2", "5", "5a", "10")]
    assert positions == sorted(positions)
    api = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [i["number"] for i in api["items"]] == ["2", "5", "5a", "10"]


def test_the_dashboard_lists_status_changes_since_the_last_committee_report(governance, pages):
    from civicplan.governance.models import ReportingDate

    plan = Plan.objects.get(slug=SHARED)
    ReportingDate.objects.create(plan=plan, date=dt.date(2023, 1, 15))
    page = pages.get(f"/plans/{SHARED}/dashboard/?as_at=2023-02-15").content.decode()
    section = text_of(page.split('id="changed"', 1)[1].split("<h2", 1)[0])
    assert "Since 15 January 2023" in section
    rows = {" ".join(row.split()) for row in section.split("\n") if row.strip()}
    done = Element.objects.get(plan=plan, key="ms-2.1-3").title  # green at 31 December, complete by 31 January
    steady = Element.objects.get(plan=plan, key="ms-2.1-4").title  # green at both dates
    assert any(done[:60] in row and "Green" in row and "Complete" in row for row in rows), section
    assert steady[:60] not in section


def test_the_dashboard_plan_page_timeline_and_report_count_the_same_milestones(governance, client):
    import re

    from civicplan.reports.content import report_build

    as_at = "2023-03-31"
    dashboard = client.get(f"/plans/{SHARED}/dashboard/?as_at={as_at}").content.decode()
    all_row = re.search(r">All</th>(.*?)</tr>", dashboard, re.S).group(1)
    on_dashboard = int(re.findall(r">(\d+)</td>", all_row)[-1])

    def results(query: str) -> int:
        page = client.get(f"/plans/{SHARED}/?{query}&as_at={as_at}").content.decode()
        return int(re.search(r'id="results">(\d+) result', page).group(1))

    timeline = client.get(f"/plans/{SHARED}/timeline/?as_at={as_at}").content.decode()
    milestone_keys = set(Element.objects.filter(plan__slug=SHARED, kind="milestone").values_list("key", flat=True))
    rows = re.findall(r'<tr class="govuk-table__row" data-key="([^"]+)"', timeline)  # the accessible table
    on_timeline = sum(1 for key in rows if key in milestone_keys)  # beside the key political events
    report = report_build(plan=Plan.objects.get(slug=SHARED), kind="progress", as_at=dt.date(2023, 3, 31)).text()
    in_report = int(re.search(r"sets out progress on the (\d+) milestones", report).group(1))
    milestones = len(milestone_keys)
    assert on_dashboard == results("kind=milestone") == on_timeline == in_report == milestones
    due_this = int(re.search(r'id="due-this">Due this quarter \((\d+)\)', dashboard).group(1))
    assert due_this == results("kind=milestone&due=this-quarter")
    overdue = int(re.search(r'id="overdue">Overdue \((\d+)\)', dashboard).group(1))
    assert overdue == results("kind=milestone&due=overdue")


def test_an_element_with_no_owner_of_its_own_names_the_owner_it_has_through_its_objective(governance, officer, pages):
    page = text_of(pages.get(f"/plans/{SHARED}/elements/ms-2.5-3/").content.decode())
    assert "Barbara Salmon, as owner of objective 2.5" in " ".join(page.split())
    listed = pages.get(f"/plans/{SHARED}/?owner=Barbara+Salmon").content.decode()
    assert "/elements/obj-2.5/" in listed and "/elements/ms-2.5-3/" in listed, "the owner filter finds what they own through it"
    assert "/elements/ms-2.1-3/" not in listed


def test_links_between_a_plans_pages_keep_the_as_at_date(governance, pages):
    kept = "?as_at=2023-03-31"
    plan_page = pages.get(f"/plans/{SHARED}/{kept}").content.decode()
    assert f'href="/plans/{SHARED}/dashboard/{kept}"' in plan_page
    assert f'href="/plans/{SHARED}/timeline/{kept}"' in plan_page
    assert f'href="/plans/{SHARED}/elements/ms-2.1-3/{kept}"' in plan_page
    filtered = pages.get(f"/plans/{SHARED}/{kept}&kind=milestone").content.decode()
    assert f'href="/plans/{SHARED}/elements/ms-2.1-3/{kept}"' in filtered
    dashboard = pages.get(f"/plans/{SHARED}/dashboard/{kept}").content.decode()
    assert f"/elements/ms-2.1-3/{kept}" in dashboard or f"/elements/ms-2.1-4/{kept}" in dashboard
    timeline = pages.get(f"/plans/{SHARED}/timeline/{kept}").content.decode()
    assert f'href="../elements/ms-2.1-3/{kept}"' in timeline
    element = pages.get(f"/plans/{SHARED}/elements/ms-2.1-6/{kept}").content.decode()
    assert f'href="/plans/{SHARED}/elements/ms-2.1-6-a/{kept}"' in element
    assert f'href="/plans/{SHARED}/{kept}">Clear filters' in filtered
    contributing = pages.get(f"/plans/{SHARED}/elements/ms-2.5-2/{kept}").content.decode()
    assert f'href="/plans/{SHARED}/elements/sp-2.5-1/{kept}"' in contributing
    public = pages.get(f"/public/plans/{SHARED}/{kept}").content.decode()
    assert f'/public/plans/{SHARED}/elements/ms-2.1-3/{kept}"' in public
    assert "as_at=" not in pages.get(f"/plans/{SHARED}/?as_at=nonsense").content.decode().split("Find in this plan")[1]
