"""Lineage pages: the comparison, an element's lineage, and the Link / Unlink buttons."""

from __future__ import annotations

import re

import pytest

from civicplan.core.permissions import Role
from civicplan.plans.models import Element, ElementLink
from tests.conftest import text_of
from tests.factories import make_user, synthetic_plan

pytestmark = pytest.mark.django_db

OLD, NEW = "lc-business-plan-2019-20", "lc-business-plan-2020-21"
COMPARE = f"/compare/{OLD}/{NEW}/"
LINK = f"/plans/{NEW}/lineage/pr-8.1/link/"
UNLINK = f"/plans/{NEW}/lineage/pr-8.1/unlink/"


def sign_in(client, role: Role):
    user = make_user(role)
    client.force_login(user)
    return user


def links_from(key: str) -> list[str]:
    return list(
        ElementLink.objects.filter(source__plan__slug=NEW, source__key=key, link_type="continues")
        .values_list("target_ref", flat=True)
    )


def section(html: str, heading_id: str) -> str:
    """The page from one section heading to the next h2."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else len(html)]


# --- the comparison ------------------------------------------------------------------------

def test_comparison_shows_three_sections_with_counts(pages):
    ElementLink.objects.create(
        source=Element.objects.get(plan__slug=NEW, key="pr-8.1"), link_type="continues",
        target=Element.objects.get(plan__slug=OLD, key="wa-20"), target_ref=f"{OLD}#wa-20",
    )
    html = pages.get(COMPARE).content.decode()
    words = text_of(html)
    new_priorities = Element.objects.filter(plan__slug=NEW, kind="priority").count()
    old_priorities = Element.objects.filter(plan__slug=OLD, kind="priority").count()
    assert "What carried over from 2019/20 to 2020/21" in words
    assert "Carried over (1)" in words
    assert f"New in 2020/21 ({new_priorities - 1})" in words
    assert f"Dropped from 2019/20 ({old_priorities - 1})" in words
    carried = text_of(section(html, "carried-over"))
    assert "Accelerating housing delivery" in carried and "Accelerate housing delivery" in carried
    new = section(html, "new")
    # The unlinked funding priority is shown with its likely predecessor and how alike they are.
    row = re.search(r"Delivering fair levels of funding.*?</tr>", new, re.S).group(0)
    assert "Deliver fair levels of funding for local public services in London." in row
    assert re.search(r"\d+% alike", text_of(row))
    assert 'href="/plans/lc-business-plan-2019-20/elements/wa-39/"' in row


def test_the_public_sees_no_link_buttons_and_a_plan_manager_does(client, pages):
    html = pages.get(COMPARE).content.decode()
    assert "/lineage/" not in re.sub(r'href="[^"]*"', "", html)  # no link or unlink form actions
    sign_in(client, Role.OFFICER)
    assert 'class="app-lineage-form"' not in pages.get(COMPARE).content.decode()
    client.logout()
    sign_in(client, Role.PLAN_MANAGER)
    html = pages.get(COMPARE).content.decode()
    assert 'class="app-lineage-form"' in html
    assert html.count(f'action="/plans/{NEW}/lineage/pr-1.1/link/"') >= 1
    assert 'name="predecessor" value="lc-business-plan-2019-20#wa-39"' in html


def test_kind_filters_compare_pledges_with_outputs(pages):
    html = pages.get(COMPARE + "?kind=pledge&new_kind=output").content.decode()
    words = text_of(html)
    pledges = Element.objects.filter(plan__slug=OLD, kind="pledge").count()
    outputs = Element.objects.filter(plan__slug=NEW, kind="output").count()
    assert f"New in 2020/21 ({outputs})" in words and f"Dropped from 2019/20 ({pledges})" in words
    assert "Pledge" in words


@pytest.mark.parametrize(
    "query,message",
    [
        ("?kind=dragon", "has no elements of the kind “dragon”"),
        ("?kind=priority&new_kind=milestone", "has no elements of the kind “milestone”"),
    ],
)
def test_a_bad_kind_is_named_and_the_page_still_compares(pages, query, message):
    html = pages.get(COMPARE + query).content.decode()
    assert "There is a problem" in html and message in text_of(html)
    assert "Carried over (" in text_of(html)


def test_plans_named_newest_first_are_put_the_right_way_round(client):
    response = client.get(f"/compare/{NEW}/{OLD}/?kind=pledge")
    assert response.status_code == 302
    assert response["Location"] == f"/compare/{OLD}/{NEW}/?kind=pledge"


def test_comparing_a_plan_with_itself_explains_the_problem(pages):
    html = pages.get(f"/compare/{OLD}/{OLD}/", status=400).content.decode()
    assert "Choose two different plans" in text_of(html)


def test_unknown_and_unpublished_plans_are_not_found(client, pages):
    pages.get(f"/compare/{OLD}/no-such-plan/", status=404)
    pages.get("/plans/no-such-plan/lineage/", status=404)
    pages.get(f"/plans/{NEW}/lineage/no-such-key/", status=404)
    synthetic_plan(slug="draft-lineage", milestones=2, status="draft")
    pages.get(f"/compare/{OLD}/draft-lineage/", status=404)
    pages.get("/plans/draft-lineage/lineage/", status=404)
    sign_in(client, Role.OFFICER)
    pages.get("/plans/draft-lineage/lineage/")


# --- linking from the pages ----------------------------------------------------------------

def post_link(client, url=LINK, predecessor=f"{OLD}#wa-20", next_url=COMPARE):
    return client.post(url, {"predecessor": predecessor, "next": next_url})


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_linked(client):
    response = post_link(client)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert links_from("pr-8.1") == []


@pytest.mark.parametrize("role", [Role.VIEWER, Role.OFFICER])
def test_viewers_and_officers_may_not_link(client, role):
    sign_in(client, role)
    assert post_link(client).status_code == 403
    assert links_from("pr-8.1") == []


def test_a_plan_manager_links_then_unlinks_from_the_comparison(client, pages):
    sign_in(client, Role.PLAN_MANAGER)
    response = post_link(client)
    assert response.status_code == 302 and response["Location"] == COMPARE
    assert links_from("pr-8.1") == [f"{OLD}#wa-20"]
    html = pages.get(COMPARE).content.decode()
    assert "now continues" in text_of(html)
    assert "Carried over (1)" in text_of(html)
    assert f'action="{UNLINK}"' in section(html, "carried-over")

    response = post_link(client, url=UNLINK)
    assert response.status_code == 302
    assert links_from("pr-8.1") == []
    assert "no longer continues" in text_of(pages.get(COMPARE).content.decode())


@pytest.mark.parametrize(
    "predecessor,message",
    [
        ("", "Choose the earlier element to link to."),
        ("no-such-plan#wa-20", "There is no element “no-such-plan#wa-20” to link to."),
        (f"{OLD}#no-such-key", f"There is no element “{OLD}#no-such-key” to link to."),
        (f"{NEW}#pr-8.2", "must be in an earlier plan"),
    ],
)
def test_bad_link_requests_come_back_with_a_message_and_save_nothing(client, pages, predecessor, message):
    sign_in(client, Role.PLAN_MANAGER)
    response = post_link(client, predecessor=predecessor)
    assert response.status_code == 302
    html = pages.get(response["Location"]).content.decode()
    assert message in text_of(html)
    assert links_from("pr-8.1") == []


def test_linking_twice_says_so(client, pages):
    sign_in(client, Role.PLAN_MANAGER)
    post_link(client)
    response = post_link(client)
    assert "already continues" in text_of(pages.get(response["Location"]).content.decode())
    assert links_from("pr-8.1") == [f"{OLD}#wa-20"]


def test_link_only_returns_to_pages_on_this_site(client):
    sign_in(client, Role.PLAN_MANAGER)
    response = post_link(client, next_url="https://elsewhere.example/")
    assert response["Location"] == f"/plans/{NEW}/lineage/pr-8.1/"


def test_link_buttons_only_accept_post(client):
    sign_in(client, Role.PLAN_MANAGER)
    assert client.get(LINK).status_code == 405


# --- an element's lineage and a plan's -----------------------------------------------------

def test_element_lineage_page_offers_the_predecessor_first(client, pages):
    sign_in(client, Role.PLAN_MANAGER)
    html = pages.get(f"/plans/{NEW}/lineage/pr-8.1/").content.decode()
    words = text_of(html)
    assert "Most alike in London Councils Business Plan 2019/20" in words
    table = html[html.index("Most alike in") :]
    first_row = re.search(r'<tbody class="govuk-table__body">\s*<tr.*?</tr>', table, re.S).group(0)
    assert "Accelerate housing delivery to meet London" in first_row
    assert 'value="lc-business-plan-2019-20#wa-20"' in first_row

    post_link(client, next_url=f"/plans/{NEW}/lineage/pr-8.1/")
    html = pages.get(f"/plans/{NEW}/lineage/pr-8.1/").content.decode()
    continues = html[html.index(">Continues<") : html.index(">Continued by<")]
    assert "Accelerate housing delivery" in continues
    older = pages.get(f"/plans/{OLD}/lineage/wa-20/").content.decode()
    later = older[older.index(">Continued by<") :]
    assert "Accelerating housing delivery" in later


def test_element_lineage_names_a_bad_earlier_plan(pages):
    html = pages.get(f"/plans/{NEW}/lineage/pr-8.1/?from=no-such-plan").content.decode()
    assert "“no-such-plan” is not an earlier plan you can see" in text_of(html)
    assert "<title>Error: " in html


def test_plan_lineage_page_links_to_comparisons(pages):
    html = pages.get(f"/plans/{NEW}/lineage/").content.decode()
    assert f'href="/compare/{OLD}/{NEW}/"' in html
    assert "Predecessor" in text_of(html)
    assert f'href="/compare/{NEW}/lc-shared-ambitions-2022-23/"' in html


def test_plans_with_different_frameworks_are_compared_by_their_delivery_commitments(pages):
    """2020/21 has priorities, 2022-23 milestones: compare those, not the implications both happen to have."""
    html = pages.get(f"/compare/{NEW}/lc-shared-ambitions-2022-23/").content.decode()
    assert '<option value="priority" selected>' in html and '<option value="milestone" selected>' in html
    assert '<option value="implication" selected>' not in html
    words = text_of(html)
    assert "What carried over from 2020/21 to London Councils" in words
    assert "until the end of 2023" not in words.split("What carried over", 1)[1][:200]
