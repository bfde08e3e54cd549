"""Search across every plan and year, on SQLite (FTS5) and PostgreSQL (full-text search)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from civicplan.core.permissions import Role
from civicplan.plans.models import Element, Plan
from civicplan.plans.services import plan_file_load
from civicplan.search import backends
from civicplan.search.backends import RANKED, postgres_tsquery
from civicplan.search.query import fts5_match, parse_query
from civicplan.search.selectors import search_elements
from civicplan.search.services import search_index_element
from tests.conftest import text_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PLAN_2019 = "lc-business-plan-2019-20"
PLAN_2020 = "lc-business-plan-2020-21"
PLAN_2022 = "lc-shared-ambitions-2022-23"


def small_plan(*, slug: str, status: str = "adopted", elements: list[dict], replace: bool = False) -> Plan:
    return plan_file_load(
        data={
            "format": "civicplan-plan",
            "version": 1,
            "meta": {"slug": slug, "title": f"Test plan {slug}", "kind": "business_plan", "status": status,
                     "organisation": "London Councils", "plan_period": {"start": "2024-04-01", "end": "2025-03-31", "text": "2024/25"}},
            "framework": {"levels": [{"kind": "priority", "name": "Priority", "plural": "Priorities", "parents": []}]},
            "elements": [{"kind": "priority", **e} for e in elements],
        },
        replace=replace,
    )


def found(results) -> set[tuple[str, str]]:
    return {(hit.plan.slug, hit.element.key) for hit in results.hits}


def anon_search(query: str, **kwargs):
    return search_elements(query=query, user=AnonymousUser(), **kwargs)


# --- what a search finds -------------------------------------------------------------------

def test_one_search_finds_matches_in_every_plan_and_year():
    results = anon_search("fair funding", limit=200)
    plans = {hit.plan.slug for hit in results.hits}
    assert {PLAN_2019, PLAN_2020, PLAN_2022} <= plans
    assert results.total == len(results.hits)
    assert sum(pc.count for pc in results.plan_counts) == results.total


@pytest.mark.parametrize("typed", ["London's needs housing", "London’s needs housing", "Londons needs housing"])
def test_apostrophes_straight_or_curly_find_the_housing_priority_in_both_years(typed):
    keys = found(anon_search(typed, limit=50))
    assert (PLAN_2019, "wa-20") in keys
    assert (PLAN_2020, "pr-8.1") in keys


def test_a_hyphenated_word_finds_the_cost_of_living_sub_priority():
    results = anon_search("cost-of-living")
    assert any("cost-of-living crisis" in hit.element.title for hit in results.hits)


def test_a_quoted_phrase_needs_the_words_together():
    loose = found(anon_search("fair funding", limit=200))
    phrase = found(anon_search('"fair funding"', limit=200))
    # "Deliver fair levels of funding ..." has both words, but apart.
    assert (PLAN_2019, "wa-39") in loose
    assert (PLAN_2019, "wa-39") not in phrase
    assert phrase and phrase < loose


def test_a_minus_sign_leaves_words_out():
    results = anon_search("funding -fair", limit=200)
    assert results.total > 0
    for hit in results.hits:
        assert not re.search(r"\bfair\b", hit.element.title + " " + hit.element.text, re.I)


def test_or_finds_either_word():
    taxicard = anon_search("taxicard", limit=200).total
    lorry = anon_search("lorry", limit=200).total
    either = anon_search("taxicard OR lorry", limit=200).total
    assert max(taxicard, lorry) < either <= taxicard + lorry


def test_and_between_words_finds_what_the_words_alone_find():
    """Both databases read "AND" the same way: as what the words already do."""
    assert found(anon_search("taxicard AND freedom", limit=200)) == found(anon_search("taxicard freedom", limit=200))
    assert anon_search("housing AND delivery", limit=200).total > 0


def test_stemming_finds_other_forms_of_a_word():
    keys = found(anon_search("accelerate housing"))
    assert (PLAN_2020, "pr-8.1") in keys  # "Accelerating housing delivery ..."


def test_best_matches_come_first():
    results = anon_search("housing delivery London needs mix homes")
    top_two = {(hit.plan.slug, hit.element.key) for hit in results.hits[:2]}
    assert top_two == {(PLAN_2019, "wa-20"), (PLAN_2020, "pr-8.1")}
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)


def test_filters_narrow_to_one_plan_and_one_kind():
    plan = Plan.objects.get(slug=PLAN_2019)
    in_plan = anon_search("London", plan=plan, limit=200)
    assert in_plan.total > 0 and {hit.plan.slug for hit in in_plan.hits} == {PLAN_2019}
    pledges = anon_search("London", kind="pledge", limit=200)
    assert pledges.total > 0 and {hit.element.kind for hit in pledges.hits} == {"pledge"}
    assert {hit.kind_name for hit in pledges.hits} == {"Pledge"}


@pytest.mark.parametrize(
    "typed",
    ["NEAR(a b)", "title:housing", '"unclosed', "a AND OR NOT", "((", "*", "^housing", "housing)",
     "'; DROP TABLE plans_element; --", "%", "_", "\\", "{x}", "-", "OR", "London's -", "x" * 2000],
)
def test_search_syntax_typed_by_a_person_never_fails(typed):
    results = anon_search(typed)
    assert results.total >= 0
    assert Element.objects.exists()


# --- who sees what -------------------------------------------------------------------------

def test_only_officers_and_above_find_elements_of_unpublished_plans():
    draft = small_plan(slug="draft-search", status="draft", elements=[{"id": "p1", "title": "Zanzibar quokka initiative"}])
    assert anon_search("quokka").total == 0
    viewer = make_user(Role.VIEWER)
    assert search_elements(query="quokka", user=viewer).total == 0
    assert search_elements(query="quokka", user=viewer, plan=draft).total == 0
    officer = search_elements(query="quokka", user=make_user(Role.OFFICER))
    assert found(officer) == {("draft-search", "p1")}
    assert not officer.hits[0].published


# --- keeping the index current --------------------------------------------------------------

def test_loading_or_replacing_a_plan_reindexes_it():
    small_plan(slug="reindex", elements=[{"id": "p1", "title": "Wombat crossing scheme"}])
    assert found(anon_search("wombat")) == {("reindex", "p1")}
    small_plan(slug="reindex", elements=[{"id": "p1", "title": "Platypus crossing scheme"}], replace=True)
    assert anon_search("wombat").total == 0
    assert found(anon_search("platypus")) == {("reindex", "p1")}


def test_an_edited_element_is_found_by_its_new_words_once_reindexed():
    element = Element.objects.get(plan__slug=PLAN_2019, key="wa-20")
    element.title = "Accelerate numbat delivery"
    element.save()
    search_index_element(element=element)
    assert (PLAN_2019, "wa-20") in found(anon_search("numbat"))


def test_a_reworded_element_is_found_by_its_new_words_and_not_its_old_ones():
    plan = small_plan(slug="reword", elements=[{"id": "p1", "title": "Echidna habitat survey",
                                                "text": "Count the echidnas"}])
    element = plan.elements.get(key="p1")
    element.title, element.text, element.date_text = "Bilby habitat survey", "Count the bilbies", "Autumn 2037"
    element.save()
    search_index_element(element=element)
    assert anon_search("echidna").total == 0
    for words in ("bilby", "bilbies", "2037"):
        assert found(anon_search(words)) == {("reword", "p1")}, words
    assert {(hit.title_html, hit.snippet_html) for hit in anon_search("bilby").hits} == {
        ("<mark>Bilby</mark> habitat survey", "Count the <mark>bilbies</mark>")
    }


def index_rows(plan_id: int | None = None) -> int:
    """How many rows the engine's own index holds (for one plan)."""
    table = "search_element_fts" if connection.vendor == "sqlite" else "search_element_vector"
    where, params = ("WHERE plan_id = %s", [plan_id]) if plan_id is not None else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} {where}", params)
        return cursor.fetchone()[0]


