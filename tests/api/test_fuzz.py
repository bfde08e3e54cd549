"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI app.

Every operation is fuzzed for an anonymous visitor and for a plan manager signed in with a
token: no answer may be a server error, and every answer must match the schema. Path
parameters are drawn half the time from records that exist (the seed plan, its elements, an
update, a meeting, a report file) so that the fuzzing reaches past "not found".

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
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import Meeting
from civicplan.organisations.models import Body
from civicplan.plans.models import Plan
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
    return {
        "slug": PLAN, "key": "ms-2.5-2", "id_update": update.id, "id_meeting": meeting.id, "id_report": report.id,
    }


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


@pytest.mark.parametrize("who", ["anonymous", "plan_manager"])
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_api_answers_every_request_without_error_and_as_documented(api_schema, known_records, who, operation_id):
    operation = api_schema.find_operation_by_id(operation_id)
    headers = {}
    if who == "plan_manager":
        headers["Authorization"] = f"Token {Token.objects.create(user=make_user(Role.PLAN_MANAGER, 'fuzz-manager')).key}"
    known = _known_path(operation, known_records)
    strategy = operation.as_strategy()
    if known:
        strategy = st.one_of(strategy, operation.as_strategy(path_parameters=known))

    @settings(
        max_examples=SLOW_OPERATIONS.get(operation_id, FUZZ_EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
