"""Idle sessions end; every answer carries Content-Security-Policy and Permissions-Policy."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User

from civicplan.accounts.middleware import LAST_SEEN
from tests.conftest import text_of


@pytest.fixture
def officer(db):
    return User.objects.create_user("officer-kim", password="a-password-for-kim-1")


def test_a_session_unused_for_the_idle_timeout_is_signed_out(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(officer)
    assert client.get("/").context["user"].is_authenticated
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get("/my-elements/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/sign-in/?next=/my-elements/")
    assert not response.context["user"].is_authenticated
    assert "You were signed out because you had not used CivicPlan for 30 minutes" in text_of(response.content.decode())


def test_a_session_in_use_stays_signed_in(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(officer)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/").context["user"].is_authenticated
    assert client.session[LAST_SEEN] >= int(time.time()) - 5  # the clock restarted


def test_no_idle_timeout_when_set_to_zero(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    client.force_login(officer)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 100 * 24 * 3600
    session.save()
    assert client.get("/").context["user"].is_authenticated


@pytest.mark.parametrize("url", ["/", "/sign-in/", "/api/v1/docs/", "/api/v1/plans/", "/api/v1/openapi.json"])
def test_pages_and_api_answers_carry_the_security_headers(client, db, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_no_page_template_has_an_inline_script():
    """script-src 'self' blocks inline scripts: the templates must have none."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "civicplan"
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{template.relative_to(root)}: {tag}")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{template.relative_to(root)}: an on...= event handler attribute")
    assert offenders == []
