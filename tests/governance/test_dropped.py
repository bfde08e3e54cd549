"""A dropped element leaves the delivery pages and reports with everything under it;
an overdue bullet of dated steps counts as overdue in its own right."""

from __future__ import annotations

import datetime as dt

from civicplan.governance import services
from civicplan.plans.models import Element, Plan
from civicplan.reports.content import report_build

SHARED = "lc-shared-ambitions-2022-23"
AS_AT = dt.date(2023, 3, 31)


def _drop(plan, element, officer, manager):
    change = services.change_request_submit(plan=plan, user=officer, kind="drop", element=element, reason="Merged into 2.4")
    services.change_request_approve(change=change, user=manager)


def test_dropping_a_milestone_drops_its_dated_steps_everywhere(governance, officer, manager, client):
    plan = Plan.objects.get(slug=SHARED)
    parent = Element.objects.get(plan=plan, key="ms-2.5-2")
    words = "Deliver Cohort 6 of the LLP"  # step ms-2.5-2-c, March 2023
    timeline_url = f"/plans/{SHARED}/timeline/?as_at={AS_AT}"
    assert words in client.get(timeline_url).content.decode()
    assert words in report_build(plan=plan, kind="progress", as_at=AS_AT).text()
    client.force_login(officer)  # the officer owns objective 2.5, so its milestones are theirs to update
    assert words in client.get("/my-elements/").content.decode()
    client.logout()

    _drop(plan, parent, officer, manager)

    assert words not in client.get(timeline_url).content.decode()
    assert words not in report_build(plan=plan, kind="progress", as_at=AS_AT).text()
    dashboard = client.get(f"/plans/{SHARED}/dashboard/?as_at=2023-01-15").content.decode()
    assert words not in dashboard
    client.force_login(officer)
    assert words not in client.get("/my-elements/").content.decode()


def test_an_overdue_milestone_with_steps_is_an_exception_in_the_report_and_dashboard(governance, client):
    plan = Plan.objects.get(slug=SHARED)
    parent = Element.objects.get(plan=plan, key="ms-2.1-6")  # Autumn 2022, with a step in May 2023
    assert parent.children.exists() and parent.date_end == dt.date(2022, 11, 30)
    text = report_build(plan=plan, kind="progress", as_at=AS_AT).text()
    overdue_section = text.split("Overdue: past the target date and not complete", 1)[1].split("Re-dated since", 1)[0]
    assert " ".join(parent.title.split())[:40] in " ".join(overdue_section.split())
    dashboard = client.get(f"/plans/{SHARED}/dashboard/?as_at={AS_AT}").content.decode()
    overdue_panel = dashboard.split('id="overdue"', 1)[1].split("</table>", 1)[0]
    assert "Develop London’s infrastructure proposition" in overdue_panel or "Develop London&#x27;s infrastructure" in overdue_panel


def test_a_date_edited_directly_after_adoption_shows_against_the_baseline(governance, client):
    plan = Plan.objects.get(slug=SHARED)
    element = Element.objects.get(plan=plan, key="ms-2.1-6")  # adopted as "Autumn 2022"
    element.date_text, element.date_start, element.date_end = "March 2023", dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    element.save()
    text = " ".join(report_build(plan=plan, kind="progress", as_at=AS_AT).text().split())
    section = text.split("Re-dated since the adopted baseline", 1)[1].split("Completed since", 1)[0]
    assert "Re-dated from Autumn 2022 to March 2023" in section
    assert "without a change request" in section
