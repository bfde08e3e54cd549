"""The indicators API: lists, values, comparisons and SPC as a client reads them."""

import pytest

from civicplan.indicators.models import ONS_ATTRIBUTION, Indicator

pytestmark = pytest.mark.usefixtures("ons")


@pytest.mark.django_db
def test_the_list_gives_polarity_unit_and_frequency(client):
    body = client.get("/api/v1/indicators/").json()
    obesity = next(i for i in body if i["slug"] == "adult-obesity-prevalence")
    assert (obesity["polarity"], obesity["unit"], obesity["frequency"]) == ("lower", "%", "annual")
    assert obesity["attribution"] == ONS_ATTRIBUTION


@pytest.mark.django_db
def test_values_filter_by_area_and_period(client):
    body = client.get("/api/v1/indicators/employment-rate/values/?area=E09000007").json()
    assert body["attribution"] == ONS_ATTRIBUTION
    assert body["results"] and {r["area"] for r in body["results"]} == {"E09000007"}
    period = body["results"][0]["period"]
    one = client.get(f"/api/v1/indicators/employment-rate/values/?area=E09000007&period={period}").json()
    assert len(one["results"]) == 1
    bad = client.get("/api/v1/indicators/employment-rate/values/?area=NOWHERE")
    assert bad.status_code == 400 and "area" in bad.json()["errors"]


@pytest.mark.django_db
def test_the_comparison_ranks_each_authority_with_london_and_england(client):
    body = client.get("/api/v1/indicators/adult-obesity-prevalence/comparison/?period=latest").json()
    assert body["attribution"] == ONS_ATTRIBUTION and body["period"] == "2024-11-16/P1Y"
    results = body["results"]
    ranked = [r for r in results if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked) and ranked[0]["rank"] == 1
    assert ranked[0]["value"] <= ranked[-1]["value"]  # lower is better
    assert body["london"] is not None and body["england"] is not None and body["group_median"] is not None
    for r in ranked:
        if r["vs_london"] == "better":
            assert r["uci"] < body["london"]  # the whole interval below London's (and London's own)
    inner = client.get("/api/v1/indicators/adult-obesity-prevalence/comparison/?group=inner").json()
    assert 0 < len(inner["results"]) <= 14
    near = client.get("/api/v1/indicators/adult-obesity-prevalence/comparison/?group=neighbours&area=E09000007&k=3"
                      "&context=employment-rate,gross-disposable-household-income").json()
    assert len(near["results"]) == 4
    assert all(r["near_because_of"] for r in near["results"] if r["area"] != "E09000007")


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "parameter"), [
    ("period=1999-01-01/P1Y", "period"), ("group=everywhere", "group"), ("group=neighbours", "area"),
    ("group=neighbours&area=E09000007&k=0", "k"), ("group=neighbours&area=E09000007&context=nothing", "context"),
])
def test_a_bad_parameter_answers_400_naming_it(client, query, parameter):
    response = client.get(f"/api/v1/indicators/adult-obesity-prevalence/comparison/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


@pytest.mark.django_db
def test_spc_gives_limits_and_signals_per_point(client):
    body = client.get("/api/v1/indicators/employment-rate/spc/?area=E12000007").json()
    assert body["lower_limit"] < body["mean"] < body["upper_limit"]
    assert abs((body["upper_limit"] - body["mean"]) - 2.66 * body["mean_moving_range"]) < 1e-9
    assert all(set(p) == {"period", "value", "signals", "variation"} for p in body["points"])
    assert client.get("/api/v1/indicators/employment-rate/spc/").status_code == 400
    assert client.get("/api/v1/indicators/employment-rate/spc/?area=X").json()["errors"]["area"]


@pytest.mark.django_db
def test_unpublished_indicators_are_hidden_from_anonymous_clients(client):
    Indicator.objects.filter(slug="anxiety").update(published=False)
    assert "anxiety" not in {i["slug"] for i in client.get("/api/v1/indicators/").json()}
    assert client.get("/api/v1/indicators/anxiety/values/").status_code == 404


@pytest.mark.django_db
def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/indicators/", "/api/v1/indicators/{slug}/values/",
                 "/api/v1/indicators/{slug}/comparison/", "/api/v1/indicators/{slug}/spc/"):
        assert path in paths
