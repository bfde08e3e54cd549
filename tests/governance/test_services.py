"""The approval cycle, adopted baselines, change requests and reminders, through the services."""

from __future__ import annotations

import datetime as dt
import io
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from civicplan.delivery.models import ProgressUpdate
from civicplan.governance import selectors, services
from civicplan.governance.models import AgendaItem, Baseline, ChangeRequest, ConsultationNote, Decision, Meeting, Reminder, ReportingDate
from civicplan.organisations.models import Body, Person
from civicplan.standing.changes import dropped_element_ids
from civicplan.plans.models import Element, Plan

SHARED = "lc-shared-ambitions-2022-23"
DRAFT_2020 = "lc-business-plan-2020-21"


def _meeting(name: str, day: str) -> Meeting:
    body = Body.objects.get(name=name)
    return services.meeting_get_or_create(body=body, date=dt.date.fromisoformat(day))


def test_seed_records_the_meetings_and_decisions_the_papers_give(governance):
    noted = Decision.objects.get(plan__slug="lc-business-plan-2019-20", agenda_item__number="19")
    assert noted.meeting.body.name == "Leaders' Committee" and noted.decided_on == dt.date(2019, 6, 4)
    assert noted.outcome == Decision.Outcome.NOTED
    discussed = Decision.objects.get(plan__slug=DRAFT_2020, agenda_item__number="5")
    assert discussed.meeting.body.name == "Executive" and discussed.decided_on == dt.date(2020, 3, 3)
    approved = Decision.objects.get(plan__slug=SHARED, agenda_item__number="4")
    assert (approved.meeting.date, approved.outcome, approved.to_status) == (dt.date(2022, 7, 27), "approved", "adopted")
    assert Baseline.objects.filter(plan__slug=SHARED, adopted_on=dt.date(2022, 7, 27)).exists()
    notes = ConsultationNote.objects.filter(element__plan__slug=DRAFT_2020).values_list("element__title", flat=True)
    assert sorted(notes) == ["Crime & Public Protection", "Schools and Children’s Services"]
    # Running it again adds nothing.
    counts = (Decision.objects.count(), Meeting.objects.count(), Baseline.objects.count(), AgendaItem.objects.count())
    services.governance_seed_load()
    assert counts == (Decision.objects.count(), Meeting.objects.count(), Baseline.objects.count(), AgendaItem.objects.count())


def test_a_plan_moves_only_by_allowed_steps_each_recording_meeting_decision_and_user(governance, manager):
    plan = Plan.objects.get(slug=DRAFT_2020)
    assert plan.status == "executive"
    leaders = _meeting("Leaders' Committee", "2020-03-24")
    executive = _meeting("Executive", "2020-05-19")

    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, to_status="closed", meeting=leaders, decision="approved", user=manager)
    assert "cannot move to closed" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, to_status="leaders_committee", meeting=executive, decision="commented", user=manager)
    assert "taken by the Leaders' Committee, not the Executive" in str(error.value)

    step = services.plan_transition(
        plan=plan, to_status="leaders_committee", meeting=leaders, decision="commented", user=manager,
        item_no="6", note="Leaders commented on the draft.",
    )
    plan.refresh_from_db()
    assert plan.status == "leaders_committee"
    assert (step.recorded_by, step.meeting, step.agenda_item.number) == (manager, leaders, "6")
    assert not Baseline.objects.filter(plan=plan).exists()

    # Adoption needs an approving decision...
    services.plan_transition(plan=plan, to_status="executive", meeting=executive, decision="noted", user=manager)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, to_status="adopted", meeting=executive, decision="noted", user=manager)
    assert "approved or agreed with changes" in str(error.value)
    # ...and freezes the baseline: every element as it stood.
    services.plan_transition(plan=plan, to_status="adopted", meeting=executive, decision="agreed_with_changes", user=manager)
    plan.refresh_from_db()
    assert plan.status == "adopted"
    baseline = selectors.baseline_current(plan=plan)
    assert baseline.adopted_on == dt.date(2020, 5, 19)
    assert len(baseline.snapshot) == plan.elements.count()
    assert [d.outcome for d in selectors.plan_decisions(plan=plan)][-3:] == ["commented", "noted", "agreed_with_changes"]


