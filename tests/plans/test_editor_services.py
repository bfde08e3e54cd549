"""The plan editor's services: positions stay unique and in document order, kinds follow the
plan's framework, date words are refused with the one message every form gives, bulk
changes are all or nothing, and every edit names who made it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import ChangeRequest
from civicplan.governance.services import baseline_freeze, change_request_submit
from civicplan.importer.models import ImportDraft
from civicplan.importer.services import DraftEditError, import_draft_element_update
from civicplan.organisations.models import Directorate, Person
from civicplan.plans.models import Element
from civicplan.plans.selectors import element_history
from civicplan.plans.services import (
    element_insert,
    element_move,
    element_owners_set,
    element_remove,
    element_update,
    elements_bulk_update,
)
from tests.factories import make_user

from .editor_fixtures import council_plan, positions

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user(Role.PLAN_MANAGER, "editor-manager")


@pytest.fixture
def plan():
    return council_plan()


def el(plan, key):
    return Element.objects.get(plan=plan, key=key)


def assert_contiguous(plan):
    rows = positions(plan)
    assert [p for _, p, _ in rows] == list(range(len(rows)))
    for element in plan.elements.all():
        siblings = sorted(e.order for e in Element.objects.filter(plan=plan, parent_id=element.parent_id))
        assert siblings == list(range(len(siblings)))


def test_insert_after_a_sibling_and_under_a_parent_keeps_document_order(plan, manager):
    new = element_insert(plan=plan, user=manager, kind="milestone", title="Consult tenants",
                         after=el(plan, "m1"), date_text="June 2026")
    child = element_insert(plan=plan, user=manager, kind="milestone", title="Report to Cabinet",
                           parent=el(plan, "p2"))
    assert [k for k, _, _ in positions(plan)] == ["p1", "o1", "m1", new.key, "m2", "p2", "m3", child.key]
    assert new.depth == 2 and new.date_start == dt.date(2026, 6, 1) and new.date_end == dt.date(2026, 6, 30)
    assert_contiguous(plan)
    assert new.history.first().history_user == manager


def test_move_up_and_down_swaps_with_the_neighbour_and_carries_children(plan, manager):
    element_move(element=el(plan, "p2"), user=manager, direction="up")
    assert [k for k, _, _ in positions(plan)] == ["p2", "m3", "p1", "o1", "m1", "m2"]
    element_move(element=el(plan, "m1"), user=manager, direction="down")
    assert [k for k, _, _ in positions(plan)] == ["p2", "m3", "p1", "o1", "m2", "m1"]
    assert_contiguous(plan)
    with pytest.raises(ValidationError, match="already first"):
        element_move(element=el(plan, "p2"), user=manager, direction="up")


def test_kinds_are_checked_against_the_plans_framework(plan, manager):
    with pytest.raises(ValidationError) as caught:
        element_insert(plan=plan, user=manager, kind="pledge", title="A pledge", parent=el(plan, "p1"))
    assert "has no pledge level" in caught.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as caught:
        element_insert(plan=plan, user=manager, kind="output", title="Outcome at the top")
    assert caught.value.message_dict["kind"] == ["An outcome cannot sit at the top of this plan: choose what it sits under."]
    m1 = el(plan, "m1")
    with pytest.raises(ValidationError) as caught:
        element_update(element=el(plan, "o1"), user=manager, title="More homes", text="", label="1.1",
                       kind="milestone", parent=el(plan, "p1"), date_text="")
    assert caught.value.message_dict["kind"] == ["Its milestones cannot sit under a milestone: move them first."]
    with pytest.raises(ValidationError) as caught:
        element_update(element=el(plan, "p1"), user=manager, title="Homes", text="", label="1",
                       kind="priority", parent=m1, date_text="")
    assert caught.value.message_dict["parent"] == ["An element cannot sit under itself or anything that sits under it."]


def test_unreadable_date_words_give_the_same_message_as_change_requests_and_the_importer(plan, manager):
    words = "the week after next"
    with pytest.raises(ValidationError) as editor:
        element_update(element=el(plan, "m1"), user=manager, title="Adopt the housing strategy", text="",
                       label="", kind="milestone", parent=el(plan, "o1"), date_text=words)
    assert el(plan, "m1").date_text == "March 2026"  # nothing saved

    adopted = council_plan(slug="eastbrook-adopted", status="adopted")
    baseline_freeze(plan=adopted, adopted_on=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError) as change:
        change_request_submit(plan=adopted, user=manager, kind=ChangeRequest.Kind.REDATE, reason="Slipped",
                              element=el(adopted, "m1"), date_text=words)

    draft = ImportDraft.objects.create(owner=manager, plan={"elements": [
        {"id": "x", "kind": "milestone", "parent": None, "title": "A milestone", "date_text": "", "links": []},
    ], "framework": {"levels": []}, "meta": {}})
    with pytest.raises(DraftEditError) as importer:
        import_draft_element_update(draft=draft, element_id="x", kind="milestone", parent=None,
                                    title="A milestone", date_text=words, links=[])

    expected = ("“the week after next” cannot be read as a target date. Write it as people do, "
                "for example March 2023, Autumn 2022, Q2 2023, by Jan 2023 or TBC.")
    assert editor.value.message_dict["date_text"] == [expected]
    assert change.value.message_dict["date_text"] == [expected]
    assert str(importer.value) == expected


def test_edit_records_who_changed_what_from_and_to(plan, manager):
    element = element_update(element=el(plan, "m2"), user=manager, title="Start on site at Mill Lane",
                             text="", label="", kind="milestone", parent=el(plan, "o1"), date_text="Winter 2026")
    person = Person.objects.get(name="Priya Shah")
    element_owners_set(element=element, user=manager, owner_person=person, deputy_person=None,
                       team=Directorate.objects.get(name="Place"))
    history = element_history(element=el(plan, "m2"))
    assert history[0].record.history_user == manager and history[1].record.history_user == manager
    assert "owning person from nothing to “Priya Shah”" in history[0].changes
    assert "team from nothing to “Place”" in history[0].changes
    assert "title from “Start on the Mill Lane site” to “Start on site at Mill Lane”" in history[1].changes
    assert "target from “Autumn 2026” to “Winter 2026”" in history[1].changes


def test_bulk_owner_is_all_or_nothing(plan, manager):
    person = Person.objects.get(name="Tom Okafor")
    count = elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "m1"), el(plan, "m3")], owner_person=person)
    assert count == 2
    assert set(plan.elements.filter(owner_person=person).values_list("key", flat=True)) == {"m1", "m3"}
    # Outcomes can sit only under priorities: moving a priority's milestone is fine, the priority itself is not.
    with pytest.raises(ValidationError) as caught:
        elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "m3"), el(plan, "p1")], parent=el(plan, "o1"))
    assert "“1 Homes people can afford”" in caught.value.message_dict["elements"][0]
    assert el(plan, "m3").parent.key == "p2"  # nothing moved
    elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "m3")], parent=el(plan, "o1"))
    assert [k for k, _, _ in positions(plan)] == ["p1", "o1", "m1", "m2", "m3", "p2"]
    assert_contiguous(plan)


def test_bulk_kind_follows_the_framework(plan, manager):
    with pytest.raises(ValidationError) as caught:
        elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "m1"), el(plan, "m3")], kind="output")
    assert caught.value.message_dict["elements"] == [
        "“Adopt the housing strategy”: An outcome cannot sit under an outcome in this plan's framework."]
    assert set(plan.elements.filter(kind="output").values_list("key", flat=True)) == {"o1"}
    elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "m3")], kind="output")
    assert el(plan, "m3").kind == "output"


def test_remove_is_refused_when_progress_has_been_reported(plan, manager):
    ProgressUpdate.objects.create(element=el(plan, "m2"), rag="green", percent_complete=10, commentary="Begun",
                                  as_at=dt.date(2025, 5, 1))
    with pytest.raises(ValidationError, match="progress has been reported"):
        element_remove(element=el(plan, "o1"), user=manager)
    assert plan.elements.count() == 6
    assert element_remove(element=el(plan, "m1"), user=manager) == 1
    assert [k for k, _, _ in positions(plan)] == ["p1", "o1", "m2", "p2", "m3"]
    assert_contiguous(plan)


def test_adopted_plan_is_not_edited_directly_but_owners_may_be_set(manager):
    adopted = council_plan(slug="eastbrook-adopted", status="adopted")
    with pytest.raises(ValidationError, match="change through change requests"):
        element_move(element=el(adopted, "p2"), user=manager, direction="up")
    person = Person.objects.get(name="Priya Shah")
    element_owners_set(element=el(adopted, "m1"), user=manager, owner_person=person, deputy_person=None, team=None)
    assert el(adopted, "m1").owner_person == person


def test_officers_cannot_edit(plan):
    officer = make_user(Role.OFFICER, "editor-officer")
    with pytest.raises(PermissionDenied):
        element_move(element=el(plan, "p2"), user=officer, direction="up")


def test_positions_stay_unique_at_every_statement(plan, manager):
    """With a unique index on (plan, position), as the database will hold, no step of a renumbering
    may put two elements on one number (the database checks each row as it is written)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # run the deferred key checks now, so the index can be made
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"CREATE UNIQUE INDEX editor_test_position ON plans_element (plan_id, position) WHERE plan_id = {plan.id}"
        )
    new = element_insert(plan=plan, user=manager, kind="milestone", title="First of all", parent=el(plan, "o1"),
                         after=None)
    element_move(element=new, user=manager, direction="up")
    element_move(element=el(plan, "p2"), user=manager, direction="up")
    elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "m3"), el(plan, "m1")], parent=el(plan, "p1"))
    element_update(element=el(plan, "m2"), user=manager, title="Start on the Mill Lane site", text="", label="",
                   kind="milestone", parent=el(plan, "p2"), date_text="Autumn 2026")
    element_remove(element=el(plan, "o1"), user=manager)
    assert [k for k, _, _ in positions(plan)] == ["p2", "m2", "p1", "m3", "m1"]
    assert_contiguous(plan)


