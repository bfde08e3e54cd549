"""Plan managers keep plan structure up to date in the admin (issue: admin usable by a plan manager)."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.plans.models import Element
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PLAN = "lc-shared-ambitions-2022-23"


def change_form_data(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({f"{management.prefix}-{name}": management[name].value() for name in management.fields})
        for subform in inline.formset.forms:
            data.update({f"{subform.prefix}-{name}": subform[name].value() for name in subform.fields
                         if subform[name].value() is not None})
    return data


def test_a_plan_manager_redates_a_milestone_in_the_admin_and_its_dates_follow_the_words(client):
    client.force_login(make_user(Role.PLAN_MANAGER, "structure-manager"))
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-3")
    page = client.get(f"/plans/{PLAN}/elements/{element.key}/").content.decode()
    assert "unchanged since it was loaded from the plan file on" in page
    adopted = element.date_text
    url = f"/admin/plans/element/{element.pk}/change/"
    data = change_form_data(client, url)
    data["date_text"] = "Autumn 2023"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    element.refresh_from_db()
    assert (element.date_text, element.date_start, element.date_end) == (
        "Autumn 2023", dt.date(2023, 9, 1), dt.date(2023, 11, 30),
    )
    assert element.date_precision == "season"
    assert element.history.first().history_user.username == "structure-manager"
    page = client.get(f"/plans/{PLAN}/elements/{element.key}/").content.decode()
    assert f"target from “{adopted}” to “Autumn 2023”" in page, "the change history says what changed"


def test_the_admin_index_shows_a_plan_manager_what_they_may_edit(client):
    client.force_login(make_user(Role.PLAN_MANAGER, "index-manager"))
    html = client.get("/admin/").content.decode()
    for name in ("Plans", "Elements", "People", "Portfolios", "Meetings"):
        assert f">{name}<" in html, name
    # Progress is approved in the app; the admin only shows it.
    update = ProgressUpdate.objects.filter(plan__slug=PLAN).first()
    url = f"/admin/delivery/progressupdate/{update.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"rag": "red"}).status_code == 403


def test_officers_and_viewers_are_kept_out_of_the_admin(client):
    for role in (Role.OFFICER, Role.VIEWER):
        client.force_login(make_user(role, f"no-admin-{role.name.lower()}"))
        response = client.get("/admin/plans/element/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_plans_status_moves_by_decisions_not_by_editing_it_in_the_admin(client):
    from civicplan.plans.models import Plan

    client.force_login(make_user(Role.PLAN_MANAGER, "status-manager"))
    plan = Plan.objects.get(slug="lc-business-plan-2020-21")
    url = f"/admin/plans/plan/{plan.pk}/change/"
    data = change_form_data(client, url)
    assert "status" not in data  # shown, not editable
    data["status"] = "adopted"
    data["title"] = plan.title + " (edited)"
    response = client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "executive" and plan.title.endswith("(edited)")


@pytest.mark.parametrize("where, message", [
    ("itself", "An element cannot sit under itself."),
    ("its own step", "An element cannot sit under something that sits under it."),
    ("another plan", "The parent must be in the same plan"),
])
def test_the_admin_keeps_the_plan_a_tree(client, where, message):
    client.force_login(make_user(Role.PLAN_MANAGER, "tree-manager"))
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-6")  # a milestone with a dated step
    parent = {
        "itself": element,
        "its own step": element.children.first(),
        "another plan": Element.objects.filter(plan__slug="lc-business-plan-2020-21").first(),
    }[where]
    url = f"/admin/plans/element/{element.pk}/change/"
    data = change_form_data(client, url)
    data["parent"] = parent.pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    element.refresh_from_db()
    assert element.parent.key == "obj-2.1"
    assert client.get(f"/plans/{PLAN}/elements/{element.key}/").status_code == 200


def test_a_weight_out_of_range_is_refused_in_the_admin(client):
    client.force_login(make_user(Role.PLAN_MANAGER, "weight-manager"))
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-3")
    url = f"/admin/plans/element/{element.pk}/change/"
    data = change_form_data(client, url)
    data["weight"] = "99999999999999"
    response = client.post(url, data)
    assert response.status_code == 200 and "less than or equal to 1000" in response.content.decode()
    element.refresh_from_db()
    assert element.weight == 1


def test_an_element_moved_in_the_admin_shows_under_its_new_parent(client):
    client.force_login(make_user(Role.PLAN_MANAGER, "move-manager"))
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.1-3")
    new_parent = Element.objects.get(plan__slug=PLAN, key="obj-2.5")
    url = f"/admin/plans/element/{element.pk}/change/"
    data = change_form_data(client, url)
    data["parent"] = new_parent.pk
    assert client.post(url, data).status_code == 302
    tree = client.get(f"/plans/{PLAN}/").content.decode()
    objective_25 = tree.split('id="el-obj-2.5"', 1)[1].split('id="el-obj-2.6"', 1)[0] if 'id="el-obj-2.6"' in tree else (
        tree.split('id="el-obj-2.5"', 1)[1])
    assert 'id="el-ms-2.1-3"' in objective_25
    assert 'id="el-ms-2.1-3"' not in tree.split('id="el-obj-2.1"', 1)[1].split('id="el-obj-2.2"', 1)[0]
    element.refresh_from_db()
    assert element.depth == new_parent.depth + 1
    page = " ".join(html.unescape(client.get(f"/plans/{PLAN}/elements/{element.key}/").content.decode()).split())
    assert f"moved from under “{Element.objects.get(plan__slug=PLAN, key='obj-2.1').title[:40]}" in page
    assert f"to under “{new_parent.title[:40]}" in page


def test_an_element_added_in_the_admin_takes_its_place_under_its_parent(client):
    from civicplan.plans.models import Plan

    client.force_login(make_user(Role.PLAN_MANAGER, "adding-manager"))
    plan = Plan.objects.get(slug=PLAN)
    parent = Element.objects.get(plan=plan, key="obj-2.5")
    data = change_form_data(client, "/admin/plans/element/add/")
    data.update({"plan": plan.pk, "key": "added-in-admin", "kind": "milestone", "parent": parent.pk,
                 "title": "Benchmarking pilot with five boroughs", "order": 99, "weight": 1})
    response = client.post("/admin/plans/element/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    added = Element.objects.get(plan=plan, key="added-in-admin")
    positions = list(Element.objects.filter(plan=plan).order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(positions)))  # one element per place, none skipped
    keys = list(Element.objects.filter(plan=plan).order_by("position").values_list("key", flat=True))
    last_child_of_parent = max(i for i, k in enumerate(keys) if Element.objects.get(plan=plan, key=k).parent_id == parent.pk and k != "added-in-admin")
    assert keys.index("added-in-admin") > last_child_of_parent and added.depth == parent.depth + 1
