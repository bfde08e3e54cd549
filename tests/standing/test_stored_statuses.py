"""Statuses kept in the database as they stand today: written after approvals and decisions and
by `civicplan rebuild-statuses`, read by a process that has none of its own, and never read
once the plan has changed or the day has passed."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.delivery.services import progress_update_approve, progress_update_submit
from civicplan.plans.models import Element, Plan
from civicplan.standing.memo import forget_all
from civicplan.standing.models import StoredStatus
from civicplan.standing.status import _plan_status, plan_status
from civicplan.standing.stored import stored_statuses
from tests.governance.fixtures import manager, officer, run_worker  # noqa: F401

SHARED = "lc-shared-ambitions-2022-23"


def _figures(statuses):
    return {i: (s.rag, round(s.percent, 6), s.rolled_up, s.rolled_up_via, s.rolled_up_from, s.parts_rag, s.counted,
                s.overdue, s.dropped, s.added_later, s.pending, s.update.id if s.update else None,
                [c.element.id for c in s.children], sorted(c.element.id for c in s.contributors))
            for i, s in statuses.items()}


def test_rebuild_keeps_every_plans_statuses_and_they_read_back_as_worked_out(seeded):
    out = StringIO()
    call_command("statuses_rebuild", stdout=out)
    assert f"in {Plan.objects.count()} plans" in out.getvalue()
    today = timezone.localdate()
    for plan in Plan.objects.all():
        stored = stored_statuses(plan=plan, as_at=today)
        assert stored is not None, plan.slug
        assert _figures(stored) == _figures(_plan_status(plan=plan, as_at=today, root=None)), plan.slug


def test_kept_statuses_are_not_read_after_the_plan_changes_or_for_another_day(seeded):
    plan = Plan.objects.get(slug=SHARED)
    call_command("statuses_rebuild", "--plan", SHARED, stdout=StringIO())
    today = timezone.localdate()
    assert stored_statuses(plan=plan, as_at=today) is not None
    assert stored_statuses(plan=plan, as_at=today - dt.timedelta(days=1)) is None
    element = Element.objects.filter(plan=plan, kind="milestone").first()
    element.title = "A milestone renamed after the statuses were kept"
    element.save()
    assert stored_statuses(plan=plan, as_at=today) is None
    forget_all()
    statuses = plan_status(plan=plan, as_at=today)  # worked out again, with the new words
    assert statuses[element.id].element.title == "A milestone renamed after the statuses were kept"


def test_an_approval_keeps_the_plans_new_statuses_through_the_task_queue(
        seeded, manager, officer, run_worker, django_capture_on_commit_callbacks):  # noqa: F811
    plan = Plan.objects.get(slug=SHARED)
    objective = Element.objects.get(plan=plan, kind="objective", label="2.5")
    milestone = Element.objects.filter(parent=objective, kind="milestone").order_by("position").first()
    update = progress_update_submit(element=milestone, user=officer, rag=Rag.RED, percent_complete=10,
                                    as_at=timezone.localdate(), commentary="Behind: the contractor withdrew")
    assert update.status == ProgressUpdate.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        progress_update_approve(update=update, user=manager)
    assert not StoredStatus.objects.filter(element=milestone).exists()  # queued, not yet done
    run_worker()
    kept = StoredStatus.objects.get(element=milestone)
    assert kept.rag == Rag.RED and kept.update_id == update.id
    assert kept.plan_version == Plan.objects.get(pk=plan.pk).version
    assert _figures(stored_statuses(plan=plan, as_at=timezone.localdate())) == _figures(
        _plan_status(plan=plan, as_at=timezone.localdate(), root=None))


def test_rebuild_names_a_plan_that_does_not_exist(seeded):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no plan with the slug 'no-such-plan'"):
        call_command("statuses_rebuild", "--plan", "no-such-plan", stdout=StringIO())
