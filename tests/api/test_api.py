"""The REST API as other systems use it: what each role reads and may do, filters, exports, errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_submit
from civicplan.governance.models import Decision, Meeting
from civicplan.organisations.models import Body
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.reports.models import GeneratedReport
from civicplan.standing.filters import plan_elements_filter
from tests.conftest import text_of

from .conftest import DRAFT, PLAN

pytestmark = pytest.mark.django_db


# --- Reading plans and elements ----------------------------------------------------------------


def test_anonymous_callers_see_published_plans_and_officers_see_drafts(anonymous, officer_api, draft):
    slugs = {p["slug"] for p in anonymous.get("/api/v1/plans/").json()}
    assert PLAN in slugs and DRAFT not in slugs
    assert anonymous.get(f"/api/v1/plans/{DRAFT}/").status_code == 404
    assert anonymous.get(f"/api/v1/plans/{DRAFT}/elements/").status_code == 404
    assert DRAFT in {p["slug"] for p in officer_api.get("/api/v1/plans/").json()}
    assert officer_api.get(f"/api/v1/plans/{DRAFT}/").json()["status"] == "draft"


def test_a_plan_gives_its_printed_front_matter_and_framework(anonymous):
    plan = anonymous.get(f"/api/v1/plans/{PLAN}/").json()
    assert plan["title"] == "London Councils' Shared Ambitions Milestones"
    assert plan["committee"] == "Leaders' Committee"
    assert [level["plural"] for level in plan["levels"]][:4] == ["Core areas", "Objectives", "Sub-priorities", "Milestones"]
    assert plan["element_count"] == Plan.objects.get(slug=PLAN).elements.count()


@pytest.mark.parametrize("filters", [
    {"due": "overdue", "as_at": "2023-03-31"},
    {"kind": "milestone", "group": "obj-2.5"},
    {"sub_priority": "sp-2.1-1"},
    {"rag": "complete", "as_at": "2023-06-30"},
    {"rag": "none", "kind": "milestone", "as_at": "2022-09-30"},
    {"due": "next-quarter", "as_at": "2022-10-15"},
])
def test_element_filters_find_what_the_plan_page_finds(anonymous, client, filters):
    answer = anonymous.get(f"/api/v1/plans/{PLAN}/elements/", page_size=1000, **filters).json()
    plan = Plan.objects.get(slug=PLAN)
    as_at = dt.date.fromisoformat(filters.get("as_at", dt.date.today().isoformat()))
    expected = [s.element.key for s in plan_elements_filter(plan=plan, as_at=as_at, filters=filters)]
    assert [e["key"] for e in answer["results"]] == expected and answer["count"] == len(expected)
    assert expected, "each filter here should find something"
    page = text_of(client.get(f"/plans/{PLAN}/", filters).content.decode())
    assert f"{len(expected)} result" in page


def test_elements_come_in_pages(anonymous):
    first = anonymous.get(f"/api/v1/plans/{PLAN}/elements/", page_size=10).json()
    assert len(first["results"]) == 10 and first["previous"] is None
    assert first["pages"] == -(-first["count"] // 10)
    second = anonymous.get(first["next"].split("?")[0], **dict(p.split("=") for p in first["next"].split("?")[1].split("&"))).json()
    assert second["page"] == 2 and second["results"][0]["key"] != first["results"][0]["key"]


def test_bad_filters_answer_400_naming_the_problem(anonymous):
    answer = anonymous.get(f"/api/v1/plans/{PLAN}/elements/", as_at="31/03/2023", rag="purple")
    assert answer.status_code == 400
    body = answer.json()
    assert set(body["errors"]) == {"as_at", "rag"}
    assert "as_at:" in body["detail"]
    assert anonymous.get(f"/api/v1/plans/{PLAN}/elements/", as_at="1800-01-01").status_code == 400


def test_an_element_has_its_status_children_links_and_label_path(anonymous):
    element = anonymous.get(f"/api/v1/plans/{PLAN}/elements/ms-2.5-2/", as_at="2023-03-31").json()
    assert element["label_path"] == "2.5 > Milestone 2"
    assert element["children"] == ["ms-2.5-2-a", "ms-2.5-2-b", "ms-2.5-2-c", "ms-2.5-2-d"]
    assert element["status"]["as_at"] == "2023-03-31" and element["status"]["rolled_up"]
    assert element["status"]["pending_updates"] is None  # not for the public
    assert element["status"]["sample"] is False, "a rolled-up status shows no update of its own"
    step = anonymous.get(f"/api/v1/plans/{PLAN}/elements/ms-2.5-2-c/", as_at="2023-03-31").json()
    assert step["status"]["rag"] and step["status"]["sample"] is True, "the demo history is labelled as sample data"
    assert {"type": "contributes_to", "target": "sp-2.5-3"} in element["links"]
    assert element["contributes_to"] == ["sp-2.5-1", "sp-2.5-3", "sp-2.5-4"]
    assert anonymous.get(f"/api/v1/plans/{PLAN}/elements/no-such/").status_code == 404


def test_a_quarter_says_which_quarters_it_was_read_as_in_the_api_and_the_csv(anonymous, client):
    element = anonymous.get(f"/api/v1/plans/{PLAN}/elements/ms-2.2-3-a/").json()  # "Q2 2022"
    assert element["date_text"] == "Q2 2022" and "quarter" in element["date_note"].lower()
    csv_text = client.get(f"/plans/{PLAN}/export.csv").content.decode("utf-8-sig")
    header, *rows = csv_text.splitlines()
    assert "date_note" in header.split(",")
    assert any(row.startswith("ms-2.2-3-a,") and "quarter" in row.lower() for row in rows)


# --- Progress updates ----------------------------------------------------------------------


@pytest.fixture
def internal_update(manager):
    return progress_update_submit(
        element=Element.objects.get(plan__slug=PLAN, key="ms-2.5-3"), user=manager, rag="amber",
        percent_complete=40, commentary="Staffing gap in the team", commentary_internal=True, as_at=dt.date(2024, 1, 10),
    )


def test_internal_commentary_and_reviewers_are_never_sent_to_the_public(anonymous, officer_api, internal_update):
    url = f"/api/v1/plans/{PLAN}/elements/ms-2.5-3/updates/"
    public = anonymous.get(url).json()[0]
    assert public["commentary"] == "" and public["commentary_internal"] is None
    assert public["submitted_by"] is None and public["review_comment"] is None
    assert "Staffing gap" not in anonymous.get(f"/api/v1/updates/{internal_update.id}/").content.decode()
    assert "Staffing gap" not in anonymous.get(f"/api/v1/plans/{PLAN}/elements/ms-2.5-3/", as_at="2024-02-01").content.decode()
    inside = officer_api.get(url).json()[0]
    assert inside["commentary"] == "Staffing gap in the team" and inside["submitted_by"] == "manager"


def test_officers_create_updates_only_on_their_own_elements(anonymous, viewer_api, officer_api):
    update = {"plan": PLAN, "element": "ms-2.5-1", "rag": "green", "percent_complete": 30, "as_at": "2024-01-31"}
    assert anonymous.post("/api/v1/updates/", update).status_code == 401
    assert viewer_api.post("/api/v1/updates/", update).status_code == 403
    created = officer_api.post("/api/v1/updates/", update)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "pending" and created.json()["element"] == "ms-2.5-1"
    other = officer_api.post("/api/v1/updates/", {**update, "element": "ms-2.1-1"})
    assert other.status_code == 403
    assert other.json()["detail"] == "You can update only the elements you own."
    by_path = officer_api.post("/api/v1/updates/", {**update, "element": "2.5 > Milestone 2 > Milestone 1"})
    assert by_path.status_code == 201 and by_path.json()["element"] == "ms-2.5-2-a"


def test_bad_updates_answer_400_with_every_problem(officer_api):
    answer = officer_api.post("/api/v1/updates/", {"plan": PLAN, "element": "ms-2.5-1", "rag": "purple",
                                                   "percent_complete": 140, "as_at": "2099-01-01"})
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) == {"rag", "percent_complete", "as_at"}
    rule = officer_api.post("/api/v1/updates/", {"plan": PLAN, "element": "ms-2.5-1", "rag": "complete",
                                                 "percent_complete": 90, "as_at": "2024-01-31"})
    assert rule.status_code == 400 and "A complete element is 100% complete." in rule.json()["detail"]
    missing = officer_api.post("/api/v1/updates/", {"plan": PLAN, "element": "2.5 > Milestone 99", "rag": "green",
                                                    "percent_complete": 10})
    assert missing.status_code == 400 and "not found" in missing.json()["errors"]["element"][0]


def test_plan_managers_approve_and_return_updates(officer, officer_api, manager_api):
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-1")
    first = progress_update_submit(element=element, user=officer, rag="green", percent_complete=20, as_at=dt.date(2024, 1, 1))
    second = progress_update_submit(element=element, user=officer, rag="red", percent_complete=5, as_at=dt.date(2024, 1, 2))
    assert officer_api.post(f"/api/v1/updates/{first.id}/approve/").status_code == 403
    approved = manager_api.post(f"/api/v1/updates/{first.id}/approve/", {"comment": "Thanks"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = manager_api.post(f"/api/v1/updates/{first.id}/approve/")
    assert again.status_code == 400 and again.json()["detail"] == "This update has already been reviewed."
    assert manager_api.post(f"/api/v1/updates/{second.id}/return/", {}).status_code == 400
    returned = manager_api.post(f"/api/v1/updates/{second.id}/return/", {"comment": "Say why it is red"})
    assert returned.json()["status"] == "returned" and returned.json()["review_comment"] == "Say why it is red"
    pending = manager_api.get("/api/v1/updates/", status="pending").json()
    assert all(u["status"] == "pending" for u in pending["results"])


def test_pending_updates_are_listed_only_for_officers(anonymous, officer, officer_api):
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-1")
    update = progress_update_submit(element=element, user=officer, rag="green", percent_complete=20, as_at=dt.date(2024, 1, 1))
    assert anonymous.get(f"/api/v1/updates/{update.id}/").status_code == 404
    assert anonymous.get("/api/v1/updates/", status="pending").json()["count"] == 0
    assert officer_api.get(f"/api/v1/updates/{update.id}/").json()["status"] == "pending"
    assert anonymous.get("/api/v1/updates/99999999999999999999/").status_code == 404


def test_a_browser_session_needs_the_csrf_token_to_write(client, officer):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    answer = browser.post("/api/v1/updates/", {"plan": PLAN, "element": "ms-2.5-1", "rag": "green", "percent_complete": 1},
                          content_type="application/json")
    assert answer.status_code == 403 and "CSRF" in answer.json()["detail"]
    assert browser.get(f"/api/v1/plans/{PLAN}/").status_code == 200


# --- Files: exports, upload, reports ----------------------------------------------------------


def test_plans_download_in_four_formats(anonymous):
    base = f"/api/v1/plans/{PLAN}/export/"
    rows = list(csv.DictReader(io.StringIO(anonymous.get(base, format="csv").content.decode().lstrip("\ufeff"))))
    assert len(rows) == Plan.objects.get(slug=PLAN).elements.count()
    book = load_workbook(io.BytesIO(anonymous.get(base, format="xlsx").content))
    assert "Milestones" in book.sheetnames and "Progress" in book.sheetnames
    assert json.loads(anonymous.get(base, format="json").content)["meta"]["slug"] == PLAN
    assert yaml.safe_load(anonymous.get(base, format="yaml").content)["format"] == "civicplan-plan"
    assert anonymous.get(base, format="pdf").status_code == 400
    assert anonymous.get(base, format="csv", HTTP_ACCEPT="text/csv").status_code == 200
    history = anonymous.get("/api/v1/updates/export/", plan=PLAN)
    assert history["Content-Type"].startswith("text/csv") and b"ms-2.1-1" in history.content


def test_bulk_upload_through_the_api_is_all_or_nothing(officer_api):
    def send(text: str):
        return officer_api.post(
            f"/api/v1/plans/{PLAN}/progress-upload/",
            {"file": SimpleUploadedFile("u.csv", text.encode()), "check_only": "false"}, format="multipart",
        )

    before = ProgressUpdate.objects.count()
    bad = send("element,rag,percent\nms-2.5-1,green,40\nms-2.1-1,red,200\n")
    assert bad.status_code == 400
    assert {"row": 3, "message": "percent ‘200’ must be between 0 and 100"} in bad.json()["problems"]
    assert ProgressUpdate.objects.count() == before
    good = send("element,rag,percent,as_at\nms-2.5-1,green,40,2024-01-31\n")
    assert good.status_code == 200 and good.json()["pending"] == 1
    assert ProgressUpdate.objects.count() == before + 1


def test_reports_generate_and_download(anonymous, manager_api):
    answer = anonymous.get(f"/api/v1/plans/{PLAN}/reports/", kind="progress", format="html", as_at="2023-03-31")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    assert b"Shared Ambitions" in answer.content
    assert anonymous.post(f"/api/v1/plans/{PLAN}/reports/", {"kind": "plan", "format": "pdf"}).status_code == 401
    queued = manager_api.post(f"/api/v1/plans/{PLAN}/reports/", {"kind": "plan", "format": "html"})
    assert queued.status_code == 202 and queued.json()["status"] == "queued" and queued.json()["download_url"] is None
    record = GeneratedReport.objects.get(pk=queued.json()["id"])
    record.status, record.content, record.size = GeneratedReport.Status.DONE, b"<p>made</p>", 11
    record.save()
    files = anonymous.get(f"/api/v1/plans/{PLAN}/reports/files/").json()
    assert files[0]["download_url"] == f"/api/v1/plans/{PLAN}/reports/files/{record.id}/"
    assert anonymous.get(files[0]["download_url"]).content == b"<p>made</p>"


# --- Meetings and decisions ------------------------------------------------------------------


def test_meetings_and_decisions(anonymous, officer_api, manager_api):
    plan = Plan.objects.get(slug="lc-business-plan-2020-21")  # at the Executive
    body = Body.objects.filter(organisation=plan.organisation, name__icontains="Leaders").first()
    assert officer_api.post("/api/v1/meetings/", {"body": body.name, "date": "2020-07-14"}).status_code == 403
    made = manager_api.post("/api/v1/meetings/", {"body": body.name, "date": "2020-07-14"})
    assert made.status_code == 201 and made.json()["body"] == body.name
    unknown = manager_api.post("/api/v1/meetings/", {"body": "The Moon Committee", "date": "2020-07-14"})
    assert unknown.status_code == 400 and "no body called" in unknown.json()["detail"]
    decision = manager_api.post(f"/api/v1/plans/{plan.slug}/decisions/", {
        "to_status": "leaders_committee", "decision": "commented", "meeting": made.json()["id"], "item_no": "7",
    })
    assert decision.status_code == 201, decision.content
    assert decision.json()["from_status"] == "executive" and decision.json()["to_status"] == "leaders_committee"
    assert Plan.objects.get(pk=plan.pk).status == "leaders_committee"
    assert Decision.objects.filter(plan=plan).exists()
    meetings = anonymous.get("/api/v1/meetings/").json()
    assert any(m["id"] == made.json()["id"] and m["decisions"] and m["items"][0]["number"] == "7" for m in meetings)
    assert anonymous.get(f"/api/v1/plans/{plan.slug}/decisions/").json()[0]["item_no"] == "7"
    backwards = manager_api.post(f"/api/v1/plans/{plan.slug}/decisions/", {
        "to_status": "draft", "decision": "noted", "meeting": made.json()["id"],
    })
    assert backwards.status_code == 400 and "cannot move" in backwards.json()["errors"]["to_status"][0]
    assert officer_api.post(f"/api/v1/plans/{plan.slug}/decisions/", {"to_status": "adopted", "decision": "approved"}).status_code == 403
    assert Meeting.objects.count() >= 1


# --- The public view, the schema and the docs page --------------------------------------------


def test_the_public_api_shows_published_plans_and_approved_status_only(anonymous, manager_api, officer, internal_update, draft):
    progress_update_submit(element=Element.objects.get(plan__slug=PLAN, key="ms-2.5-1"), user=officer, rag="red",
                           percent_complete=1, commentary="not yet approved", as_at=dt.date(2024, 1, 15))
    assert DRAFT not in {p["slug"] for p in manager_api.get("/api/v1/public/plans/").json()}
    assert manager_api.get(f"/api/v1/public/plans/{DRAFT}/").status_code == 404
    body = manager_api.get(f"/api/v1/public/plans/{PLAN}/", as_at="2024-02-01")
    text = body.content.decode()
    assert "Staffing gap" not in text and "not yet approved" not in text
    elements = {e["key"]: e for e in body.json()["elements"]}
    assert elements["ms-2.5-3"]["status"]["rag"] == "amber"  # approved status shown, commentary withheld
    assert elements["ms-2.5-1"]["status"]["pending_updates"] is None
    Element.objects.filter(plan__slug=PLAN, key="obj-2.5").update(owner="")
    assert "Olive Officer" not in anonymous.get(f"/api/v1/public/plans/{PLAN}/").content.decode()


def test_the_schema_is_openapi_3_and_the_docs_page_lists_every_endpoint(anonymous, pages):
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/plans/{slug}/elements/" in schema["paths"]
    html = pages.get("/api/v1/docs/").content.decode()
    for path in schema["paths"]:
        assert path in html
    assert "<script" not in html.split("</footer>")[0].split("<main")[1]
    root = anonymous.get("/api/v1/")
    assert root.status_code == 302 and root["Location"] == "/api/v1/docs/"


def test_a_wrong_token_is_refused_rather_than_ignored(client):
    answer = client.get("/api/v1/plans/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert answer.status_code == 401 and answer.json()["detail"] == "Invalid token."


def test_the_public_api_has_each_element_with_its_approved_updates(anonymous, manager_api, officer, internal_update):
    progress_update_submit(element=Element.objects.get(plan__slug=PLAN, key="ms-2.5-3"), user=officer, rag="red",
                           percent_complete=1, commentary="not yet approved", as_at=dt.date(2024, 1, 15))
    plan = anonymous.get(f"/api/v1/public/plans/{PLAN}/").json()
    url = {e["key"]: e["url"] for e in plan["elements"]}["ms-2.5-3"]
    assert url == f"/api/v1/public/plans/{PLAN}/elements/ms-2.5-3/"
    for caller in (anonymous, manager_api):  # the public view, whoever asks
        answer = caller.get(url, as_at="2024-02-01")
        assert answer.status_code == 200
        element = answer.json()
        text = answer.content.decode()
        assert "Staffing gap" not in text and "not yet approved" not in text and "manager" not in text
        assert element["status"]["rag"] == "amber" and element["status"]["pending_updates"] is None
        assert element["updates"][0]["id"] == internal_update.id and element["updates"][0]["commentary"] == ""
        assert all(u["status"] == "approved" and u["submitted_by"] is None for u in element["updates"])
        assert element["label_path"] == "2.5 > Milestone 3"
    assert anonymous.get(f"/api/v1/public/plans/{PLAN}/elements/no-such/").status_code == 404


def test_drafts_are_not_named_in_links_or_as_a_predecessor(anonymous, officer_api, draft):
    element = Element.objects.get(plan__slug=PLAN, key="ms-2.5-2")
    ElementLink.objects.create(source=element, link_type="continues", target=draft.elements.get(key="ms-0"),
                               target_ref=f"{DRAFT}#ms-0", order=99)
    Plan.objects.filter(slug=PLAN).update(predecessor=draft)
    for url in (f"/api/v1/plans/{PLAN}/elements/ms-2.5-2/", f"/api/v1/public/plans/{PLAN}/elements/ms-2.5-2/",
                f"/api/v1/plans/{PLAN}/", f"/api/v1/public/plans/{PLAN}/"):
        assert DRAFT not in anonymous.get(url).content.decode(), url
    assert {"type": "continues", "target": f"{DRAFT}#ms-0"} in officer_api.get(
        f"/api/v1/plans/{PLAN}/elements/ms-2.5-2/").json()["links"]
    assert officer_api.get(f"/api/v1/plans/{PLAN}/").json()["predecessor"] == DRAFT
    assert DRAFT not in officer_api.get(f"/api/v1/public/plans/{PLAN}/elements/ms-2.5-2/").content.decode()


# --- Hostile input: answers 400 or 404 as JSON, never a 500 ------------------------------------

DEEP_BODIES = {
    "arrays": "[" * 100_000 + "]" * 100_000,
    "objects": '{"plan": ' * 100_000 + "1" + "}" * 100_000,
}


def _url_of(path: str, update_id: int) -> str:
    return path.replace("{slug}", PLAN).replace("{key}", "ms-2.5-2").replace("{id}", str(update_id))


@pytest.mark.parametrize("shape", DEEP_BODIES)
def test_a_json_body_nested_too_deeply_answers_400_and_saves_nothing(officer_api, shape):
    updates = ProgressUpdate.objects.count()
    answer = officer_api.post("/api/v1/updates/", DEEP_BODIES[shape])
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    assert answer.json()["detail"].startswith("JSON parse error - the JSON is nested too deeply")
    assert ProgressUpdate.objects.count() == updates
    # The same kind of answer as any other JSON that cannot be read.
    broken = officer_api.post("/api/v1/updates/", '{"plan": ')
    assert broken.status_code == 400 and broken.json()["detail"].startswith("JSON parse error - ")


def test_every_endpoint_that_takes_json_answers_a_deeply_nested_body_400(anonymous, manager_api):
    schema = anonymous.get("/api/v1/openapi.json").json()
    update_id = ProgressUpdate.objects.filter(plan__slug=PLAN).order_by("id").first().id
    counts = (ProgressUpdate.objects.count(), Decision.objects.count(), Meeting.objects.count(),
              GeneratedReport.objects.count())
    takes_json = [
        (method, path) for path, item in schema["paths"].items() for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    assert {("post", "/api/v1/updates/"), ("post", "/api/v1/meetings/")} <= set(takes_json)
    for method, path in takes_json:
        url = _url_of(path, update_id)
        answer = getattr(manager_api.client, method)(url, DEEP_BODIES["arrays"], content_type="application/json",
                                                     **manager_api.headers)
        assert answer.status_code == 400, f"{method.upper()} {url}: {answer.status_code}"
        assert "nested too deeply" in answer.json()["detail"], url
    assert (ProgressUpdate.objects.count(), Decision.objects.count(), Meeting.objects.count(),
            GeneratedReport.objects.count()) == counts


@pytest.mark.parametrize("url", ["/api/v1/nothing-here/", "/api/v1/plans/x/y/z/", "/api/v1/plans/%00/", "/api/v1/.env"])
def test_an_address_under_the_api_that_matches_nothing_answers_a_json_404(anonymous, url):
    for answer in (anonymous.get(url), anonymous.post(url, {"plan": PLAN})):
        assert answer.status_code == 404 and answer["Content-Type"] == "application/json"
        assert answer.json() == {"detail": "Not found."}


def test_an_endpoint_without_its_trailing_slash_is_found_or_named(anonymous, officer_api):
    moved = anonymous.get("/api/v1/plans", kind="business-plan")
    assert moved.status_code == 301 and moved["Location"] == "/api/v1/plans/?kind=business-plan"
    posted = officer_api.post("/api/v1/updates", {"plan": PLAN})
    assert posted.status_code == 404
    assert posted.json()["detail"] == "Not found. Did you mean /api/v1/updates/ (with a / at the end)?"
    # Endpoints' own 404s are unchanged.
    assert anonymous.get("/api/v1/plans/no-such-plan/").json()["detail"] == "No such plan."


def test_the_schema_does_not_list_the_catch_all_and_says_which_calls_need_signing_in(anonymous, manager_api):
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert all("{path}" not in path and "^" not in path for path in schema["paths"])
    update_id = ProgressUpdate.objects.filter(plan__slug=PLAN, status="approved").order_by("id").first().id
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            open_to_all = {} in operation.get("security", [{}])
            url = _url_of(path, update_id)
            if method == "get":
                # Published plans are public: every read is open to anonymous callers, and works.
                assert open_to_all, f"GET {path} is documented as needing sign-in"
                query = {"kind": "progress", "format": "html"} if path.endswith("/reports/") else {}
                assert anonymous.get(url, **query).status_code not in (401, 403), url
            else:
                assert not open_to_all, f"{method.upper()} {path} is documented as open to anonymous callers"
                assert anonymous.post(url, {}).status_code == 401, url