def test_a_replaced_plan_leaves_no_rows_of_its_old_elements_in_the_index():
    first = small_plan(slug="replaced", elements=[{"id": f"p{n}", "title": f"Quoll count {n}"} for n in range(5)])
    old_ids = set(first.elements.values_list("id", flat=True))
    assert index_rows(first.pk) == 5
    second = small_plan(slug="replaced", elements=[{"id": "p1", "title": "Kowari count"}], replace=True)
    assert second.pk == first.pk  # replaced in place (its history stays)
    assert index_rows(second.pk) == 1
    assert index_rows() == Element.objects.count()
    assert anon_search("quoll").total == 0 and anon_search("kowari").total == 1
    old_ids -= set(second.elements.values_list("id", flat=True))  # p1 is kept, with its new words
    table, column = (
        ("search_element_fts", "rowid") if connection.vendor == "sqlite" else ("search_element_vector", "element_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} IN ({', '.join(map(str, old_ids))})")
        assert cursor.fetchone()[0] == 0


def test_deleting_a_plan_removes_its_elements_from_the_index():
    plan = small_plan(slug="deleted", elements=[{"id": "p1", "title": "Dunnart survey"}, {"id": "p2", "title": "Dunnart"}])
    plan_id = plan.pk
    assert anon_search("dunnart").total == 2
    plan.delete()
    assert index_rows(plan_id) == 0
    assert index_rows() == Element.objects.count()
    assert anon_search("dunnart").total == 0


def test_the_index_holds_every_element():
    assert index_rows() == Element.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_element_vector_gin'")
            assert "gin (vector)" in cursor.fetchone()[0].lower()
            cursor.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'search_element_document_gin'")
            assert cursor.fetchone()[0] == 0  # the old expression index is gone


def test_the_search_is_answered_from_the_full_text_index_not_by_reading_every_element():
    """The engine's own index answers the match: FTS5's virtual table on SQLite, the GIN index
    over the stored vectors (ranked without re-parsing each element's words) on PostgreSQL."""
    parsed = parse_query("housing delivery")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery, params = postgres_tsquery(parsed)
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                f"EXPLAIN SELECT element_id, ts_rank(vector, {tsquery}, 1) "
                f"FROM search_element_vector WHERE vector @@ {tsquery}",
                params + params,
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "search_element_vector_gin" in plan
            assert "to_tsvector" not in plan
        else:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM search_element_fts "
                "WHERE search_element_fts MATCH %s",
                [fts5_match(parsed)],
            )
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and "search_element_fts" in plan


