"""Single sign-on against a real OpenID Connect provider running on this machine
(oidc-provider-mock): the full redirect flow, accounts matched by `sub`, roles from claims."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from oidc_provider_mock import run_server_in_thread

from civicplan.accounts.models import SignInIdentity
from civicplan.core.permissions import Role, user_role
from tests.conftest import text_of

PROVIDER_PORT = 8161
ROLE_MAP = "CivicPlan.Officer=Officer; CivicPlan.PlanManager=Plan manager; civicplan-viewers=Viewer"


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(port=PROVIDER_PORT) as server:
        base = f"http://localhost:{server.server_port}"
        config = requests.get(f"{base}/.well-known/openid-configuration", timeout=10).json()
        yield base, config


@pytest.fixture
def sso(provider, settings):
    base, config = provider
    settings.OIDC_RP_CLIENT_ID = "civicplan-test"
    settings.OIDC_RP_CLIENT_SECRET = "a-client-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = config["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = config["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = config["jwks_uri"]
    settings.OIDC_ROLE_CLAIM = "roles"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    return base


def set_claims(base: str, sub: str, **claims) -> None:
    response = requests.put(f"{base}/users/{sub}", json=claims, timeout=10)
    assert response.status_code == 204, response.text


def sign_in_with_provider(client, sub: str, *, next_url: str = ""):
    """What a browser does: CivicPlan -> provider (the person picks `sub`) -> CivicPlan."""
    start = client.get("/sign-in/sso/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.status_code
    authorize = start["Location"]
    assert authorize.startswith("http://localhost:")
    at_provider = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text[:300]
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/sign-in/sso/callback/" and "code" in parse_qs(back.query)
    return client.get(f"{back.path}?{back.query}")


def test_sign_in_button_shows_only_when_single_sign_on_is_set_up(client, db, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "Sign in with your organisation" not in text_of(client.get("/sign-in/").content.decode())
    assert client.get("/sign-in/sso/").status_code == 404
    settings.OIDC_RP_CLIENT_ID = "x"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://localhost:1/authorize"
    assert "Sign in with your organisation" in text_of(client.get("/sign-in/").content.decode())


def test_first_sign_in_makes_an_account_with_the_roles_the_claims_map_to(client, db, sso):
    set_claims(sso, "entra-oid-4411", preferred_username="jo.bloggs@council.example",
               email="jo.bloggs@council.example", given_name="Jo", family_name="Bloggs",
               roles=["CivicPlan.Officer", "Unrelated.AppRole"])

    finished = sign_in_with_provider(client, "entra-oid-4411")

    assert finished.status_code == 302 and finished["Location"] == "/"
    user = User.objects.get(sign_in_identities__subject="entra-oid-4411")
    assert user.username == "jo.bloggs@council.example" and not user.has_usable_password()
    assert user_role(user) == Role.OFFICER
    home = text_of(client.get("/").content.decode())
    assert "Your elements" in home and "Sign out" in home  # signed in, as an officer


def test_accounts_are_matched_by_sub_not_by_email(client, db, sso):
    local = User.objects.create_user("jo", email="jo@council.example", password="a-local-password-1")
    set_claims(sso, "sub-aaa", email="jo@council.example", roles=["CivicPlan.PlanManager"])

    sign_in_with_provider(client, "sub-aaa")

    sso_user = User.objects.get(sign_in_identities__subject="sub-aaa")
    assert sso_user.pk != local.pk  # same e-mail, different person as far as CivicPlan knows
    assert user_role(User.objects.get(pk=local.pk)) == Role.VIEWER
    # The same sub with a changed e-mail address is still the same account.
    client.logout()
    set_claims(sso, "sub-aaa", email="jo.new@council.example", roles=["CivicPlan.PlanManager"])
    sign_in_with_provider(client, "sub-aaa")
    assert User.objects.filter(sign_in_identities__subject="sub-aaa").count() == 1
    assert User.objects.get(pk=sso_user.pk).email == "jo.new@council.example"
    assert SignInIdentity.objects.get(subject="sub-aaa").issuer == sso


def test_a_role_removed_from_the_claims_is_gone_at_the_next_sign_in(client, db, sso):
    set_claims(sso, "manager-sub", preferred_username="pat", roles=["CivicPlan.PlanManager", "CivicPlan.Officer"])
    sign_in_with_provider(client, "manager-sub")
    user = User.objects.get(sign_in_identities__subject="manager-sub")
    assert user_role(user) == Role.PLAN_MANAGER
    assert client.get("/updates/").status_code == 200  # the review queue: plan managers only

    client.post("/sign-out/")
    set_claims(sso, "manager-sub", preferred_username="pat", roles=["civicplan-viewers"])
    sign_in_with_provider(client, "manager-sub")

    user = User.objects.get(pk=user.pk)
    assert set(user.groups.values_list("name", flat=True)) == {"Viewer"}
    assert user_role(user) == Role.VIEWER
    assert client.get("/updates/").status_code == 403
    assert SignInIdentity.objects.get(subject="manager-sub").roles_granted == ["Viewer"]


def test_local_accounts_still_sign_in_with_a_password(client, db, sso):
    User.objects.create_user("local-officer", password="a-local-password-1")
    response = client.post("/sign-in/", {"username": "local-officer", "password": "a-local-password-1"})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "local-officer"


def test_a_refused_sign_in_at_the_provider_comes_back_to_the_sign_in_page(client, db, sso):
    start = client.get("/sign-in/sso/")
    denied = requests.post(start["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10)
    back = urlsplit(denied.headers["Location"])
    response = client.get(f"{back.path}?{back.query}", follow=True)
    assert response.redirect_chain[-1][0] == "/sign-in/"
    assert "Single sign-on did not sign you in" in text_of(response.content.decode())
    assert not response.context["user"].is_authenticated


def test_administrators_see_each_accounts_provider_identity(client, db, sso):
    set_claims(sso, "sub-for-admin-page", preferred_username="alex", roles=["CivicPlan.Officer"])
    sign_in_with_provider(client, "sub-for-admin-page")
    admin = User.objects.create_superuser("root", password="a-root-password-1")
    client.force_login(admin)
    words = text_of(client.get("/admin/accounts/signinidentity/").content.decode())
    assert "sub-for-admin-page" in words and "alex" in words and "Officer" in words
