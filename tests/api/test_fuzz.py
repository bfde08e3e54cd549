"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI app.

Every operation is fuzzed for an anonymous visitor, an officer and a plan manager (both signed
in with a token): no answer may be a server error, and every answer must match the schema. Path
parameters are drawn half the time from records that exist (the seed plan, its elements, an
update, a meeting, a report file) so that the fuzzing reaches past "not found", and each
operation is first called with a realistic request (an update on an element the officer
leads, an upload, a meeting, a decision...) so that the answers of writes that succeed are
checked against the schema too, not only their refusals.

Bounded: FUZZ_EXAMPLES examples per operation and user (a few for the report download, which
renders PDFs). Nothing is excluded: changes made by POSTs (decisions, approvals, queued
reports) are rolled back with the test's transaction.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_submit
from civicplan.governance.models import Meeting
from civicplan.organisations.models import Body
from civicplan.plans.models import Element, Plan
from civicplan.reports.models import GeneratedReport
from tests.factories import make_user

from .conftest import PLAN

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = int(os.environ.get("CIVICPLAN_FUZZ_EXAMPLES", "20"))
SLOW_OPERATIONS = {"report_download": 4, "report_queue": 8}
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]


def _operation_ids() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(op["operationId"] for item in schema["paths"].values() for op in item.values())


OPERATIONS = _operation_ids()


