"""Why each imported element was read as it was, how sure the importer is, and where it was
printed: the reasons on the corpus, the review page's order, bulk changes and the page region."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from civicplan.core.permissions import Role
from civicplan.importer.models import ImportDraft
from civicplan.importer.pipeline import import_file
from civicplan.plans.models import Plan
from tests.conftest import text_of
from tests.factories import make_user

CORPUS = Path(__file__).parent / "corpus"
ACTION_PLAN_PDF = CORPUS / "action-plan-harrowfield-district-council-pdf.pdf"


def _headings_over_sentences_docx() -> Path:
    """A Word plan whose headings hold long sentences that no word names: the importer can only
    guess what they are (written once, to a folder of its own)."""
    import tempfile

    from docx import Document

    document = Document()
    document.add_heading("Our Borough Plan", level=0)
    for heading, sentences in {
        "People": ["Work with schools, health visitors and families so that every child arrives at school ready to learn",
                   "Help older residents stay in their own homes for longer with adaptations and support at home"],
        "Place": ["Keep streets, parks and open spaces clean and safe through the year with residents' help",
                  "Bring empty shops in the town centres back into use with the owners and local traders"],
        "Prosperity": ["Support local firms to grow and take on apprentices from the borough's own schools and colleges"],
    }.items():
        document.add_heading(heading, level=1)
        for sentence in sentences:
            document.add_paragraph(sentence, style="List Bullet")
    path = Path(tempfile.mkdtemp(prefix="civicplan-review-")) / "borough-plan.docx"
    document.save(path)
    return path


THEMES_DOCX = _headings_over_sentences_docx()


def _evidence(path: Path) -> tuple[list[dict], dict]:
    result = import_file(path)
    return result.plan["elements"], result.evidence


# ------------------------------------------------------------------ reasons and confidence


def test_every_element_of_every_corpus_document_has_a_reason_a_confidence_and_a_source():
    documents = sorted(p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".docx", ".md"))
    assert documents
    for path in documents:
        elements, evidence = _evidence(path)
        for element in elements:
            entry = evidence[element["id"]]
            assert entry["kind"]["reason"] and entry["parent"]["reason"], (path.name, element["title"])
            bands = [entry[k]["confidence"] for k in ("kind", "parent", "date") if k in entry]
            assert set(bands) <= {"high", "medium", "low"}
            assert entry["confidence"] == min(bands, key=["low", "medium", "high"].index)
            if path.suffix == ".pdf":
                assert entry["source"]["page"] >= 1 and len(entry["source"]["box"]) == 4, (path.name, element["title"])
                x0, top, x1, bottom = entry["source"]["box"]
                assert x0 < x1 and top < bottom
            else:
                assert entry["source"].get("line", 0) >= 1, (path.name, element["title"])


def test_a_table_rows_date_reason_names_its_column_and_its_kind_the_columns():
    elements, evidence = _evidence(ACTION_PLAN_PDF)
    rows = [e for e in elements if e["kind"] == "milestone"]
    assert rows
    for row in rows:
        entry = evidence[row["id"]]
        assert entry["date"] == {"reason": "date from table column Timescale", "confidence": "high"}
        assert "row of a table with columns" in entry["kind"]["reason"]
        assert "What we will do" in entry["kind"]["reason"] and "Timescale" in entry["kind"]["reason"]
        assert entry["parent"]["reason"] == "a row of the table under “Action plan”"


def test_a_heading_read_by_font_size_says_so_and_the_table_names_its_objectives():
    elements, evidence = _evidence(ACTION_PLAN_PDF)
    heading = next(e for e in elements if e["title"] == "Action plan")
    assert evidence[heading["id"]]["parent"]["reason"] == "heading by font size, at the top level"
    objective = next(e for e in elements if e["kind"] == "objective")
    assert evidence[objective["id"]]["kind"] == {"reason": "a table names it as what its rows serve", "confidence": "high"}


def test_items_nothing_names_are_guessed_and_low():
    elements, evidence = _evidence(THEMES_DOCX)
    guessed = [e for e in elements if e["kind"] == "other"]
    assert guessed
    for element in guessed:
        assert evidence[element["id"]]["confidence"] == "low"
        assert "guessed" in evidence[element["id"]]["kind"]["reason"]
    heading = next(e for e in elements if e["kind"] == "section")
    assert "Word heading style" in evidence[heading["id"]]["parent"]["reason"]


def test_a_milestone_without_a_date_where_its_siblings_have_one_is_low(tmp_path):
    """A date the reader could not find is worth a look when the list's other items have one."""
    path = tmp_path / "plan.md"
    path.write_text(
        "# Housing plan 2025\n\n## Milestones\n\n"
        "- Open the new hostel by March 2026\n- Publish the allocations policy in June 2025\n"
        "- Start the estate renewal programme in Autumn 2025\n"
        "- Review the homelessness strategy with partners and people who have used the service\n"
    )
    elements, evidence = _evidence(path)
    undated = next(e for e in elements if e["title"].startswith("Review the homelessness"))
    assert evidence[undated["id"]]["date"] == {
        "reason": "no date found, though most elements beside it have one", "confidence": "low"}
    assert evidence[undated["id"]]["confidence"] == "low"
    dated = next(e for e in elements if e["title"].startswith("Publish the allocations"))
    assert evidence[dated["id"]]["date"]["reason"] == "the first date in its words, “June 2025”"


