"""Plan-to-plan lineage on the seed plans: suggestions, linking, comparing, the command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from civicplan import cli
from civicplan.core.permissions import Role
from civicplan.lineage.selectors import lineage_pairs, lineage_suggestions, plan_comparison
from civicplan.lineage.services import lineage_link, lineage_seed_load, lineage_unlink
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.selectors import plan_file_build
from tests.factories import make_user

pytestmark = pytest.mark.django_db

OLD, NEW = "lc-business-plan-2019-20", "lc-business-plan-2020-21"


def el(slug: str, key: str) -> Element:
    return Element.objects.select_related("plan").get(plan__slug=slug, key=key)


def plan(slug: str) -> Plan:
    return Plan.objects.get(slug=slug)


@pytest.fixture
def manager():
    return make_user(Role.PLAN_MANAGER, "manager")


def continues(source: Element) -> list[str]:
    return list(ElementLink.objects.filter(source=source, link_type="continues").values_list("target_ref", flat=True))


# --- suggestions ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "old_key,new_key",
    [
        ("wa-20", "pr-8.1"),  # Accelerate housing delivery ... -> Accelerating housing delivery ...
        ("wa-39", "pr-1.1"),  # Deliver fair levels of funding ... -> Delivering fair levels of funding ...
    ],
)
def test_the_reworded_priority_is_the_top_suggestion_both_ways(old_key, new_key):
    forward = lineage_suggestions(element=el(OLD, old_key), candidate_plan=plan(NEW))
    assert forward[0].element.key == new_key
    assert forward[0].score >= 0.8
    assert all(s.score < forward[0].score for s in forward[1:])
    backward = lineage_suggestions(element=el(NEW, new_key), candidate_plan=plan(OLD))
    assert backward[0].element.key == old_key


def test_suggestions_are_of_the_same_kind_when_the_other_plan_has_it():
    suggestions = lineage_suggestions(element=el(OLD, "wa-20"), candidate_plan=plan(NEW), limit=5)
    assert len(suggestions) == 5
    assert {s.element.kind for s in suggestions} == {"priority"}
    outputs = lineage_suggestions(element=el(OLD, "wa-20"), candidate_plan=plan(NEW), kind="output")
    assert outputs and {s.element.kind for s in outputs} == {"output"}


# --- linking -------------------------------------------------------------------------------

def test_a_plan_manager_links_an_element_to_its_predecessor_and_the_plan_file_carries_it(manager):
    new, old = el(NEW, "pr-8.1"), el(OLD, "wa-20")
    link = lineage_link(element=new, predecessor=old, user=manager)
    assert link.link_type == "continues" and link.target == old
    assert link.target_ref == "lc-business-plan-2019-20#wa-20"
    exported = plan_file_build(plan=plan(NEW))
    item = next(e for e in exported["elements"] if e["id"] == "pr-8.1")
    assert {"type": "continues", "target": "lc-business-plan-2019-20#wa-20"} in item["links"]


@pytest.mark.parametrize("role", [None, Role.VIEWER, Role.OFFICER])
def test_only_plan_managers_may_link_or_unlink(role):
    user = AnonymousUser() if role is None else make_user(role)
    new, old = el(NEW, "pr-8.1"), el(OLD, "wa-20")
    with pytest.raises(PermissionDenied):
        lineage_link(element=new, predecessor=old, user=user)
    assert continues(new) == []
    ElementLink.objects.create(source=new, link_type="continues", target=old, target_ref=f"{OLD}#wa-20")
    with pytest.raises(PermissionDenied):
        lineage_unlink(element=new, predecessor=old, user=user)
    assert continues(new) == [f"{OLD}#wa-20"]


@pytest.mark.parametrize(
    "source,target,message",
    [
        ((NEW, "pr-8.1"), (NEW, "pr-8.1"), "cannot continue itself"),
        ((NEW, "pr-8.1"), (NEW, "pr-8.2"), "must be in an earlier plan"),
        ((OLD, "wa-20"), (NEW, "pr-8.1"), "is not earlier than"),
    ],
)
def test_bad_links_are_refused_with_a_reason_and_nothing_saved(manager, source, target, message):
    before = ElementLink.objects.count()
    with pytest.raises(ValidationError) as caught:
        lineage_link(element=el(*source), predecessor=el(*target), user=manager)
    assert message in " ".join(caught.value.messages)
    assert ElementLink.objects.count() == before


def test_the_same_link_twice_is_refused(manager):
    new, old = el(NEW, "pr-8.1"), el(OLD, "wa-20")
    lineage_link(element=new, predecessor=old, user=manager)
    with pytest.raises(ValidationError) as caught:
        lineage_link(element=new, predecessor=old, user=manager)
    assert "already continues" in " ".join(caught.value.messages)
    assert continues(new) == [f"{OLD}#wa-20"]


def test_unlink_removes_the_link_and_refuses_when_there_is_none(manager):
    new, old = el(NEW, "pr-8.1"), el(OLD, "wa-20")
    lineage_link(element=new, predecessor=old, user=manager)
    assert lineage_unlink(element=new, predecessor=old, user=manager) == 1
    assert continues(new) == []
    with pytest.raises(ValidationError) as caught:
        lineage_unlink(element=new, predecessor=old, user=manager)
    assert "nothing to unlink" in " ".join(caught.value.messages)


def test_a_merge_two_earlier_elements_into_one_is_allowed(manager):
    new = el(NEW, "pr-5.2")  # Campaign for adequate funding and reform of adult social care ...
    lineage_link(element=new, predecessor=el(OLD, "wa-29"), user=manager)
    lineage_link(element=new, predecessor=el(OLD, "wa-28"), user=manager)
    assert continues(new) == [f"{OLD}#wa-29", f"{OLD}#wa-28"]


# --- comparing two plans -------------------------------------------------------------------

def test_comparison_sorts_priorities_into_carried_over_new_and_dropped(manager):
    lineage_link(element=el(NEW, "pr-8.1"), predecessor=el(OLD, "wa-20"), user=manager)
    comparison = plan_comparison(new_plan=plan(NEW), old_plan=plan(OLD), kind="priority")
    new_count = Element.objects.filter(plan__slug=NEW, kind="priority").count()
    old_count = Element.objects.filter(plan__slug=OLD, kind="priority").count()
    assert [(c.new.key, c.old.key) for c in comparison.carried_over] == [("pr-8.1", "wa-20")]
    assert len(comparison.new) == new_count - 1
    assert len(comparison.dropped) == old_count - 1
    assert "pr-8.1" not in {u.element.key for u in comparison.new}
    assert "wa-20" not in {u.element.key for u in comparison.dropped}
    # The unlinked funding priority is offered its 2019/20 predecessor.
    funding = next(u for u in comparison.new if u.element.key == "pr-1.1")
    assert funding.suggestions[0].element.key == "wa-39"
    assert all(s.score >= 0.3 for u in comparison.new for s in u.suggestions)
    # And the dropped 2019/20 item is offered its 2020/21 successor.
    dropped = next(u for u in comparison.dropped if u.element.key == "wa-39")
    assert dropped.suggestions[0].element.key == "pr-1.1"


def test_comparison_can_pair_different_kinds(manager):
    comparison = plan_comparison(new_plan=plan(NEW), old_plan=plan(OLD), kind="pledge", new_kind="output")
    assert {u.element.kind for u in comparison.new} == {"output"}
    assert {u.element.kind for u in comparison.dropped} == {"pledge"}


def test_pairs_are_one_to_one_best_first():
    pairs = lineage_pairs(old_plan=plan(OLD), new_plan=plan(NEW), kind="priority")
    assert len({p.new.pk for p in pairs}) == len(pairs) == len({p.old.pk for p in pairs})
    scores = [p.score for p in pairs]
    assert scores == sorted(scores, reverse=True)
    top = {(p.new.key, p.old.key) for p in pairs if p.score >= 0.8}
    assert {("pr-8.1", "wa-20"), ("pr-1.1", "wa-39")} <= top


# --- the seed loader -----------------------------------------------------------------------

def test_seed_lineage_links_the_confident_priority_pairs_once():
    added = lineage_seed_load()
    assert added >= 10
    assert continues(el(NEW, "pr-8.1")) == [f"{OLD}#wa-20"]
    assert continues(el(NEW, "pr-1.1")) == [f"{OLD}#wa-39"]
    links = ElementLink.objects.filter(link_type="continues", source__plan__slug=NEW)
    assert links.count() == added
    assert set(links.values_list("source__kind", "target__kind").distinct()) == {("priority", "priority")}
    assert lineage_seed_load() == 0


def test_seed_lineage_leaves_plans_alone_once_someone_has_linked_by_hand(manager):
    lineage_link(element=el(NEW, "pr-8.1"), predecessor=el(OLD, "wa-20"), user=manager)
    assert lineage_seed_load() == 0


# --- the command ---------------------------------------------------------------------------

def run(*args) -> str:
    out = io.StringIO()
    call_command("lineage_suggest", *args, stdout=out)
    return out.getvalue()


def test_command_prints_ranked_pairs_and_applies_the_confident_ones():
    before = ElementLink.objects.filter(link_type="continues").count()
    printed = run(OLD, NEW, "--kind", "priority")
    lines = [line for line in printed.splitlines() if "<-" in line]
    assert "pr-8.1" in printed and "wa-20" in printed
    assert lines[0].split()[0] >= lines[-1].split()[0]
    assert ElementLink.objects.filter(link_type="continues").count() == before

    printed = run(OLD, NEW, "--kind", "priority", "--apply-above", "0.8")
    applied = ElementLink.objects.filter(link_type="continues", source__plan__slug=NEW)
    assert f"linked {applied.count()} pairs scoring 0.8 or more" in printed
    assert applied.filter(source__key="pr-8.1", target__key="wa-20").exists()
    assert applied.filter(source__key="pr-1.1", target__key="wa-39").exists()
    again = run(OLD, NEW, "--kind", "priority", "--apply-above", "0.8")
    assert "linked 0 pairs" in again and "linked  pr-8.1" in again


@pytest.mark.parametrize(
    "args,message",
    [
        (("no-such-plan", NEW), "no plan with slug 'no-such-plan'"),
        ((NEW, OLD), "is not earlier than"),
        ((OLD, NEW, "--kind", "milestone"), "has no elements of kind 'milestone'"),
    ],
)
def test_command_explains_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_civicplan_lineage_is_a_command(capsys):
    assert cli.main(["lineage", OLD, NEW, "--kind", "priority", "--min", "0.9"]) == 0
    assert "pr-8.1" in capsys.readouterr().out
    assert cli.main(["lineage", OLD, NEW, "--apply-above", "2"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err