@pytest.fixture
def wsgi_app():
    """The Django WSGI app, keeping the test's database connection (and its transaction) open.

    Django closes connections at the end of each request; the test client stops that, and a
    bare WSGI call must too, or the test's transaction would be closed under it.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


@pytest.fixture
def known_records(db):
    """Records the fuzzer can aim at, so that it tests more than 404s."""
    plan = Plan.objects.get(slug=PLAN)
    body = Body.objects.filter(organisation=plan.organisation).order_by("id").first()
    meeting = Meeting.objects.create(body=body, date=dt.date(2022, 7, 27))
    report = GeneratedReport.objects.create(
        plan=plan, kind="plan", format="html", status=GeneratedReport.Status.DONE, content=b"<p>report</p>", size=13
    )
    update = ProgressUpdate.objects.filter(plan=plan).order_by("id").first()
    officer = make_user(Role.OFFICER, "fuzz-officer", person_name="Fuzz Officer")
    Element.objects.filter(plan=plan, key="obj-2.5").update(owner_person=officer.person)
    pending = progress_update_submit(element=Element.objects.get(plan=plan, key="ms-2.5-2-a"), user=officer, rag="amber",
                                     percent_complete=30, commentary="Awaiting approval", as_at=dt.date(2023, 2, 28))
    from civicplan.indicators.services import values_load

    values_load(filename="fuzz.csv", content=FUZZ_INDICATOR)
    return {
        "slug": PLAN, "key": "ms-2.5-2", "id_update": update.id, "id_meeting": meeting.id, "id_report": report.id,
        "id_pending": pending.id, "officer": officer, "body": body.name, "status": plan.status,
    }


FUZZ_INDICATOR = (
    "indicator_slug,areacd,areanm,geography,indicator,period,observation,lci_95,uci_95\n"
    + "".join(f"fuzz,E0900000{a},Area {a},Local Authority District,Fuzz indicator,{y}-04-01/P1Y,{a * 10 + y % 7},,\n"
              for a in (1, 2, 3) for y in range(2015, 2024))
    + "".join(f"fuzz,E12000007,London,Region,Fuzz indicator,{y}-04-01/P1Y,{y % 5 + 20},19,25\n" for y in range(2015, 2024))
).encode()


UPLOAD = (
    "element,rag,percent,commentary,as_at\n"
    "ms-2.5-2,green,40,Workshops held,2023-02-28\n"
    "2.5 > Milestone 3,amber,55,Supplier chosen,2023-02-28\n"
).encode()


def _realistic(operation, records: dict) -> dict | None:
    """A request a real client would send, which succeeds for someone allowed to make it."""
    slug, key = {"slug": records["slug"]}, {"slug": records["slug"], "key": records["key"]}
    as_at = "2023-03-31"
    requests = {
        "plans_list": {},
        "public_plans_list": {},
        "plan_get": {"path_parameters": slug},
        "elements_list": {"path_parameters": slug, "query": {"kind": "milestone", "group": "obj-2.5", "as_at": as_at}},
        "element_get": {"path_parameters": key, "query": {"as_at": as_at}},
        "element_updates_list": {"path_parameters": key},
        "plan_export": {"path_parameters": slug, "query": {"format": "xlsx", "as_at": as_at}},
        "progress_upload": {"path_parameters": slug, "body": {"file": UPLOAD, "check_only": "false"},
                            "media_type": "multipart/form-data"},
        "decisions_list": {"path_parameters": slug},
        "decision_create": {"path_parameters": slug, "body": {
            "to_status": records["status"], "decision": "noted", "meeting": records["id_meeting"],
            "note": "Progress report noted", "item_no": "5"}},
        "report_download": {"path_parameters": slug, "query": {"kind": "progress", "format": "html", "as_at": as_at}},
        "report_queue": {"path_parameters": slug, "body": {"kind": "progress", "format": "html", "as_at": as_at}},
        "report_files_list": {"path_parameters": slug},
        "report_file_download": {"path_parameters": {**slug, "id": records["id_report"]}},
        "updates_list": {"query": {"plan": records["slug"], "element": "ms-2.5-2-a", "status": "pending"}},
        "update_create": {"body": {
            "plan": records["slug"], "element": "2.5 > Milestone 1", "rag": "amber", "percent_complete": 60,
            "commentary": "Settlement report delayed", "as_at": "2023-01-31"}},
        "update_get": {"path_parameters": {"id": records["id_pending"]}},
        "update_approve": {"path_parameters": {"id": records["id_pending"]}, "body": {"comment": "Thank you"}},
        "update_return": {"path_parameters": {"id": records["id_pending"]}, "body": {"comment": "Please add the evidence"}},
        "progress_export": {"query": {"plan": records["slug"]}},
        "meetings_list": {},
        "meeting_create": {"body": {"body": records["body"], "date": "2023-03-21"}},
        "meeting_get": {"path_parameters": {"id": records["id_meeting"]}},
        "public_plan_get": {"path_parameters": slug, "query": {"as_at": as_at}},
        "public_element_get": {"path_parameters": key, "query": {"as_at": as_at}},
        "indicators_list": {},
        "indicator_values": {"path_parameters": {"slug": "fuzz-indicator"}, "query": {"area": "E09000001"}},
        "indicator_comparison": {"path_parameters": {"slug": "fuzz-indicator"}, "query": {"period": "latest", "group": "london"}},
        "indicator_spc": {"path_parameters": {"slug": "fuzz-indicator"}, "query": {"area": "E12000007"}},
        "indicator_value_record": {"path_parameters": {"slug": "fuzz-indicator"},
                                   "body": {"area": "E09000001", "period": "2024-04-01/P3M", "value": 12.5}},
    }
    request = requests.get(operation.definition.raw.get("operationId"))
    if request is not None and "body" in request and "media_type" not in request:
        request["media_type"] = "application/json"
    return request


def _known_path(operation, records: dict) -> dict:
    path = operation.path
    known = {}
    if "{slug}" in path:
        known["slug"] = records["slug"]
    if "{key}" in path:
        known["key"] = records["key"]
    if "{id}" in path:
        known["id"] = (
            records["id_meeting"] if path.startswith("/api/v1/meetings/")
            else records["id_report"] if "/reports/" in path
            else records["id_update"]
        )
    return known


@pytest.mark.parametrize("who", ["anonymous", "officer", "plan_manager"])
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_api_answers_every_request_without_error_and_as_documented(api_schema, known_records, who, operation_id):
    operation = api_schema.find_operation_by_id(operation_id)
    headers = {}
    if who == "officer":
        headers["Authorization"] = f"Token {Token.objects.create(user=known_records['officer']).key}"
    elif who == "plan_manager":
        headers["Authorization"] = f"Token {Token.objects.create(user=make_user(Role.PLAN_MANAGER, 'fuzz-manager')).key}"
    known = _known_path(operation, known_records)
    strategy = operation.as_strategy()
    if known:
        strategy = st.one_of(strategy, operation.as_strategy(path_parameters=known))
    realistic = _realistic(operation, known_records)
    assert realistic is not None, f"{operation_id}: add a realistic request to _realistic()"

    @settings(
        max_examples=SLOW_OPERATIONS.get(operation_id, FUZZ_EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @example(case=operation.Case(**realistic))
    @given(case=strategy)
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