def test_a_decision_without_a_move_needs_a_meeting_and_only_managers_record_decisions(governance, manager, officer):
    plan = Plan.objects.get(slug=DRAFT_2020)
    with pytest.raises(ValidationError):
        services.plan_transition(plan=plan, to_status=plan.status, meeting=None, decision="noted", user=manager)
    with pytest.raises(PermissionDenied):
        services.plan_transition(plan=plan, to_status="leaders_committee", meeting=_meeting("Leaders' Committee", "2020-03-24"),
                                 decision="commented", user=officer)
    plan.refresh_from_db()
    assert plan.status == "executive"


def test_a_step_cannot_be_dated_in_the_future_or_before_the_plans_last_move(governance, manager):
    plan = Plan.objects.get(slug=DRAFT_2020)  # last moved at the Executive on 3 March 2020
    future = _meeting("Leaders' Committee", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, to_status="leaders_committee", meeting=future, decision="commented", user=manager)
    assert "only once the meeting has taken place" in str(error.value)
    earlier = _meeting("Leaders' Committee", "2019-12-10")
    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, to_status="leaders_committee", meeting=earlier, decision="commented", user=manager)
    assert "cannot be dated before that" in str(error.value) and "3 March 2020" in str(error.value)
    plan.refresh_from_db()
    assert plan.status == "executive"


def test_the_workflow_is_data_an_organisation_can_change(governance, manager):
    plan = Plan.objects.get(slug=DRAFT_2020)
    from civicplan.governance.models import WorkflowStep

    WorkflowStep.objects.filter(organisation=plan.organisation, from_status="executive", to_status="leaders_committee").delete()
    with pytest.raises(ValidationError) as error:
        services.plan_transition(plan=plan, to_status="leaders_committee", meeting=_meeting("Leaders' Committee", "2020-03-24"),
                                 decision="commented", user=manager)
    assert "Allowed next steps" in str(error.value)


def _milestone(title_start: str) -> Element:
    return Element.objects.get(plan__slug=SHARED, kind="milestone", title__startswith=title_start)


def test_a_redate_is_requested_approved_and_shown_against_the_baseline(governance, officer, manager):
    plan = Plan.objects.get(slug=SHARED)
    milestone = _milestone("Freedom Pass appointment")
    assert milestone.date_text == "December 2022"
    change = services.change_request_submit(
        plan=plan, user=officer, kind="redate", element=milestone, date_text="March 2023",
        reason="TfL settlement talks moved to the new year",
    )
    milestone.refresh_from_db()
    assert milestone.date_text == "December 2022", "nothing changes until a plan manager approves"
    with pytest.raises(PermissionDenied):
        services.change_request_approve(change=change, user=officer)

    services.change_request_approve(change=change, user=manager)
    milestone.refresh_from_db()
    assert (milestone.date_text, milestone.date_start, milestone.date_end) == (
        "March 2023", dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    )
    line = selectors.redated_since_baseline(plan=plan)[milestone.id]
    assert line.sentence == "Re-dated from December 2022 to March 2023: TfL settlement talks moved to the new year"
    assert milestone.history.first().history_change_reason.startswith("Re-date: TfL settlement")
    # A second re-date still reads from what was adopted.
    again = services.change_request_submit(plan=plan, user=officer, kind="redate", element=milestone,
                                           date_text="Summer 2023", reason="Board postponed")
    services.change_request_approve(change=again, user=manager)
    line = selectors.redated_since_baseline(plan=plan)[milestone.id]
    assert line.what == "re-dated from December 2022 to Summer 2023"
    assert line.reason == "TfL settlement talks moved to the new year; Board postponed"


