"""Service KPIs: targets with tolerances, values by form, upload and API, and the RAG a manager
sees on the element, services and dashboard pages (all from one selector)."""

import pytest
from rest_framework.authtoken.models import Token

from civicplan.core.permissions import Role
from civicplan.indicators.models import Area, Indicator, Target, Value
from civicplan.indicators.selectors import kpis
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user

PLAN = "lc-shared-ambitions-2022-23"
URL = "/indicators/appeals-decided/record/"
HEADER = "indicator_slug,areacd,areanm,geography,indicator,period,observation\n"


@pytest.fixture
def appeals(db):
    """Lower is better: days to decide an appeal."""
    indicator = Indicator.objects.create(name="Appeals decided", slug="appeals-decided", unit="days", measure="duration",
                                         polarity="lower", frequency="quarterly", decimal_places=0)
    area = Area.objects.create(code="ORG1", name="Riverside Borough Council", kind="organisation")
    return indicator, area


def test_a_red_threshold_gives_amber_between_it_and_the_target(client, pages, appeals):
    client.force_login(make_user(Role.PLAN_MANAGER))
    form = {"area": "ORG1", "period": "2024-04-01/P3M", "value": "33", "target": "30", "tolerance": "bands",
            "red_threshold": "35", "reason": "Service standard"}
    assert client.post(URL, form).status_code == 302
    assert "Apr 2024 to Jun 2024 33 30 Within tolerance" in text_of(pages.get(URL + "?area=ORG1").content.decode())
    client.post(URL, {**form, "period": "2024-07-01/P3M", "value": "36"})
    client.post(URL, {**form, "period": "2024-10-01/P3M", "value": "28"})
    text = text_of(pages.get(URL + "?area=ORG1").content.decode())
    assert "Oct 2024 to Dec 2024 28 30 On target" in text
    assert "Jul 2024 to Sep 2024 36 30 Off target" in text
    target = Target.objects.filter(period="2024-04-01/P3M").get()
    assert (target.tolerance, target.red_threshold, target.reason) == ("bands", 35, "Service standard")


def test_a_red_threshold_on_the_wrong_side_is_named_and_nothing_saved(client, appeals):
    client.force_login(make_user(Role.PLAN_MANAGER))
    response = client.post(URL, {"area": "ORG1", "period": "2024-04-01/P3M", "value": "33", "target": "30",
                                 "tolerance": "bands", "red_threshold": "25", "reason": "x"})
    assert response.status_code == 400
    assert "Must be above the target (lower is better)" in text_of(response.content.decode())
    response = client.post(URL, {"area": "ORG1", "period": "2024-04-01/P3M", "value": "33", "target": "30",
                                 "tolerance": "bands", "red_threshold": "", "reason": ""})
    text = text_of(response.content.decode())
    assert "Enter the value at which the target is red." in text and "Say why the target is set or changed." in text
    assert not Value.objects.exists() and not Target.objects.exists()


def _upload(client, name: str, body: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"action": "upload", "file": SimpleUploadedFile(name, body.encode(), "text/csv")})


def test_an_upload_saves_every_row_or_names_each_problem_and_saves_none(client, pages, appeals):
    client.force_login(make_user(Role.PLAN_MANAGER))
    bad = (HEADER + "appeals,ORG1,Riverside,Organisation,Appeals decided,2024-04-01/P3M,31\n"
           "appeals,ORG1,Riverside,Organisation,Appeals decided,2024-07-01/P3M,thirty\n"
           "appeals,ORG1,Riverside,Organisation,Fly-tipping,2024-07-01/P3M,4\n")
    response = _upload(client, "appeals.csv", bad)
    assert response.status_code == 400
    text = text_of(response.content.decode())
    assert "row 3, column observation: “thirty” is not a number" in text
    assert "row 4, column indicator: “Fly-tipping” is not Appeals decided" in text
    assert "nothing was saved" in text
    assert not Value.objects.exists()
    good = HEADER + "appeals,ORG1,Riverside,Organisation,Appeals decided,2024-04-01/P3M,31\n"
    assert _upload(client, "appeals.csv", good).status_code == 302
    assert Value.objects.get().value == 31
    assert "is not a CSV or XLSX file" in text_of(_upload(client, "appeals.txt", good).content.decode())


def test_the_api_records_a_value_for_a_plan_manager_only(client, appeals):
    manager, officer = make_user(Role.PLAN_MANAGER), make_user(Role.OFFICER)
    body = {"area": "ORG1", "period": "2024-04-01/P3M", "value": 29.5, "status": "provisional"}
    url = "/api/v1/indicators/appeals-decided/values/"
    token = Token.objects.create(user=officer).key
    response = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 403
    token = Token.objects.create(user=manager).key
    response = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 201, response.content
    assert response.json()["value"] == 29.5 and response.json()["period_end"] == "2024-06-30"
    response = client.post(url, {**body, "period": "Q1"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400, response.content
    assert "“Q1” is neither a date nor an ISO 8601 interval" in response.content.decode()
    assert "period" in response.content.decode()
    response = client.post(url, {**body, "area": "NOPE"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400 and "NOPE" in response.content.decode()
    assert Value.objects.get().status == "provisional"
    schema = client.get("/api/v1/openapi.json").content.decode()
    assert "indicator_value_record" in schema


def _record(indicator, area, values, target=None):
    from civicplan.indicators.services import target_set, value_record

    for i, v in enumerate(values):
        period = f"{2020 + (i // 4)}-{(i % 4) * 3 + 1:02d}-01/P3M"
        value_record(indicator=indicator, area=area, period=period, value=v)
    if target is not None:
        target_set(indicator=indicator, area=area, period=period, value=target, within_percent=10, reason="Plan")


def test_one_selector_gives_rag_and_spc_concern(appeals):
    indicator, area = appeals
    # Lower is better: seven rising quarters are a trend of concern; 40 against 30 is 33% off, red.
    _record(indicator, area, [20, 22, 24, 26, 28, 31, 40], target=30)
    (kpi,) = kpis(indicators=[indicator])
    assert (kpi.area, kpi.value.value, kpi.target.value, kpi.rag, kpi.rag_words) == (area, 40, 30, "red", "Off target")
    assert kpi.variation == "concern" and "trend_up" in kpi.signals and kpi.exception


def test_element_services_and_dashboard_show_the_rag_in_words(client, pages, seeded, appeals):
    indicator, area = appeals
    _record(indicator, area, [31, 32, 29], target=30)
    # An item of the Freedom Pass service (matched by its name) and a dated item of the plan.
    service_element = Element.objects.filter(plan__slug=PLAN, title__icontains="Freedom Pass").order_by("position")[0]
    element = Element.objects.filter(plan__slug=PLAN).exclude(date_end=None).order_by("position")[0]
    indicator.elements.add(element, service_element)
    client.force_login(make_user(Role.PLAN_MANAGER))
    text = text_of(pages.get(f"/plans/{PLAN}/elements/{element.key}/").content.decode())
    assert "Appeals decided : 29 days in Jul 2020 to Sep 2020 (Riverside Borough Council), target 30 On target" in text
    html = pages.get(f"/plans/{PLAN}/dashboard/").content.decode()
    text = text_of(html)
    assert "Service performance" in text and "Appeals decided Jul 2020 to Sep 2020 29 30 On target" in text
    services = text_of(pages.get("/services/").content.decode())
    assert "Performance Appeals decided : 29 days in Jul 2020 to Sep 2020" in services
