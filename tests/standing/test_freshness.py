"""A plan's figures and drawings are cached under its version; every kind of write to the
plan changes the version, so a page shows the change at once (ADR 0018)."""

from __future__ import annotations

import datetime as dt

import pytest

from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_approve, progress_update_return, progress_update_submit
from civicplan.governance import services as governance
from civicplan.governance.models import Baseline, Decision, ReportingDate
from civicplan.organisations.models import Person
from civicplan.plans.models import Element, ElementLink, FrameworkLevel, Plan
from civicplan.plans.services import plan_document_order_renumber
from civicplan.reports.models import ReportText
from civicplan.standing.status import plan_status
from tests.conftest import text_of
from tests.factories import synthetic_plan
from tests.governance.fixtures import governance as governance_fixture  # noqa: F401
from tests.governance.fixtures import manager, officer  # noqa: F401

SHARED = "lc-shared-ambitions-2022-23"
TODAY = dt.date(2023, 3, 31)


def _version(slug: str) -> int:
    return Plan.objects.get(slug=slug).version


def _first(model, slug: str, **lookup):
    row = model.objects.filter(**lookup).order_by("pk").first()
    assert row is not None, f"the seed data has no {model.__name__} for {slug}"
    return row


WRITES = {
    "element saved": lambda: _first(Element, SHARED, plan__slug=SHARED, kind="milestone").save(),
    "element deleted": lambda: _first(Element, SHARED, plan__slug=SHARED, kind="milestone").delete(),
    "link saved": lambda: _first(ElementLink, SHARED, source__plan__slug=SHARED).save(),
    "progress update saved": lambda: _first(ProgressUpdate, SHARED, plan__slug=SHARED).save(),
    "framework level saved": lambda: _first(FrameworkLevel, SHARED, plan__slug=SHARED).save(),
    "decision saved": lambda: _first(Decision, SHARED, plan__slug=SHARED).save(),
    "baseline saved": lambda: _first(Baseline, SHARED, plan__slug=SHARED).save(),
    "plan saved": lambda: Plan.objects.get(slug=SHARED).save(),
    "reporting date added": lambda: ReportingDate.objects.create(plan=Plan.objects.get(slug=SHARED), date=dt.date(2031, 1, 17)),
    "report text saved": lambda: ReportText.objects.create(
        plan=Plan.objects.get(slug=SHARED), kind="progress", as_at=dt.date(2031, 1, 17), summary="Words for committee"),
    "person renamed": lambda: _rename_owner(),
    "document order renumbered": lambda: _renumber(),
}


def _rename_owner() -> None:
    person = _first(Person, SHARED, owned_elements__plan__slug=SHARED)
    person.name = "Someone Else"
    person.save()


def _renumber() -> None:
    plan = Plan.objects.get(slug=SHARED)
    # Two siblings swapped by a bulk write (which sends no signal), then the plan renumbered.
    first, second = Element.objects.filter(plan=plan, parent__isnull=True).order_by("order")[:2]
    Element.objects.filter(pk=first.pk).update(order=second.order)
    Element.objects.filter(pk=second.pk).update(order=first.order)
    assert plan_document_order_renumber(plan=plan) > 0


@pytest.mark.django_db
@pytest.mark.parametrize("write", list(WRITES))
def test_every_kind_of_write_to_a_plan_changes_its_version(governance_fixture, officer, write):  # noqa: F811
    plan_status(plan=Plan.objects.get(slug=SHARED), as_at=TODAY)  # a page read it (and remembers it)
    before = _version(SHARED)
    WRITES[write]()
    assert _version(SHARED) != before, f"{write}: the plan's version did not change"


@pytest.mark.django_db
def test_a_write_to_one_plan_leaves_the_others_cached(seeded):
    others = {plan.slug: plan.version for plan in Plan.objects.exclude(slug=SHARED)}
    element = Element.objects.filter(plan__slug=SHARED).first()
    element.title = "Renamed"
    element.save()
    assert {plan.slug: plan.version for plan in Plan.objects.exclude(slug=SHARED)} == others


@pytest.mark.django_db
def test_the_plan_page_and_the_timeline_show_a_renamed_milestone_at_once(seeded, pages, manager, client):  # noqa: F811
    client.force_login(manager)
    milestone = Element.objects.filter(plan__slug=SHARED, kind="milestone").exclude(date_end=None).first()
    for url in (f"/plans/{SHARED}/", f"/plans/{SHARED}/timeline/", f"/public/plans/{SHARED}/"):
        assert "Renamed milestone" not in text_of(pages.get(url).content.decode())
    milestone.title = "Renamed milestone"
    milestone.save()
    for url in (f"/plans/{SHARED}/", f"/plans/{SHARED}/timeline/", f"/public/plans/{SHARED}/"):
        assert "Renamed milestone" in text_of(pages.get(url).content.decode()), url