def test_officers_request_changes_only_to_their_own_elements_with_a_reason_and_a_readable_date(governance, officer):
    plan = Plan.objects.get(slug=SHARED)
    not_theirs = _milestone("Budget submission")
    with pytest.raises(PermissionDenied):
        services.change_request_submit(plan=plan, user=officer, kind="redate", element=not_theirs,
                                       date_text="March 2023", reason="x")
    theirs = _milestone("Freedom Pass appointment")
    with pytest.raises(ValidationError) as error:
        services.change_request_submit(plan=plan, user=officer, kind="redate", element=theirs,
                                       date_text="sometime soonish", reason="")
    problems = error.value.message_dict
    assert "cannot be read as a target date" in problems["date_text"][0]
    assert "Give the reason" in problems["reason"][0]
    assert not ChangeRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.change_request_submit(plan=Plan.objects.get(slug=DRAFT_2020), user=None, kind="drop",
                                       element=Element.objects.filter(plan__slug=DRAFT_2020).first(), reason="x")


def test_rescope_drop_and_add_change_the_plan_once_approved(governance, officer, manager):
    plan = Plan.objects.get(slug=SHARED)
    objective = Element.objects.get(plan=plan, kind="objective", label="2.5")
    benchmarking = _milestone("Delivery of a new performance benchmarking")
    rescope = services.change_request_submit(plan=plan, user=officer, kind="rescope", element=benchmarking,
                                             title="Pilot a benchmarking tool with ten boroughs", reason="Funding halved")
    drop = services.change_request_submit(plan=plan, user=officer, kind="drop", element=_milestone("Freedom Pass appointment"),
                                          reason="Now handled by TEC")
    add = services.change_request_submit(plan=plan, user=officer, kind="add", parent=objective,
                                         title="Publish the borough benchmarking data", date_text="Autumn 2023",
                                         reason="Leaders asked for it")
    for change in (rescope, drop, add):
        services.change_request_approve(change=change, user=manager)
    benchmarking.refresh_from_db()
    assert benchmarking.title == "Pilot a benchmarking tool with ten boroughs"
    assert drop.element_id in dropped_element_ids(plan=plan)
    add.refresh_from_db()
    new = add.element
    assert (new.parent, new.kind, new.date_start) == (objective, "milestone", dt.date(2023, 9, 1))
    positions = list(Element.objects.filter(plan=plan).values_list("position", flat=True))
    assert len(positions) == len(set(positions)), "document order stays a strict order"
    last_under_objective = max(e.position for e in Element.objects.filter(parent=objective).exclude(pk=new.pk))
    assert new.position > last_under_objective
    sentences = [line.sentence for line in selectors.plan_change_lines(plan=plan)]
    assert any(
        s.startswith("Re-scoped from “Delivery of a new performance benchmarking")
        and s.endswith("to “Pilot a benchmarking tool with ten boroughs”: Funding halved")
        for s in sentences
    )
    assert "Dropped from the plan: Now handled by TEC" in sentences
    assert "Added, due Autumn 2023: Leaders asked for it" in sentences


def test_rejecting_needs_a_reason_and_changes_nothing(governance, officer, manager):
    plan = Plan.objects.get(slug=SHARED)
    milestone = _milestone("Freedom Pass appointment")
    change = services.change_request_submit(plan=plan, user=officer, kind="redate", element=milestone,
                                            date_text="June 2023", reason="x")
    with pytest.raises(ValidationError):
        services.change_request_reject(change=change, user=manager, comment=" ")
    services.change_request_reject(change=change, user=manager, comment="Keep the date")
    milestone.refresh_from_db()
    assert milestone.date_text == "December 2022"
    with pytest.raises(ValidationError):
        services.change_request_approve(change=change, user=manager)