# ------------------------------------------------------------------ the review page


@pytest.fixture
def manager(client):
    user = make_user(Role.PLAN_MANAGER, "reviewing-manager")
    client.force_login(user)
    return user


def _upload(client, path: Path) -> ImportDraft:
    response = client.post("/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302, response.content[:500]
    return ImportDraft.objects.get(pk=int(re.search(r"/import/(\d+)/", response["Location"]).group(1)))


def _listed_ids(html: str) -> list[str]:
    return re.findall(r'<li class="app-plan-tree__item app-import-row" id="el-([^"]+)"', html)


@pytest.mark.django_db
def test_the_review_page_lists_the_least_sure_first_with_reasons_in_words(client, manager, pages):
    draft = _upload(client, THEMES_DOCX)
    html = pages.get(f"/import/{draft.pk}/").content.decode()
    ids = _listed_ids(html)
    bands = [draft.evidence[i]["confidence"] for i in ids]
    assert bands[0] == "low" and bands == sorted(bands, key=["low", "medium", "high"].index)
    words = text_of(html)
    assert "Low confidence" in words and "What it is: kind guessed from its wording" in words
    assert "Where it sits: heading by its Word heading style, at the top level" in words
    # The document's own order, on request.
    html = pages.get(f"/import/{draft.pk}/?order=document").content.decode()
    assert _listed_ids(html) == [e["id"] for e in draft.plan["elements"]]
    # Word documents show the lines of the document's text they came from.
    first = draft.plan["elements"][1]
    assert re.search(r'<pre class="app-import-source__lines"[^>]*>[^<]*' + re.escape(first["title"]), html)


@pytest.mark.django_db
def test_bulk_set_kind_and_parent_of_several_elements(client, manager, pages):
    draft = _upload(client, THEMES_DOCX)
    guessed = [e["id"] for e in draft.plan["elements"] if e["kind"] == "other"][:2]
    response = client.post(f"/import/{draft.pk}/elements/", {"elements": guessed, "kind": "priority", "parent": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    by_id = {e["id"]: e for e in draft.plan["elements"]}
    assert [by_id[i]["kind"] for i in guessed] == ["priority", "priority"]
    assert all(draft.evidence[i]["kind"] == {"reason": "set by you on this page", "confidence": "high"} for i in guessed)
    assert "2 elements changed" in text_of(pages.get(response["Location"]).content.decode())

    place = next(e for e in draft.plan["elements"] if e["title"] == "Place")
    response = client.post(f"/import/{draft.pk}/elements/", {"elements": guessed, "kind": "", "parent": place["id"]})
    assert response.status_code == 302
    draft.refresh_from_db()
    by_id = {e["id"]: e for e in draft.plan["elements"]}
    assert [by_id[i]["parent"] for i in guessed] == [place["id"], place["id"]]
    ids = [e["id"] for e in draft.plan["elements"]]
    assert all(ids.index(place["id"]) < ids.index(i) for i in guessed)  # parents first

    response = client.post(f"/import/{draft.pk}/elements/", {"elements": guessed, "parent": "top"})
    draft.refresh_from_db()
    assert all({e["id"]: e for e in draft.plan["elements"]}[i]["parent"] is None for i in guessed)

    # The corrected draft saves as a plan.
    assert client.post(f"/import/{draft.pk}/save/").status_code == 302
    plan = Plan.objects.get(slug=draft.plan["meta"]["slug"])
    assert {el.kind for el in plan.elements.filter(key__in=guessed)} == {"priority"}


@pytest.mark.django_db
@pytest.mark.parametrize("post, message", [
    ({"kind": "priority"}, "Select the elements to change"),
    ({"elements": "CHOSEN"}, "Choose a kind or a parent to set for the selected elements"),
    ({"elements": "CHOSEN", "kind": "wizard"}, "wizard is not a kind of element: choose one from the list"),
    ({"elements": "CHOSEN", "parent": "CHILD"}, "cannot sit under “CHILDTITLE”: that is one of its own children"),
    ({"elements": "CHOSEN", "parent": "CHOSEN"}, "cannot sit under “CHOSENTITLE”: that is the element itself"),
    ({"elements": ["CHOSEN", "nope-1"], "kind": "priority"},
     "An element selected is no longer in this draft: reload the page and select again"),
])
def test_a_bulk_change_that_cannot_be_made_is_named_and_changes_nothing(client, manager, pages, post, message):
    draft = _upload(client, THEMES_DOCX)
    heading = next(e for e in draft.plan["elements"] if e["kind"] == "section")
    child = next(e for e in draft.plan["elements"] if e["parent"] == heading["id"])
    replace = {"CHOSEN": heading["id"], "CHILD": child["id"]}

    def swap(value):
        return [replace.get(v, v) for v in value] if isinstance(value, list) else replace.get(value, value)

    before = (draft.plan, draft.evidence)
    response = client.post(f"/import/{draft.pk}/elements/", {k: swap(v) for k, v in post.items()})
    assert response.status_code == 400
    pages.check_html(response.wsgi_request.path, response.content.decode())
    html = response.content.decode()
    def shown(title: str) -> str:  # a long title is named by its first 60 characters
        return f"{title[:60]}…" if len(title) > 60 else title

    message = message.replace("CHILDTITLE", shown(child["title"])).replace("CHOSENTITLE", shown(heading["title"]))
    assert message in text_of(html)
    assert 'class="govuk-error-summary"' in html and "There is a problem" in text_of(html)
    draft.refresh_from_db()
    assert (draft.plan, draft.evidence) == before


# ------------------------------------------------------------------ the page region


@pytest.mark.django_db
def test_a_pdf_elements_page_region_is_shown_to_its_owner_only(client, manager, pages):
    draft = _upload(client, ACTION_PLAN_PDF)
    kept = Path(draft.document.path)
    assert kept.exists() and kept.read_bytes() == ACTION_PLAN_PDF.read_bytes()
    assert ACTION_PLAN_PDF.stem not in kept.name  # a name of ours
    milestones = [e for e in draft.plan["elements"] if e["kind"] == "milestone"]
    milestone = milestones[0]
    # The heading's box is where PDFium finds its words on the page.
    import pypdfium2

    heading = next(e for e in draft.plan["elements"] if e["title"] == "Action plan")
    x0, top, x1, bottom = draft.evidence[heading["id"]]["source"]["box"]
    pdf_page = pypdfium2.PdfDocument(ACTION_PLAN_PDF.read_bytes())[0]
    text = pdf_page.get_textpage()
    hit = text.search("Action plan", match_case=True).get_next()
    left, low, right, high = text.get_charbox(hit[0])
    assert x0 - 1 <= left <= x0 + 3 and top - 1 <= pdf_page.get_height() - high <= bottom
    # Each row of the table has its own strip of the page, one below another.
    boxes = [draft.evidence[e["id"]]["source"]["box"] for e in milestones]
    assert len({tuple(b) for b in boxes}) == len(boxes) > 1
    assert all(upper[3] <= lower[1] + 0.5 for upper, lower in zip(boxes, boxes[1:]))
    html = pages.get(f"/import/{draft.pk}/").content.decode()
    url = f"/import/{draft.pk}/elements/{milestone['id']}/source.png"
    assert f'src="{url}"' in html and "Page 1 of" in text_of(html)

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    x0, top, x1, bottom = draft.evidence[milestone["id"]]["source"]["box"]
    # The box (in points, drawn at 2 pixels a point) with a margin, cut from a whole page.
    assert image.width >= (x1 - x0) * 2 and image.height >= (bottom - top) * 2
    page = Image.open(next(kept.parent.glob(kept.name + "-pages/1.png")))
    assert image.height < page.height
    # Dark pixels: the region shows printed text, not an empty part of the page.
    assert image.convert("L").getextrema()[0] < 100

    client.force_login(make_user(Role.PLAN_MANAGER, "another-manager"))
    assert client.get(url).status_code == 404
    assert client.get(f"/import/{draft.pk}/").status_code == 404
    client.force_login(manager)
    assert client.get(f"/import/{draft.pk}/elements/nope-1/source.png").status_code == 404

    # The document and its rendered pages go with the draft.
    draft.delete()
    assert not kept.exists() and not list(kept.parent.glob(kept.name + "-pages"))


@pytest.mark.django_db
def test_a_word_import_keeps_no_document_and_has_no_image(client, manager):
    draft = _upload(client, THEMES_DOCX)
    assert not draft.document
    element = draft.plan["elements"][0]
    assert client.get(f"/import/{draft.pk}/elements/{element['id']}/source.png").status_code == 404


@pytest.mark.django_db
def test_correcting_one_element_marks_what_was_set_and_what_was_checked(client, manager):
    draft = _upload(client, ACTION_PLAN_PDF)
    milestone = next(e for e in draft.plan["elements"] if e["kind"] == "milestone")
    response = client.post(f"/import/{draft.pk}/elements/{milestone['id']}/", {
        "kind": "milestone", "parent": milestone["parent"] or "", "title": milestone["title"],
        "date_text": "by March 2027"})
    assert response.status_code == 302
    draft.refresh_from_db()
    entry = draft.evidence[milestone["id"]]
    assert entry["date"] == {"reason": "set by you on this page", "confidence": "high"}
    assert entry["kind"] == {"reason": "checked by you on this page", "confidence": "high"}
    assert entry["confidence"] == "high"
    assert entry["source"]["page"] == 1  # where it was printed stays known
