"""Your API token: anyone signed in makes, replaces and revokes their own, and sees the key once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from civicplan.core.permissions import Role
from tests.conftest import text_of
from tests.factories import make_user

from .conftest import PLAN

pytestmark = pytest.mark.django_db

URL = "/api/v1/token/"
KEY = re.compile(r'id="new-token"[^>]*>([0-9a-f]{40})<')


def _new_key(html: str) -> str | None:
    found = KEY.search(html)
    return found.group(1) if found else None


def _act(pages, action: str) -> str:
    """Press a button on the token page; answer the page it leads to (checked like every page)."""
    response = pages.client.post(URL, {"action": action})
    assert response.status_code == 302 and response["Location"] == URL
    return pages.get(URL).content.decode()


def _api(client, key: str):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_signing_in_is_needed(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == f"/sign-in/?next={URL}"
    assert client.post(URL, {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


def test_an_officer_creates_a_token_sees_it_once_and_uses_it(pages, officer):
    pages.client.force_login(officer)
    first = pages.get(URL)
    assert "no-store" in first["Cache-Control"]
    page = text_of(first.content.decode())
    assert "You do not have a token" in page and "Create a token" in page
    assert "/api/v1/docs/" in first.content.decode()

    html = _act(pages, "create")
    key = _new_key(html)
    assert key == Token.objects.get(user=officer).key
    page = text_of(html)
    assert "It will not be shown again" in page and "You have a token" in page and "as an officer" in page
    # The how-to is ready to paste: the key, this server and an element the officer leads.
    assert f'curl -H "Authorization: Token {key}"' in page and "http://testserver/api/v1/plans/" in page
    assert f'"plan": "{PLAN}", "element": "ms-2.5-1"' in page
    assert "Replace your token" in page and "Revoke your token" in page

    # Shown once: the next visit says there is a token but not what it is.
    again = pages.get(URL).content.decode()
    assert _new_key(again) is None and key not in again and "You have a token" in text_of(again)

    # The token acts as the officer, with exactly the officer's permissions.
    api = Client()
    update = {"plan": PLAN, "element": "2.5 > Milestone 1", "rag": "amber", "percent_complete": 60,
              "commentary": "Settlement report delayed", "as_at": "2023-01-31"}
    made = api.post("/api/v1/updates/", update, content_type="application/json", **_api(api, key))
    assert made.status_code == 201 and made.json()["submitted_by"] == "officer"
    assert made.json()["status"] == "pending"
    others = api.post("/api/v1/updates/", {**update, "element": "ms-2.1-1"}, content_type="application/json",
                      **_api(api, key))
    assert others.status_code == 403
    approve = api.post(f"/api/v1/updates/{made.json()['id']}/approve/", {}, content_type="application/json",
                       **_api(api, key))
    assert approve.status_code == 403


def test_replacing_stops_the_old_token_and_revoking_leaves_none(pages, officer):
    pages.client.force_login(officer)
    old = _new_key(_act(pages, "create"))
    new = _new_key(_act(pages, "replace"))
    assert new and new != old
    api = Client()
    assert api.get("/api/v1/updates/", **_api(api, old)).status_code == 401
    assert api.get("/api/v1/updates/", **_api(api, new)).status_code == 200

    page = text_of(_act(pages, "revoke"))
    assert "revoked" in page and "You do not have a token" in page
    assert api.get("/api/v1/updates/", **_api(api, new)).status_code == 401
    assert not Token.objects.filter(user=officer).exists()
    assert "nothing to revoke" in text_of(_act(pages, "revoke"))


def test_a_key_replaced_elsewhere_is_never_shown(client, officer):
    client.force_login(officer)
    client.post(URL, {"action": "create"})
    Token.objects.filter(user=officer).delete()  # e.g. revoked in the admin meanwhile
    html = client.get(URL).content.decode()
    assert _new_key(html) is None and "You do not have a token" in text_of(html)


def test_each_user_has_their_own_token_and_an_unknown_action_changes_nothing(client, officer):
    manager = make_user(Role.PLAN_MANAGER, "manager")
    manager_key = Token.objects.create(user=manager).key
    client.force_login(officer)
    client.post(URL, {"action": "create"})
    client.post(URL, {"action": "revoke-everyone"})
    assert Token.objects.get(user=manager).key == manager_key
    assert Token.objects.filter(user=officer).count() == 1
    client.post(URL, {"action": "revoke"})
    assert Token.objects.get(user=manager).key == manager_key


def test_the_buttons_need_the_csrf_token(officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    assert browser.post(URL, {"action": "create"}).status_code == 403
    assert not Token.objects.filter(user=officer).exists()


def test_a_viewer_gets_a_token_for_reading_and_no_update_examples(pages):
    viewer = make_user(Role.VIEWER, "viewer")
    pages.client.force_login(viewer)
    html = _act(pages, "create")
    page = text_of(html)
    assert _new_key(html) and "as a viewer" in page
    assert "/api/v1/updates/" not in page and "progress-upload" not in page


def test_the_token_page_is_in_the_navigation_and_the_docs_for_those_signed_in(pages, officer):
    nav_link = re.compile(r'<a class="govuk-service-navigation__link" href="/api/v1/token/"[^>]*>\s*API token\s*</a>')
    docs = pages.get("/api/v1/docs/").content.decode()
    assert not nav_link.search(docs)
    assert f'href="/sign-in/?next={URL}"' in docs  # anonymous: sign in to get one
    assert not nav_link.search(pages.get("/").content.decode())

    pages.client.force_login(officer)
    for url in ("/", f"/plans/{PLAN}/", "/api/v1/docs/"):
        assert nav_link.search(pages.get(url).content.decode()), url
    docs = pages.get("/api/v1/docs/").content.decode()
    assert f'href="{URL}"' in docs and "Get your API token" in text_of(docs)
    token_page = pages.get(URL).content.decode()
    assert re.search(r'href="/api/v1/token/" aria-current="true"', token_page)
