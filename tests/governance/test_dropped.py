"""A dropped element leaves the delivery pages, roll-ups and reports with everything under it,
from the day the drop was approved; an overdue bullet of dated steps counts as overdue in its
own right; dates edited directly are reported as they stood on the report's date."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.utils import timezone

from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_submit
from civicplan.governance import services
from civicplan.governance.models import ChangeRequest
from civicplan.governance.selectors import redated_since_baseline
from civicplan.plans.models import Element, Plan
from civicplan.reports.content import report_build
from civicplan.standing.status import plan_status
from tests.conftest import text_of

SHARED = "lc-shared-ambitions-2022-23"
AS_AT = dt.date(2023, 3, 31)
DROPPED_ON = dt.date(2023, 2, 1)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _deliverables(public_page: str) -> int:
    return int(re.search(r"Status of the (\d+) deliverables", public_page).group(1))


def _drop(plan, element, officer, manager, on: dt.date = DROPPED_ON):
    """Drop an element as Leaders' Committee's plan manager did on a day during the plan year."""
    change = services.change_request_submit(plan=plan, user=officer, kind="drop", element=element, reason="Merged into 2.4")
    services.change_request_approve(change=change, user=manager)
    ChangeRequest.objects.filter(pk=change.pk).update(decided_at=_at(on))


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

    assert words in client.get(f"/plans/{SHARED}/timeline/?as_at=2023-01-31").content.decode(), (
        "as at a day before the drop, the plan stood as it was"
    )
    assert words not in client.get(timeline_url).content.decode()
    assert words not in report_build(plan=plan, kind="progress", as_at=AS_AT).text()
    assert words in client.get(f"/plans/{SHARED}/dashboard/?as_at=2023-01-15").content.decode()
    assert words not in client.get(f"/plans/{SHARED}/dashboard/?as_at=2023-03-01").content.decode()
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
    element._history_date = _at(dt.date(2023, 2, 10))
    element.save()
    text = " ".join(report_build(plan=plan, kind="progress", as_at=AS_AT).text().split())
    section = text.split("Re-dated since the adopted baseline", 1)[1].split("Completed since", 1)[0]
    assert "Re-dated from Autumn 2022 to March 2023" in section
    assert "without a change request" in section


def test_dropped_work_stops_counting_in_roll_ups_filters_and_downloads(governance, officer, manager, client):
    plan = Plan.objects.get(slug=SHARED)
    objective = Element.objects.get(plan=plan, kind="objective", label="2.5")
    milestones = list(objective.children.filter(kind="milestone").order_by("position"))
    gone = next(m for m in milestones if m.date_end and m.date_end < AS_AT)
    for milestone in milestones:  # everything done, except one milestone badly behind
        done = milestone != gone
        progress_update_submit(element=milestone, user=manager, rag="complete" if done else "red",
                               percent_complete=100 if done else 10, as_at=AS_AT,
                               achieved_date=AS_AT if done else None)
    before = plan_status(plan=plan, as_at=AS_AT)
    assert (before[objective.id].rag, before[gone.id].overdue) == ("red", True)
    public_url = f"/public/plans/{SHARED}/?as_at={AS_AT}"
    deliverables = _deliverables(client.get(public_url).content.decode())

    _drop(plan, gone, officer, manager)

    after = plan_status(plan=plan, as_at=AS_AT)
    assert after[gone.id].dropped and not after[gone.id].overdue
    assert (after[objective.id].rag, round(after[objective.id].percent)) == ("complete", 100)

    overdue_page = client.get(f"/plans/{SHARED}/?due=overdue&as_at={AS_AT}").content.decode()
    assert f"/elements/{gone.key}/" not in overdue_page
    listed = client.get(f"/plans/{SHARED}/?kind=milestone&group={objective.key}&as_at={AS_AT}").content.decode()
    assert f"/elements/{gone.key}/" not in listed, "filtered lists count what is still in the plan"
    tree = client.get(f"/plans/{SHARED}/?as_at={AS_AT}").content.decode()
    assert "Dropped" in tree.split(f"/elements/{gone.key}/", 1)[1].split("</li>", 1)[0]
    page = client.get(f"/plans/{SHARED}/elements/{gone.key}/?as_at={AS_AT}").content.decode()
    assert "was dropped from the plan by an approved change request" in page and "Merged into 2.4" in page

    public_page = client.get(public_url).content.decode()
    assert _deliverables(public_page) == deliverables - 1 - gone.children.count()
    assert "Dropped" in public_page.split(f"/elements/{gone.key}/", 1)[1].split("</li>", 1)[0]

    api = client.get(f"/api/v1/plans/{SHARED}/elements/{gone.key}/", {"as_at": AS_AT}).json()
    assert (api["status"]["dropped"], api["status"]["overdue"]) == (True, False)
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(
        client.get(f"/plans/{SHARED}/export.csv", {"as_at": AS_AT}).content.decode("utf-8-sig")
    ))}
    assert (rows[gone.key]["dropped"], rows[milestones[0].key if milestones[0] != gone else milestones[1].key]["dropped"]) == ("yes", "no")

    client.force_login(officer)  # the officer owns objective 2.5, but dropped work takes no updates
    answer = client.post(f"/plans/{SHARED}/elements/{gone.key}/update/",
                         {"rag": "amber", "percent_complete": "20", "as_at": "2023-03-01"})
    assert "dropped from the plan" in answer.content.decode()
    assert not ProgressUpdate.objects.filter(element=gone, rag="amber").exists()


def test_a_report_as_at_a_past_date_reads_direct_date_edits_as_they_stood_then(governance):
    plan = Plan.objects.get(slug=SHARED)
    element = Element.objects.get(plan=plan, key="ms-2.1-6")  # adopted as "Autumn 2022"
    element.date_text, element.date_start, element.date_end = "March 2023", dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    element._history_date = _at(dt.date(2023, 2, 10))
    element.save()
    del element._history_date
    element.date_text, element.date_start, element.date_end = "June 2023", dt.date(2023, 6, 1), dt.date(2023, 6, 30)
    element.save()  # edited again today

    assert redated_since_baseline(plan=plan, until=dt.date(2023, 1, 31)).get(element.id) is None
    assert redated_since_baseline(plan=plan, until=AS_AT)[element.id].what == "re-dated from Autumn 2022 to March 2023"
    assert redated_since_baseline(plan=plan)[element.id].what == "re-dated from Autumn 2022 to June 2023"


def test_a_page_as_at_a_date_before_a_re_date_shows_the_target_that_stood_then(governance, officer, manager, client):
    plan = Plan.objects.get(slug=SHARED)
    milestone = Element.objects.get(plan=plan, key="ms-2.5-3")
    assert milestone.date_text == "March 2023"
    change = services.change_request_submit(plan=plan, user=officer, kind="redate", element=milestone,
                                            date_text="June 2024", reason="Procurement restarted")
    services.change_request_approve(change=change, user=manager)
    # As if decided on 2 May 2023: the decision and the element's history say so.
    ChangeRequest.objects.filter(pk=change.pk).update(decided_at=_at(dt.date(2023, 5, 2)))
    Element.history.filter(id=milestone.id, history_type="~").update(history_date=_at(dt.date(2023, 5, 2)))

    then = plan_status(plan=plan, as_at=AS_AT)[milestone.id].element
    assert (then.date_text, then.date_end) == ("March 2023", dt.date(2023, 3, 31))
    now = plan_status(plan=plan, as_at=dt.date(2023, 6, 30))[milestone.id].element
    assert (now.date_text, now.date_end) == ("June 2024", dt.date(2024, 6, 30))

    page = text_of(client.get(f"/plans/{SHARED}/elements/{milestone.key}/?as_at={AS_AT}").content.decode())
    assert "March 2023" in page.split("Target", 1)[1].split("Owner", 1)[0]
    timeline = client.get(f"/plans/{SHARED}/timeline/?as_at={AS_AT}").content.decode()
    row = timeline.split(f'data-key="{milestone.key}"', 1)[1].split("</tr>", 1)[0]
    assert "March 2023" in row and "June 2024" not in row
    report = " ".join(report_build(plan=plan, kind="progress", as_at=AS_AT).text().split())
    assert "Re-dated from March 2023 to June 2024" not in report, "the re-date came after the report's date"
    later = " ".join(report_build(plan=plan, kind="progress", as_at=dt.date(2023, 6, 30)).text().split())
    assert "Re-dated from March 2023 to June 2024: Procurement restarted" in later


def test_work_added_after_a_date_is_not_counted_as_at_that_date(governance, officer, manager, client):
    plan = Plan.objects.get(slug=SHARED)
    objective = Element.objects.get(plan=plan, kind="objective", label="2.5")
    change = services.change_request_submit(plan=plan, user=officer, kind="add", parent=objective,
                                            title="Publish the borough benchmarking data", date_text="March 2023",
                                            reason="Leaders asked for it")
    services.change_request_approve(change=change, user=manager)
    ChangeRequest.objects.filter(pk=change.pk).update(decided_at=_at(dt.date(2023, 4, 20)))
    change.refresh_from_db()
    added = change.element

    then = plan_status(plan=plan, as_at=AS_AT)[added.id]
    assert then.added_later and not then.overdue and not then.dropped
    later = plan_status(plan=plan, as_at=dt.date(2023, 6, 30))[added.id]
    assert later.in_plan and later.overdue, "once added, a March 2023 milestone with no update is overdue"
    timeline = client.get(f"/plans/{SHARED}/timeline/?as_at={AS_AT}").content.decode()
    assert "Publish the borough benchmarking data" not in timeline
    assert "Publish the borough benchmarking data" in client.get(f"/plans/{SHARED}/timeline/?as_at=2023-06-30").content.decode()
    tree = client.get(f"/plans/{SHARED}/?as_at={AS_AT}").content.decode()
    assert "Added later" in tree.split(f"/elements/{added.key}/", 1)[1].split("</li>", 1)[0]
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(
        client.get(f"/plans/{SHARED}/export.csv", {"as_at": AS_AT}).content.decode("utf-8-sig")
    ))}
    assert (rows[added.key]["added_later"], rows["ms-2.5-3"]["added_later"]) == ("yes", "no")
    page = text_of(client.get(f"/plans/{SHARED}/elements/{added.key}/?as_at={AS_AT}").content.decode())
    assert "was added to the plan by a change request approved after 31 March 2023" in " ".join(page.split())


def test_a_change_waiting_on_an_element_that_is_then_dropped_cannot_be_approved(governance, officer, manager):
    import pytest
    from django.core.exceptions import ValidationError

    plan = Plan.objects.get(slug=SHARED)
    milestone = Element.objects.get(plan=plan, key="ms-2.5-3")
    redate = services.change_request_submit(plan=plan, user=officer, kind="redate", element=milestone,
                                            date_text="June 2024", reason="Procurement restarted")
    add = services.change_request_submit(plan=plan, user=officer, kind="add", parent=milestone,
                                         title="Award the contract", date_text="May 2024", reason="A step")
    _drop(plan, milestone, officer, manager)
    for change in (redate, add):
        with pytest.raises(ValidationError, match="was dropped from the plan: reject it"):
            services.change_request_approve(change=change, user=manager)
        change.refresh_from_db()
        assert change.status == ChangeRequest.Status.PENDING
    milestone.refresh_from_db()
    assert milestone.date_text == "March 2023" and not milestone.children.exists()
    with pytest.raises(ValidationError, match="Nothing can be added under an element dropped"):
        services.change_request_submit(plan=plan, user=officer, kind="add", parent=milestone,
                                       title="Another step", date_text="May 2024", reason="x")


def test_a_direct_edit_after_a_date_does_not_change_the_plan_as_at_that_date(governance, client):
    plan = Plan.objects.get(slug=SHARED)
    element = Element.objects.get(plan=plan, key="ms-2.4-2")
    adopted = (element.title, element.date_text, element.date_end)
    element.title, element.date_text = "Renamed in the admin", "March 2027"
    element.date_start, element.date_end = dt.date(2027, 3, 1), dt.date(2027, 3, 31)
    element.save()  # today, in the admin

    then = plan_status(plan=plan, as_at=AS_AT)[element.id].element
    assert (then.title, then.date_text, then.date_end) == adopted
    now = plan_status(plan=plan, as_at=timezone.localdate())[element.id].element
    assert (now.title, now.date_text) == ("Renamed in the admin", "March 2027")
    timeline = client.get(f"/plans/{SHARED}/timeline/?as_at={AS_AT}").content.decode()
    assert "Renamed in the admin" not in timeline and "March 2027" not in timeline


def test_an_element_loaded_before_history_was_kept_replays_from_its_change_requests(governance, officer, manager):
    plan = Plan.objects.get(slug=SHARED)
    milestone = Element.objects.get(plan=plan, key="ms-2.5-3")
    Element.history.filter(id=milestone.id).delete()  # as a database loaded before first records were kept
    change = services.change_request_submit(plan=plan, user=officer, kind="redate", element=milestone,
                                            date_text="June 2024", reason="Procurement restarted")
    services.change_request_approve(change=change, user=manager)
    then = plan_status(plan=plan, as_at=AS_AT)[milestone.id].element
    assert (then.date_text, then.date_end, then.date_precision) == ("March 2023", dt.date(2023, 3, 31), "month")