def test_bulk_kind_checks_children_against_their_parents_new_kind(plan, manager):
    """Selected together, an outcome and its milestones are judged as they will be: the milestones
    would sit under a milestone, which this framework does not allow."""
    with pytest.raises(ValidationError) as caught:
        elements_bulk_update(plan=plan, user=manager, elements=[el(plan, "o1"), el(plan, "m1"), el(plan, "m2")],
                             kind="milestone")
    message = caught.value.message_dict["elements"][0]
    assert "“Adopt the housing strategy”: A milestone cannot sit under a milestone in this plan's framework." in message
    assert "“1.1 More social rent homes”" not in message, "its children are judged with it, not left behind"
    assert el(plan, "o1").kind == "output"


def test_a_deputy_may_report_progress_like_the_owner(plan, manager):
    from civicplan.core.permissions import can_update_element

    officer = make_user(Role.OFFICER, "deputy-officer")
    tom = Person.objects.get(name="Tom Okafor")
    tom.user = officer
    tom.save()
    assert not can_update_element(officer, el(plan, "m1"))
    element_owners_set(element=el(plan, "o1"), user=manager, owner_person=Person.objects.get(name="Priya Shah"),
                       deputy_person=tom, team=None)
    officer = type(officer).objects.get(pk=officer.pk)
    assert can_update_element(officer, el(plan, "m1")), "what sits under the element is theirs to report on too"


def test_saving_without_changes_adds_nothing_to_history(plan, manager):
    m1 = el(plan, "m1")
    before = m1.history.count()
    element_update(element=m1, user=manager, title=m1.title, text=m1.text, label=m1.label, kind=m1.kind,
                   parent=m1.parent, date_text=m1.date_text)
    assert m1.history.count() == before


def test_tbc_and_ongoing_are_answers_and_a_missing_year_is_named(plan, manager):
    for words in ("TBC", "Ongoing"):
        element = element_update(element=el(plan, "m3"), user=manager, title="Food waste collections begin", text="",
                                 label="", kind="milestone", parent=el(plan, "p2"), date_text=words)
        assert (element.date_text, element.date_start, element.date_end) == (words, None, None)
    with pytest.raises(ValidationError) as caught:
        element_update(element=el(plan, "m3"), user=manager, title="Food waste collections begin", text="",
                       label="", kind="milestone", parent=el(plan, "p2"), date_text="By March")
    assert caught.value.message_dict["date_text"] == [
        "“By March” cannot be read as a target date (no year given, so no dates were guessed). Write it as people "
        "do, for example March 2023, Autumn 2022, Q2 2023, by Jan 2023 or TBC."]