@pytest.mark.django_db
def test_an_approved_update_shows_on_the_dashboard_at_once(seeded, pages, manager, officer, client):  # noqa: F811
    client.force_login(manager)
    plan = Plan.objects.get(slug=SHARED)
    milestone = Element.objects.filter(plan=plan, kind="milestone").order_by("position").first()
    today = dt.date.today()
    before = plan_status(plan=plan, as_at=today)[milestone.id]
    pages.get(f"/plans/{SHARED}/dashboard/")
    rag = "red" if before.rag != "red" else "amber"
    update = progress_update_submit(element=milestone, user=None, rag=rag, percent_complete=10, as_at=today)
    assert plan_status(plan=plan, as_at=today)[milestone.id].rag == before.rag, "pending: not yet shown"
    progress_update_approve(update=update, user=manager)
    assert plan_status(plan=plan, as_at=today)[milestone.id].rag == rag
    html = pages.get(f"/plans/{SHARED}/elements/{milestone.key}/").content.decode()
    assert ProgressUpdate.objects.get(pk=update.pk).status == "approved"
    assert html  # the element page reads the same statuses


@pytest.mark.django_db
def test_cached_statuses_equal_freshly_computed_ones_after_approvals_returns_and_changes(seeded, manager, officer):  # noqa: F811
    """A council's own plan (not a seed paper): after a run of approvals, returns, a re-date and a
    drop, the statuses read through the cache are those worked out from scratch."""
    from django.core.cache import cache

    plan = synthetic_plan(slug="made-up-council", milestones=40, groups=4)
    milestones = list(Element.objects.filter(plan=plan, kind="milestone").order_by("position"))
    day = dt.date(2023, 6, 30)
    for index, milestone in enumerate(milestones[:24]):
        update = progress_update_submit(element=milestone, user=None, rag=("green", "amber", "red", "not_started")[index % 4],
                                        percent_complete=0 if index % 4 == 3 else 5 + (index * 7) % 90, as_at=day - dt.timedelta(days=index))
        if update.status == ProgressUpdate.Status.PENDING:
            if index % 3 == 2:
                progress_update_return(update=update, user=manager, comment="Say what slipped")
            else:
                progress_update_approve(update=update, user=manager)
        plan_status(plan=plan, as_at=day)  # read (and cache) after every write
    governance.baseline_freeze(plan=plan, adopted_on=dt.date(2022, 1, 1))
    change = governance.change_request_submit(plan=plan, user=manager, kind="drop", element=milestones[5],
                                              reason="No longer funded")
    if change.status != "approved":
        governance.change_request_approve(change=change, user=manager)
    today = dt.date.today()  # the drop was decided today: dropped on today's page, not on June's
    cached = {when: plan_status(plan=plan, as_at=when) for when in (day, today)}
    cache.clear()
    for when in (day, today):
        fresh = plan_status(plan=plan, as_at=when)
        assert {i: (s.rag, round(s.percent, 6), s.dropped, s.overdue) for i, s in cached[when].items()} == {
            i: (s.rag, round(s.percent, 6), s.dropped, s.overdue) for i, s in fresh.items()
        }
    assert cached[today][milestones[5].id].dropped and not cached[day][milestones[5].id].dropped


@pytest.mark.django_db
def test_a_plan_saved_from_an_old_copy_after_other_writes_still_gets_a_new_version(seeded):
    stale = Plan.objects.get(slug=SHARED)
    before = stale.version
    element = Element.objects.filter(plan=stale).first()
    element.title = "Renamed"
    element.save()
    stale.save()  # writes the version it read back, then the receiver changes it again
    assert _version(SHARED) not in (before, None)


@pytest.mark.django_db
def test_a_write_after_a_read_changes_the_version_again_and_a_burst_of_writes_once(seeded):
    plan = Plan.objects.get(slug=SHARED)
    element = Element.objects.filter(plan=plan).first()
    versions = []
    for word in ("One", "Two"):
        plan_status(plan=plan, as_at=dt.date.today())  # a page read (and remembered) the plan
        element.title = word
        element.save()
        versions.append(_version(SHARED))
        assert element.title in {s.element.title for s in plan_status(plan=plan, as_at=dt.date.today()).values()}
    assert versions[0] != versions[1]
    element.title = "Three"
    element.save()
    after_three = _version(SHARED)
    assert after_three != versions[1]
    element.title = "Four"  # no read since the last write: no second UPDATE (a cascade of
    element.save()          # thousands of deleted rows makes one, not thousands)
    assert _version(SHARED) == after_three
    assert plan_status(plan=plan, as_at=dt.date.today())[element.id].element.title == "Four"
