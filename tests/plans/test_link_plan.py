"""Every link carries its source's plan (a plan's links are read through an index on it), so
every writer of links must set it: the plan file loader, a replace, lineage, the admin."""

from __future__ import annotations

import copy
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from civicplan.core.permissions import Role
from civicplan.lineage.services import lineage_link
from civicplan.plans.models import Element, ElementLink
from civicplan.plans.services import plan_file_load
from tests.factories import make_user, synthetic_plan
from tests.plans.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def _links_in_their_source_plan(plan) -> int:
    """How many links the plan has, after checking each names its source's plan."""
    assert not ElementLink.objects.exclude(plan=F("source__plan")).exists()
    return ElementLink.objects.filter(plan=plan).count()


def test_a_loaded_plan_file_and_a_replace_give_every_link_its_plan():
    plan = synthetic_plan(slug="linked-plan", milestones=6, groups=2)
    assert _links_in_their_source_plan(plan) == 6
    data = copy.deepcopy(_plan_file(plan))
    data["elements"] = [e for e in data["elements"] if e["id"] != "ms-5"]
    data["elements"].append({"id": "ms-9", "kind": "milestone", "parent": "obj-0", "title": "Milestone 9",
                             "links": [{"type": "contributes_to", "target": "sp-1"}]})
    plan_file_load(data=data, replace=True)
    assert _links_in_their_source_plan(plan) == 6
    assert ElementLink.objects.filter(plan=plan, source__key="ms-9", target__key="sp-1").exists()


def test_a_lineage_link_carries_the_newer_elements_plan():
    new = Element.objects.get(plan__slug="lc-business-plan-2020-21", key="pr-8.1")
    old = Element.objects.get(plan__slug="lc-business-plan-2019-20", key="wa-20")
    links = _links_in_their_source_plan(new.plan)
    link = lineage_link(element=new, predecessor=old, user=make_user(Role.PLAN_MANAGER, "lineage-manager"))
    link.refresh_from_db()
    assert link.plan_id == new.plan_id
    assert _links_in_their_source_plan(new.plan) == links + 1


def test_a_link_added_in_the_admin_carries_its_plan(client):
    plan = synthetic_plan(slug="admin-linked", milestones=2, groups=1)
    client.force_login(make_user(Role.ADMIN, "link-admin"))
    element = Element.objects.get(plan=plan, key="ms-1")
    url = f"/admin/plans/element/{element.pk}/change/"
    data = change_form_data(client, url)
    prefix = "links_out"
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(n + 1), f"{prefix}-{n}-link_type": "relates_to",
                 f"{prefix}-{n}-target": str(Element.objects.get(plan=plan, key="ms-0").pk),
                 f"{prefix}-{n}-target_ref": "ms-0", f"{prefix}-{n}-order": "5"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert ElementLink.objects.get(source=element, link_type="relates_to").plan_id == plan.id
    assert _links_in_their_source_plan(plan) == 3


def test_a_link_moved_to_another_source_moves_plan_and_a_bulk_made_one_is_given_it():
    first = synthetic_plan(slug="first-plan", milestones=1, groups=1)
    second = synthetic_plan(slug="second-plan", milestones=1, groups=1)
    link = ElementLink.objects.get(plan=first)
    link.source = Element.objects.get(plan=second, key="obj-0")
    link.save()
    assert ElementLink.objects.get(pk=link.pk).plan_id == second.id
    [made] = ElementLink.objects.bulk_create([ElementLink(
        source_id=Element.objects.get(plan=first, key="ms-0").pk, link_type="relates_to", target_ref="sp-0")])
    assert made.plan_id == first.id
    assert _links_in_their_source_plan(first) == 1


def test_the_database_refuses_a_link_without_its_plan():
    """A writer that bypasses the model (raw SQL) cannot leave a link the plan's pages miss."""
    source = Element.objects.filter(plan__slug="lc-shared-ambitions-2022-23").first()
    table = ElementLink._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (source_id, link_type, target_ref, \"order\") VALUES (%s, %s, %s, %s)",
                       [source.pk, "relates_to", "x", 0])


def _plan_file(plan) -> dict:
    from civicplan.plans.selectors import plan_file_build

    return plan_file_build(plan=plan)


def test_a_backup_made_before_links_carried_their_plan_still_loads(tmp_path):
    """loaddata (the PostgreSQL restore) saves rows raw; a link written without the column
    is given its source's plan rather than refused."""
    from django.core import serializers
    from django.core.management import call_command

    plan = synthetic_plan(slug="restored-plan", milestones=2, groups=1)
    links = list(ElementLink.objects.filter(plan=plan))
    records = json.loads(serializers.serialize("json", links))
    for record in records:
        del record["fields"]["plan"]
    path = tmp_path / "links.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    ElementLink.objects.filter(plan=plan).delete()
    call_command("loaddata", str(path), verbosity=0)
    assert _links_in_their_source_plan(plan) == 2
