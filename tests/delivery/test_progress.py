"""Submitting, approving and returning progress updates; roll-up; status as at a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.delivery.services import progress_update_approve, progress_update_return, progress_update_submit
from civicplan.plans.models import Element, Plan
from civicplan.standing.status import plan_status
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PLAN = "lc-shared-ambitions-2022-23"


def owned(key: str, user):
    element = Element.objects.get(plan__slug=PLAN, key=key)
    element.owner_person = user.person
    element.save()
    return element


def test_an_officer_updates_only_what_they_own():
    officer = make_user(Role.OFFICER, person_name="An Officer")
    objective = owned("obj-2.5", officer)
    child = objective.children.filter(kind="milestone").first()
    update = progress_update_submit(element=child, user=officer, rag=Rag.AMBER, percent_complete=40, commentary="Slipping")
    assert update.status == ProgressUpdate.Status.PENDING
    other = Element.objects.get(plan__slug=PLAN, key="obj-2.1").children.filter(kind="milestone").first()
    with pytest.raises(PermissionDenied):
        progress_update_submit(element=other, user=officer, rag=Rag.GREEN, percent_complete=10)


def test_a_pending_update_does_not_count_until_approved():
    officer = make_user(Role.OFFICER, person_name="An Officer")
    manager = make_user(Role.PLAN_MANAGER)
    element = owned("ms-2.2-1", officer)
    plan = element.plan
    ProgressUpdate.objects.filter(element__plan=plan).delete()
    update = progress_update_submit(element=element, user=officer, rag=Rag.RED, percent_complete=20, as_at=dt.date(2023, 1, 10))
    assert plan_status(plan=plan, as_at=dt.date(2023, 2, 1))[element.id].rag is None
    progress_update_approve(update=update, user=manager)
    assert plan_status(plan=plan, as_at=dt.date(2023, 2, 1))[element.id].rag == Rag.RED
    # as it stood before the update: nothing
    assert plan_status(plan=plan, as_at=dt.date(2023, 1, 9))[element.id].rag is None


def test_returning_needs_a_comment_and_officers_cannot_approve():
    officer = make_user(Role.OFFICER, person_name="An Officer")
    manager = make_user(Role.PLAN_MANAGER)
    element = owned("ms-2.2-1", officer)
    update = progress_update_submit(element=element, user=officer, rag=Rag.GREEN, percent_complete=50)
    with pytest.raises(PermissionDenied):
        progress_update_approve(update=update, user=officer)
    with pytest.raises(ValidationError):
        progress_update_return(update=update, user=manager, comment="  ")
    progress_update_return(update=update, user=manager, comment="Add the evidence link")
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.RETURNED and update.review_comment == "Add the evidence link"
    with pytest.raises(ValidationError):
        progress_update_approve(update=update, user=manager)


def test_complete_milestone_needs_100_percent_and_an_achieved_date():
    manager = make_user(Role.PLAN_MANAGER)
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.2-1")
    with pytest.raises(ValidationError) as error:
        progress_update_submit(element=element, user=manager, rag=Rag.COMPLETE, percent_complete=90)
    assert "percent_complete" in error.value.message_dict and "achieved_date" in error.value.message_dict
    before = ProgressUpdate.objects.count()
    assert ProgressUpdate.objects.count() == before


def test_progress_rolls_up_from_children_by_weight():
    manager = make_user(Role.PLAN_MANAGER)
    parent = Element.objects.get(plan__slug=PLAN, key="ms-2.2-3")  # four dated steps
    steps = list(parent.children.order_by("order"))
    assert len(steps) == 4
    ProgressUpdate.objects.filter(element__plan=parent.plan).delete()
    day = dt.date(2023, 5, 1)
    progress_update_submit(element=steps[0], user=manager, rag=Rag.COMPLETE, percent_complete=100, achieved_date=day, as_at=day)
    progress_update_submit(element=steps[1], user=manager, rag=Rag.AMBER, percent_complete=50, as_at=day)
    steps[0].weight = 2
    steps[0].save()
    status = plan_status(plan=parent.plan, as_at=day)[parent.id]
    # weights 2,1,1,1: (2*100 + 50 + 0 + 0) / 5 = 50
    assert status.percent == pytest.approx(50.0)
    assert status.rag == Rag.AMBER and status.rolled_up


def test_a_whole_with_parts_done_and_the_rest_not_started_is_under_way():
    manager = make_user(Role.PLAN_MANAGER)
    parent = Element.objects.get(plan__slug=PLAN, key="ms-2.2-3")
    steps = list(parent.children.order_by("order"))
    ProgressUpdate.objects.filter(element__plan=parent.plan).delete()
    day = dt.date(2023, 5, 1)
    progress_update_submit(element=steps[0], user=manager, rag=Rag.COMPLETE, percent_complete=100, achieved_date=day, as_at=day)
    for step in steps[1:]:
        progress_update_submit(element=step, user=manager, rag=Rag.NOT_STARTED, percent_complete=0, as_at=day)
    status = plan_status(plan=parent.plan, as_at=day)[parent.id]
    assert status.rag == Rag.GREEN and status.percent == pytest.approx(25.0)
    # Nothing begun anywhere: the whole has not started either.
    ProgressUpdate.objects.filter(element=steps[0]).delete()
    progress_update_submit(element=steps[0], user=manager, rag=Rag.NOT_STARTED, percent_complete=0, as_at=day)
    assert plan_status(plan=parent.plan, as_at=day)[parent.id].rag == Rag.NOT_STARTED


def test_overdue_is_a_dated_milestone_past_its_end_and_not_complete():
    plan = Plan.objects.get(slug=PLAN)
    ProgressUpdate.objects.filter(element__plan=plan).delete()
    statuses = plan_status(plan=plan, as_at=dt.date(2022, 10, 15))
    pilot = Element.objects.get(plan=plan, title__startswith="Pilot to evaluate")  # September 2022
    assert statuses[pilot.id].overdue
    tbc = Element.objects.get(plan=plan, date_text="TBC")
    assert not statuses[tbc.id].overdue


def test_a_sub_priority_rolls_up_from_the_milestones_that_contribute_to_it():
    """Milestones sit under the objective and link to sub-priorities: the sub-priority's
    status comes from them, and the objective still counts each milestone once."""
    manager = make_user(Role.PLAN_MANAGER)
    plan = Plan.objects.get(slug=PLAN)
    ProgressUpdate.objects.filter(element__plan=plan).delete()
    sub_priority = Element.objects.get(plan=plan, key="sp-2.1-4")
    contributors = [link.source for link in sub_priority.links_in.filter(link_type="contributes_to").order_by("source__position")]
    assert [c.key for c in contributors] == ["ms-2.1-1", "ms-2.1-2", "ms-2.1-5", "ms-2.1-7"]
    day = dt.date(2023, 2, 1)
    pilot, asylum = contributors[1], contributors[2]
    progress_update_submit(element=pilot, user=manager, rag=Rag.RED, percent_complete=40, as_at=day)
    progress_update_submit(element=asylum, user=manager, rag=Rag.COMPLETE, percent_complete=100, achieved_date=day, as_at=day)

    statuses = plan_status(plan=plan, as_at=day)
    status = statuses[sub_priority.id]
    assert [c.element.key for c in status.contributors] == [c.key for c in contributors]
    assert status.rag == Rag.RED and status.rolled_up and status.rolled_up_via == "contributions"
    assert status.percent == pytest.approx((40 + 100) / 4)

    # The objective rolls up from its milestones only: sub-priorities do not count them twice.
    objective = statuses[sub_priority.parent_id]
    counted = [c.element.kind for c in objective.children if c.counted]
    assert set(counted) == {"milestone"} and not statuses[sub_priority.id].counted
    assert objective.rolled_up_from == len(counted)

    # The element page shows the same: what contributes, and the roll-up from it.
    status_for_page = plan_status(plan=plan, as_at=day, root=sub_priority)[sub_priority.id]
    assert status_for_page.rag == Rag.RED and status_for_page.percent == pytest.approx(35.0)


@pytest.mark.parametrize("day", [dt.date(2022, 12, 31), dt.date(2023, 6, 30), dt.date(2024, 3, 31)])
def test_the_light_read_of_reported_statuses_matches_the_full_status(day):
    """The dashboard compares reported statuses with the last report's from a light read."""
    from civicplan.standing.status import latest_approved_rags

    plan = Plan.objects.get(slug=PLAN)
    full = {i: s.update.rag for i, s in plan_status(plan=plan, as_at=day).items() if s.update is not None}
    assert full and latest_approved_rags(plan=plan, as_at=day) == full


