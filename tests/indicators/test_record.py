"""A plan manager records a service's quarterly values and targets; RAG comes from the tolerance;
the indicator shows on the plan element it measures."""

import pytest

from civicplan.core.permissions import Role
from civicplan.indicators.models import Area, Indicator, Target, Value
from civicplan.plans.models import Element
from tests.conftest import text_of
from tests.factories import make_user


@pytest.fixture
def taxicard(db):
    indicator = Indicator.objects.create(name="Taxicard trips", slug="taxicard-trips", unit="trips", measure="count",
                                         polarity="higher", frequency="quarterly", owner="Transport and Mobility")
    area = Area.objects.create(code="LC", name="London Councils", kind="organisation")
    return indicator, area


def test_a_manager_records_a_value_and_target_and_sees_its_rag(client, pages, taxicard):
    indicator, area = taxicard
    client.force_login(make_user(Role.PLAN_MANAGER))
    url = "/indicators/taxicard-trips/record/"
    response = client.post(url, {"area": "LC", "period": "2024-04-01/P3M", "value": "1,180", "target": "1200",
                                 "within_percent": "5", "reason": "Business plan 2024/25"})
    assert response.status_code == 302
    html = pages.get(url + "?area=LC").content.decode()
    assert "Apr 2024 to Jun 2024 1,180.0 1,200.0 Within tolerance" in text_of(html)  # 1.7% short, within 5%
    client.post(url, {"area": "LC", "period": "2024-04-01/P3M", "value": "1180", "target": "1300",
                      "within_percent": "5", "reason": "Raised after new contract"})
    assert "Off target" in text_of(pages.get(url + "?area=LC").content.decode())  # 9% short
    assert list(Target.objects.values_list("version", flat=True)) == [2, 1]
    assert Value.objects.get().value == 1180


def test_bad_input_is_named_and_nothing_is_saved(client, pages, taxicard):
    client.force_login(make_user(Role.PLAN_MANAGER))
    response = client.post("/indicators/taxicard-trips/record/",
                           {"area": "LC", "period": "April 2024", "value": "lots", "target": ""})
    assert response.status_code == 400
    text = text_of(response.content.decode())
    assert "Value must be a number" in text
    response = client.post("/indicators/taxicard-trips/record/",
                           {"area": "LC", "period": "April 2024", "value": "5"})
    assert "“April 2024” is neither a date nor an ISO 8601 interval" in text_of(response.content.decode())
    assert not Value.objects.exists()


def test_only_plan_managers_record(client, taxicard):
    client.force_login(make_user(Role.OFFICER))
    assert client.get("/indicators/taxicard-trips/record/").status_code == 403


def test_the_indicator_shows_on_the_element_it_measures(client, pages, seeded, taxicard):
    indicator, _ = taxicard
    element = Element.objects.filter(plan__slug="lc-shared-ambitions-2022-23", key="ms-2.5-2").get()
    indicator.elements.add(element)
    client.force_login(make_user(Role.PLAN_MANAGER))
    html = pages.get("/plans/lc-shared-ambitions-2022-23/elements/ms-2.5-2/").content.decode()
    assert "Measured by Taxicard trips" in text_of(html)
    assert 'href="/indicators/taxicard-trips/record/"' in html
