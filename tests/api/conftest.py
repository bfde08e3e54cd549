"""People in each role with API tokens, and a draft plan."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from civicplan.core.permissions import Role
from civicplan.plans.models import Element
from tests.factories import make_user, synthetic_plan

PLAN = "lc-shared-ambitions-2022-23"
DRAFT = "draft-plan"


class Api:
    """A test client that sends a token (or none) and reads JSON."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def post(self, url, data=None, **kwargs):
        if "format" in kwargs:
            kwargs.pop("format")
            return self.client.post(url, data or {}, **self.headers)
        return self.client.post(url, data or {}, content_type="application/json", **self.headers)


@pytest.fixture
def draft(db):
    return synthetic_plan(slug=DRAFT, milestones=4, status="draft")


def _token(user) -> str:
    return Token.objects.create(user=user).key


@pytest.fixture
def anonymous(client):
    return Api(client)


@pytest.fixture
def viewer_api(client, db):
    return Api(client, _token(make_user(Role.VIEWER, "viewer")))


@pytest.fixture
def officer(db):
    user = make_user(Role.OFFICER, "officer", person_name="Olive Officer")
    Element.objects.filter(plan__slug=PLAN, key="obj-2.5").update(owner_person=user.person)
    return user


@pytest.fixture
def officer_api(client, officer):
    return Api(client, _token(officer))


@pytest.fixture
def manager(db):
    return make_user(Role.PLAN_MANAGER, "manager")


@pytest.fixture
def manager_api(client, manager):
    return Api(client, _token(manager))