@pytest.mark.parametrize("change,field,message", [
    ({"rag": Rag.NOT_STARTED, "percent_complete": 60}, "percent_complete", "has not started is 0% complete"),
    ({"as_at": dt.date(2999, 1, 1)}, "as_at", "cannot be in the future"),
    ({"as_at": dt.date(1999, 1, 1)}, "as_at", "this plan starts on"),
    ({"rag": Rag.COMPLETE, "percent_complete": 100, "achieved_date": dt.date(1990, 5, 1)}, "achieved_date", "this plan starts on"),
], ids=["not-started-but-60pc", "future", "before-the-plan", "achieved-before-the-plan"])
def test_an_update_that_cannot_be_true_is_refused_with_a_reason(change, field, message):
    manager = make_user(Role.PLAN_MANAGER)
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.2-1")
    before = ProgressUpdate.objects.count()
    values = {"rag": Rag.GREEN, "percent_complete": 40, "as_at": dt.date(2023, 1, 10)} | change
    with pytest.raises(ValidationError) as error:
        progress_update_submit(element=element, user=manager, **values)
    assert message in " ".join(error.value.message_dict[field])
    assert ProgressUpdate.objects.count() == before


def test_key_events_and_closed_plans_take_no_progress(client):
    manager = make_user(Role.PLAN_MANAGER)
    event = Element.objects.filter(kind="key_event").select_related("plan").first()
    with pytest.raises(ValidationError) as error:
        progress_update_submit(element=event, user=manager, rag=Rag.GREEN, percent_complete=10, as_at=dt.date(2022, 1, 1))
    assert "key political event" in str(error.value)
    client.force_login(manager)
    page = client.get(f"/plans/{event.plan.slug}/elements/{event.key}/").content.decode()
    assert "Update progress" not in page
    milestone = Element.objects.get(plan__slug=PLAN, key="ms-2.2-1")
    Plan.objects.filter(slug=PLAN).update(status="closed")
    milestone.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        progress_update_submit(element=milestone, user=manager, rag=Rag.GREEN, percent_complete=10, as_at=dt.date(2023, 1, 1))
    assert "plan is closed" in str(error.value)
    assert "Update progress" not in client.get(f"/plans/{PLAN}/elements/ms-2.2-1/").content.decode()