def test_owners_who_have_not_updated_are_reminded_once_before_a_reporting_date(governance, officer):
    plan = Plan.objects.get(slug=SHARED)
    ProgressUpdate.objects.filter(element__plan=plan).delete()
    # Reporting date 31 March 2023, reminders open 14 days before; no updates recorded at all.
    sent = services.reminders_send(today=dt.date(2023, 3, 20))
    assert len(sent) == 1 and sent[0].person.name == "Barbara Salmon"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["barbara.salmon@example.org"]
    assert "Progress update due by 31 March 2023" in message.subject
    assert "Freedom Pass appointment" in message.body and "(OVERDUE)" in message.body
    # Each element links straight to its update form, and the message to the owner's own list.
    assert f"Update it: {settings.SITE_URL}/plans/{SHARED}/elements/ms-2.5-1/update/" in message.body
    assert f"{settings.SITE_URL}/my-elements/" in message.body and settings.SITE_URL.startswith("http")
    assert sent[0].overdue_count >= 1
    assert services.reminders_send(today=dt.date(2023, 3, 21)) == []
    assert len(mail.outbox) == 1
    # Outside the window nobody is reminded.
    assert services.reminders_send(today=dt.date(2023, 4, 20)) == []
    assert ReportingDate.objects.filter(plan=plan).count() == 6


def test_an_owner_who_has_updated_since_the_last_reporting_date_is_not_reminded(governance, officer, sample_progress):
    # The sample history has monthly updates on every milestone.
    assert services.reminders_send(today=dt.date(2023, 3, 20)) == []


def test_reminders_run_from_the_task_queue_through_the_worker_command(governance, officer, run_worker):
    ProgressUpdate.objects.filter(element__plan__slug=SHARED).delete()
    call_command("remind", as_at="2023-03-20", stdout=io.StringIO())
    assert Reminder.objects.count() == 0, "queued, not sent by the command itself"
    run_worker()
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_address_that_cannot_be_emailed_does_not_stop_the_other_reminders(governance, officer, monkeypatch):
    plan = Plan.objects.get(slug=SHARED)
    ProgressUpdate.objects.filter(element__plan=plan).delete()
    bad = Person.objects.create(organisation=plan.organisation, name="Bob Bounce", email="bob@gone.example.org")
    good = Person.objects.create(organisation=plan.organisation, name="Gina Good", email="gina.good@example.org")
    Element.objects.filter(plan=plan, kind="objective", label="2.1").update(owner_person=bad)  # reminded first
    Element.objects.filter(plan=plan, kind="objective", label="2.6").update(owner_person=good)
    real_send_mail = services.send_mail

    def send_mail(**kwargs):
        if kwargs["recipient_list"] == [bad.email]:
            raise smtplib.SMTPRecipientsRefused({bad.email: (550, b"5.1.1 No such user")})
        return real_send_mail(**kwargs)

    monkeypatch.setattr(services, "send_mail", send_mail)
    result = services.reminders_send(today=dt.date(2023, 3, 20))
    assert sorted(r.person.name for r in result) == ["Barbara Salmon", "Gina Good"]
    assert sorted(m.to[0] for m in mail.outbox) == ["barbara.salmon@example.org", "gina.good@example.org"]
    assert len(result.failed) == 1 and result.failed[0].email == "bob@gone.example.org"
    assert "No such user" in result.failed[0].error
    assert "2 reminder(s) sent, 1 could not be e-mailed: Bob Bounce <bob@gone.example.org>" in result.summary()
    # Bob is not marked as reminded, so the next run (once the address works) reminds him and only him.
    assert not Reminder.objects.filter(person=bad).exists()
    assert Reminder.objects.filter(person__in=[good, officer.person], sent_at__isnull=False).count() == 2
    monkeypatch.setattr(services, "send_mail", real_send_mail)
    again = services.reminders_send(today=dt.date(2023, 3, 21))
    assert [r.person.name for r in again] == ["Bob Bounce"] and again.failed == []
    assert Reminder.objects.get(person=bad).sent_at is not None and len(mail.outbox) == 3


def test_the_reminder_task_reports_addresses_that_could_not_be_emailed(governance, officer, monkeypatch):
    from civicplan.governance.tasks import reminders_send_task

    ProgressUpdate.objects.filter(element__plan__slug=SHARED).delete()

    def send_mail(**kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(services, "send_mail", send_mail)
    result = reminders_send_task.call("2023-03-20")
    assert result == {"sent": 0, "failed": 1, "failed_recipients": ["barbara.salmon@example.org"]}
    assert Reminder.objects.count() == 0 and mail.outbox == []
