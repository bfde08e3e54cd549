"""Reviewing an import in the browser: upload, see the draft beside the text, correct, save."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civicplan.core.permissions import Role
from civicplan.importer.models import ImportDraft
from civicplan.plans.models import Plan
from civicplan.plans.services import SEED_DIR
from tests.conftest import text_of
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SOURCE = SEED_DIR / "sources" / "lc-shared-ambitions-2022-23.txt"


@pytest.fixture
def manager_pages(client, pages):
    client.force_login(make_user(Role.PLAN_MANAGER, "importing-manager"))
    return pages


def upload(client, name: str, data: bytes):
    return client.post("/import/", {"file": SimpleUploadedFile(name, data)})


def check(pages, response):
    pages.check_html(response.wsgi_request.path, response.content.decode())
    return response


def test_only_plan_managers_import(client, pages):
    response = client.get("/import/")
    assert response.status_code == 302 and "next=/import/" in response["Location"]
    client.force_login(make_user(Role.OFFICER, "an-officer"))
    assert client.get("/import/").status_code == 403
    assert 'href="/import/"' not in pages.get("/").content.decode()


def test_plan_managers_find_import_in_the_menu(client, manager_pages):
    html = manager_pages.get("/").content.decode()
    assert re.search(r'<a[^>]*href="/import/"[^>]*>\s*Import\s*</a>', html)


def test_upload_review_correct_and_save_a_draft_plan(client, manager_pages):
    pages = manager_pages
    html = pages.get("/import/").content.decode()
    assert 'type="file"' in html and "Import a plan document" in text_of(html)

    response = upload(client, "shared-ambitions.txt", SOURCE.read_bytes())
    assert response.status_code == 302
    review_url = response["Location"]
    html = pages.get(review_url).content.decode()
    words = text_of(html)
    assert "London Councils' Shared Ambitions Milestones" in words or "London Councils&#x27; Shared Ambitions" in html
    assert "Reform of asylum dispersal" in words and "Target: July 2022" in words
    assert "The document" in words and "Leaders' Committee" in html.replace("&#x27;", "'")
    assert "Contributes to:" in words

    draft = ImportDraft.objects.get()
    elements = draft.plan["elements"]
    milestone = next(e for e in elements if e["title"] == "Reform of asylum dispersal")
    other_objective = [e for e in elements if e["kind"] == "objective"][1]
    sub_priority = next(e for e in elements if e["kind"] == "sub_priority" and e["parent"] == other_objective["id"])
    edit_url = f"/import/{draft.pk}/elements/{milestone['id']}/"
    form_html = pages.get(edit_url).content.decode()
    assert 'name="kind"' in form_html and 'name="parent"' in form_html and 'name="date_text"' in form_html

    response = client.post(edit_url, {"kind": "milestone", "parent": other_objective["id"], "title": "Reform of asylum dispersal",
                                      "date_text": "by Autumn 2022", "links": [sub_priority["id"]]})
    assert response.status_code == 302
    draft.refresh_from_db()
    changed = next(e for e in draft.plan["elements"] if e["id"] == milestone["id"])
    assert changed["parent"] == other_objective["id"]
    assert (changed["date_text"], changed["start"], changed["end"]) == ("by Autumn 2022", None, "2022-11-30")
    assert changed["links"] == [{"type": "contributes_to", "target": sub_priority["id"]}]
    ids = [e["id"] for e in draft.plan["elements"]]
    assert ids.index(other_objective["id"]) < ids.index(milestone["id"])  # parents first

    # The seed plan of that title is there already: saving asks first, and saves nothing until told.
    review = text_of(client.get(f"/import/{draft.pk}/").content.decode())
    assert "A plan with this title already exists for London Councils" in review
    refused = client.post(f"/import/{draft.pk}/save/")
    assert refused.status_code == 400
    assert "choose to replace that plan or keep both" in text_of(refused.content.decode())
    response = client.post(f"/import/{draft.pk}/save/", {"earlier": "keep"})
    assert response.status_code == 302
    plan = Plan.objects.get(slug=draft.plan["meta"]["slug"])
    assert plan.status == Plan.Status.DRAFT
    saved = plan.elements.get(key=milestone["id"])
    assert saved.parent.key == other_objective["id"] and saved.date_text == "by Autumn 2022"
    assert [link.target.key for link in saved.links_out.all()] == [sub_priority["id"]]
    html = pages.get(review_url).content.decode()
    assert "has been saved as a plan" in text_of(html)


def test_a_correction_that_cannot_be_made_is_explained(client, manager_pages):
    response = upload(client, "plan.txt", SOURCE.read_bytes())
    draft = ImportDraft.objects.get(pk=int(re.search(r"/import/(\d+)/", response["Location"]).group(1)))
    objective = next(e for e in draft.plan["elements"] if e["kind"] == "objective")
    child = next(e for e in draft.plan["elements"] if e["parent"] == objective["id"])
    response = client.post(f"/import/{draft.pk}/elements/{objective['id']}/",
                           {"kind": "objective", "parent": child["id"], "title": objective["title"], "date_text": ""})
    assert response.status_code == 400
    check(manager_pages, response)
    assert "cannot sit under itself or one of its own children" in text_of(response.content.decode())


def test_removing_an_element_moves_its_children_up(client, manager_pages):
    upload(client, "plan.txt", SOURCE.read_bytes())
    draft = ImportDraft.objects.latest("pk")
    objective = next(e for e in draft.plan["elements"] if e["kind"] == "objective")
    children = [e["id"] for e in draft.plan["elements"] if e["parent"] == objective["id"]]
    client.post(f"/import/{draft.pk}/elements/{objective['id']}/", {"kind": "remove", "title": "x", "parent": ""})
    draft.refresh_from_db()
    by_id = {e["id"]: e for e in draft.plan["elements"]}
    assert objective["id"] not in by_id
    assert children and all(by_id[c]["parent"] == objective["parent"] for c in children)


def test_a_document_with_nothing_recognisable_says_so_plainly(client, manager_pages):
    response = upload(client, "note.txt", b"lorem ipsum dolor sit amet, consectetur adipiscing elit.")
    assert response.status_code == 400
    check(manager_pages, response)
    assert "No plan was found in this document" in text_of(response.content.decode())
    assert not ImportDraft.objects.exists()


def test_a_bad_file_is_one_clear_error_on_the_form(client, manager_pages):
    response = upload(client, "scan.pdf", b"%PDF-1.4 broken")
    assert response.status_code == 400
    check(manager_pages, response)
    assert "the PDF is damaged and cannot be read" in text_of(response.content.decode())
    response = upload(client, "budget.xlsx", b"PK\x03\x04")
    assert "The document must be a PDF, a Word document (.docx), or a .txt or .md file" in text_of(response.content.decode())


def test_another_users_draft_is_not_found(client, manager_pages):
    upload(client, "plan.txt", SOURCE.read_bytes())
    draft = ImportDraft.objects.latest("pk")
    client.force_login(make_user(Role.PLAN_MANAGER, "someone-else"))
    assert client.get(f"/import/{draft.pk}/").status_code == 404


def test_an_over_long_organisation_is_named_and_nothing_is_imported(client, manager_pages):
    before = ImportDraft.objects.count()
    response = client.post("/import/", {"file": SimpleUploadedFile("plan.txt", SOURCE.read_bytes()), "organisation": "x" * 1000})
    check(manager_pages, response)
    words = text_of(response.content.decode())
    assert "The organisation must be 200 characters or fewer (it has 1000)" in words
    assert ImportDraft.objects.count() == before


def test_a_plan_imported_for_a_new_organisation_can_be_taken_forward_at_once(client, manager_pages):
    response = client.post("/import/", {"file": SimpleUploadedFile("plan.txt", SOURCE.read_bytes()),
                                        "organisation": "Riverside Borough Council"})
    draft = ImportDraft.objects.get(pk=int(re.search(r"/import/(\d+)/", response["Location"]).group(1)))
    assert client.post(f"/import/{draft.pk}/save/").status_code == 302
    plan = Plan.objects.get(slug=draft.plan["meta"]["slug"])
    assert plan.organisation.name == "Riverside Borough Council"
    words = text_of(manager_pages.get(f"/plans/{plan.slug}/decisions/").content.decode())
    # The default workflow for an organisation new to CivicPlan: Cabinet approval.
    assert "Adopt at Cabinet" in words
    assert "None: the plan is at the end of its cycle" not in words


def test_unreadable_date_words_are_shown_at_the_date_field_with_the_editors_message(client, manager_pages):
    upload(client, "plan.txt", SOURCE.read_bytes())
    draft = ImportDraft.objects.latest("pk")
    milestone = next(e for e in draft.plan["elements"] if e["kind"] == "milestone")
    response = client.post(f"/import/{draft.pk}/elements/{milestone['id']}/", {
        "kind": "milestone", "parent": milestone["parent"] or "", "title": milestone["title"],
        "date_text": "when the funding lands"})
    assert response.status_code == 400
    check(manager_pages, response)
    html = response.content.decode()
    assert ('href="#id_date_text">“when the funding lands” cannot be read as a target date. Write it as people do, '
            "for example March 2023, Autumn 2022, Q2 2023, by Jan 2023 or TBC.</a>") in html
    assert 'id="date-error"' in html
    draft.refresh_from_db()
    assert next(e for e in draft.plan["elements"] if e["id"] == milestone["id"])["date_text"] == milestone["date_text"]
