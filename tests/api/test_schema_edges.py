"""The OpenAPI schema states the as-at bounds and documents 414 and 429; empty parameters are
refused by name; any /api/v1/ address, control characters and all, answers JSON."""

from __future__ import annotations

import pytest

PLAN = "lc-shared-ambitions-2022-23"


@pytest.fixture
def schema(client, seeded):
    return client.get("/api/v1/openapi.json").json()


def test_the_schema_states_the_as_at_bounds(schema):
    params = schema["paths"]["/api/v1/plans/{slug}/elements/"]["get"]["parameters"]
    as_at = next(p for p in params if p["name"] == "as_at")
    assert "from 1990-01-01 to 2100-12-31" in as_at["description"]
    assert "refused with a 400" in as_at["description"]


def test_the_schema_documents_414_and_429_on_every_operation(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "414" in operation["responses"], f"{method} {path}"
            assert "429" in operation["responses"], f"{method} {path}"


@pytest.mark.parametrize("query, name", [("as_at=", "as_at"), ("page=", "page"), ("page_size=", "page_size")])
def test_an_empty_parameter_is_a_400_naming_it(client, seeded, query, name):
    response = client.get(f"/api/v1/plans/{PLAN}/elements/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert name in body["errors"] and body["detail"].startswith(f"{name}: ")


def test_an_as_at_outside_the_bounds_is_a_400(client, seeded):
    response = client.get(f"/api/v1/plans/{PLAN}/elements/?as_at=1899-12-31")
    assert response.status_code == 400
    assert "between 1990 and 2100" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/plans/a%0Ab/", "/api/v1/%00/", "/api/v1/plans/%01x/elements/",
                                  "/api/v1/plans/x%0D%0A/", "/api/v1/%7F"])
def test_addresses_with_control_characters_answer_json(client, seeded, path):
    response = client.get(path)
    assert response.status_code in (301, 404)
    if response.status_code == 404:
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"].startswith("Not found")


def test_an_address_too_long_is_a_json_414(client, seeded):
    response = client.get(f"/api/v1/plans/?q={'x' * 5000}")
    assert response.status_code == 414
    assert response["Content-Type"] == "application/json"
    assert "longer than 4,096 characters" in response.json()["detail"]