# --- the page ------------------------------------------------------------------------------

def test_search_page_lists_results_with_plan_year_kind_label_and_highlights(pages):
    html = pages.get("/search/?q=housing+delivery").content.decode()
    words = text_of(html)
    assert re.search(r"\d+ results for “housing delivery”", words)
    assert "London Councils Business Plan 2019/20 (2019/20)" in words
    assert "Work area 20:" in words
    assert re.search(r"<mark>housing</mark>", html, re.I)
    assert 'href="/plans/lc-business-plan-2019-20/elements/wa-20/"' in html
    assert "Results in each plan" in words


def test_search_page_without_a_query_shows_the_form_only(pages):
    html = pages.get("/search/").content.decode()
    assert "There is a problem" not in html
    assert 'name="q"' in html and "results for" not in html


def test_search_is_in_the_navigation(pages):
    html = pages.get("/").content.decode()
    assert re.search(r'<a class="govuk-service-navigation__link" href="/search/"[^>]*>\s*Search\s*</a>', html)


@pytest.mark.parametrize(
    "query,message",
    [
        ("?q=", "Enter words to search for"),
        ("?q=+++", "Enter words to search for"),
        ("?q=" + "a" * 2000, "Search words must be 200 characters or fewer"),
        ("?q=%2A%2A%2A", "Enter words or numbers to search for: AND, OR and punctuation on their own find nothing"),
        ("?q=AND", "Enter words or numbers to search for: AND, OR and punctuation on their own find nothing"),
        ("?q=-fair", "Enter a word to search for as well as the words to leave out"),
        ("?q=housing&plan=no-such-plan", "There is no plan called “no-such-plan”"),
        ("?q=housing&kind=dragon", "“dragon” is not a kind of element"),
        ("?q=housing%00", "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_message_naming_the_problem(pages, query, message):
    html = pages.get("/search/" + query).content.decode()
    assert "There is a problem" in html
    assert message in text_of(html).replace("&#x27;", "'")
    assert "<title>Error: " in html


@pytest.mark.parametrize(
    "typed", ["NEAR(a b)", "title:housing", '"unclosed', "a AND OR NOT", "((", "housing)", "London's", "cost-of-living"]
)
def test_search_page_survives_fts_syntax(pages, typed):
    pages.get("/search/", data={"q": typed})


def test_an_unpublished_plan_cannot_be_chosen_by_the_public(pages):
    small_plan(slug="draft-filter", status="draft", elements=[{"id": "p1", "title": "Quokka"}])
    html = pages.get("/search/?q=quokka&plan=draft-filter").content.decode()
    assert "There is no plan called “draft-filter”" in text_of(html)
    assert "Quokka" not in text_of(html)


def test_element_text_is_escaped_and_only_marks_are_markup(pages):
    small_plan(
        slug="xss",
        elements=[{"id": "p1", "title": '<script>alert("pangolin")</script> pangolin plan',
                   "text": "<img src=x onerror=alert(1)> pangolin text"}],
    )
    html = pages.get("/search/?q=pangolin").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>pangolin</mark>" in html


def test_results_are_paged(pages):
    first = pages.get("/search/?q=London").content.decode()
    total = int(re.search(r"(\d+) results for", text_of(first)).group(1))
    assert total > 20
    assert first.count('class="app-search-results__item') == 20
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = pages.get("/search/?q=London&page=2").content.decode()
    assert 'rel="prev"' in second and "Showing 21 to" in text_of(second)
    first_links = set(re.findall(r'href="(/plans/[^"]+)"', first))
    second_links = set(re.findall(r'href="(/plans/[^"]+)"', second))
    assert first_links.isdisjoint(second_links - first_links) and second_links - first_links
    past_the_end = pages.get("/search/?q=London&page=999").content.decode()
    last = (total - 1) // 20 + 1
    assert f"Showing {(last - 1) * 20 + 1} to {total}" in text_of(past_the_end)
    assert "Showing 1 to 20" in text_of(pages.get("/search/?q=London&page=abc").content.decode())


def test_plan_counts_link_to_the_same_search_in_one_plan(pages):
    html = pages.get("/search/?q=funding").content.decode()
    link = re.search(r'href="(\?q=funding&amp;plan=lc-business-plan-2019-20)"', html)
    assert link, "a link narrowing the search to 2019/20"
    narrowed = pages.get("/search/?q=funding&plan=lc-business-plan-2019-20").content.decode()
    assert "in London Councils Business Plan 2019/20" in text_of(narrowed)
    # The form keeps the chosen plan, and only that one.
    assert re.findall(r'<option value="([^"]*)" selected>', narrowed) == ["lc-business-plan-2019-20"]


def test_reindex_command_rebuilds_a_lost_index():
    import io

    from django.core.management import call_command

    before = anon_search("housing", limit=200)
    table = "search_element_fts" if connection.vendor == "sqlite" else "search_element_vector"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
    assert anon_search("housing").total == 0
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert f"search index rebuilt: {Element.objects.count()} elements" in out.getvalue()
    assert index_rows() == Element.objects.count()
    after = anon_search("housing", limit=200)
    assert after.total == before.total and found(after) == found(before)


def test_an_edit_in_the_admin_is_found_by_search_at_once(client):
    plan = small_plan(slug="admin-edited", elements=[{"id": "p1", "title": "Numbat survey"}])
    element = plan.elements.get()
    client.force_login(make_user(Role.ADMIN, "search-admin"))
    form = client.get(f"/admin/plans/element/{element.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"title": "Bilby survey", "links_out-TOTAL_FORMS": 0, "links_out-INITIAL_FORMS": 0})
    response = client.post(f"/admin/plans/element/{element.pk}/change/", data)
    assert response.status_code == 302
    assert found(anon_search("bilby")) == {("admin-edited", "p1")}
    assert anon_search("numbat").total == 0


# --- a word in more elements than are ranked (ADR 34) ---------------------------------------

def many_numbats() -> Plan:
    """An older plan whose one element is the best match there is, then a newer plan with more
    matches than are ranked, one of them (p7) with the word in its title."""
    older = small_plan(slug="numbat-older", elements=[{"id": "p1", "title": "Numbat numbat numbat"}])
    elements = [
        {"id": f"p{n}", "title": f"Item {n}", "text": f"Work with partners on item {n} and the numbat survey"}
        for n in range(RANKED + 5)
    ]
    elements[7]["title"] = "Numbat survey"
    small_plan(slug="numbat-newer", elements=elements)
    return older


# PostgreSQL reads the newest elements one by one, then older matches from its GIN index: the
# second run makes that first stretch one element long, so the older matches come from the index.
@pytest.mark.parametrize("recent_elements", [backends.RECENT_ELEMENTS, 1])
def test_a_word_in_more_elements_than_are_ranked_ranks_the_newest_best_first_and_says_there_are_more(
    monkeypatch, recent_elements
):
    monkeypatch.setattr(backends, "RECENT_ELEMENTS", recent_elements)
    older = many_numbats()
    results = anon_search("numbat", limit=20)
    assert results.more and results.total == RANKED
    assert results.hits[0].element.key == "p7"  # the word in the title comes first
    assert {hit.plan.slug for hit in results.hits} == {"numbat-newer"}
    assert [(pc.plan.slug, pc.count) for pc in results.plan_counts] == [("numbat-newer", RANKED)]
    # The older plan's match is found by choosing that plan.
    in_older = anon_search("numbat", plan=older)
    assert not in_older.more and found(in_older) == {("numbat-older", "p1")}
    # Fewer matches than the bound are all ranked and counted, best first.
    fewer = anon_search("fair funding", limit=200)
    assert not fewer.more and fewer.total == len(fewer.hits) == sum(pc.count for pc in fewer.plan_counts)
    assert {PLAN_2019, PLAN_2020, PLAN_2022} <= {hit.plan.slug for hit in fewer.hits}
    assert [hit.score for hit in fewer.hits] == sorted((hit.score for hit in fewer.hits), reverse=True)


def test_the_page_says_there_are_more_and_pages_through_the_ranked_results(pages):
    many_numbats()
    bound, last = f"{RANKED:,}", (RANKED - 1) // 20 + 1
    first = text_of(pages.get("/search/?q=numbat").content.decode())
    assert f"More than {bound} results for “numbat”" in first
    assert f"Only the {bound} most recently added results are shown, best matches first." in first
    assert "To find others, add more words or choose a plan." in first
    assert f"Showing 1 to 20 of {bound}" in first
    on_last = f"Showing {(last - 1) * 20 + 1:,} to {bound} of {bound}"
    assert on_last in text_of(pages.get(f"/search/?q=numbat&page={last}").content.decode())
    beyond = pages.get(f"/search/?q=numbat&page={last + 1}").content.decode()
    assert on_last in text_of(beyond) and 'rel="next"' not in beyond
    narrowed = text_of(pages.get("/search/?q=numbat&plan=numbat-older").content.decode())
    assert "1 result for “numbat” in Test plan numbat-older" in narrowed and "More than" not in narrowed
