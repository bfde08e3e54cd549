"""Single sign-on with an OpenID Connect provider (Microsoft Entra ID, Okta, Keycloak...).

mozilla-django-oidc runs the authorisation-code flow; this backend decides who the person is
and what they may do:

- An account is found by the provider's `sub` claim (a SignInIdentity), never by e-mail
  address, which the provider may let people change or reuse. A first sign-in makes a new
  account with no password (local accounts are untouched and still sign in as before).
- The roles claim (OIDC_ROLE_CLAIM, "roles" for Entra app roles, "groups" for group claims)
  is mapped to CivicPlan roles by OIDC_ROLE_MAP. The claims decide at every sign-in: a value
  that is gone takes its role away.

Off unless OIDC_RP_CLIENT_ID is set.
"""

from __future__ import annotations

import logging
import re

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from civicplan.core.permissions import GROUP_FOR_ROLE, Role

from .models import SignInIdentity

logger = logging.getLogger(__name__)

ROLE_NAMES = {
    **{role.name.lower(): group for role, group in GROUP_FOR_ROLE.items()},
    **{group.lower(): group for group in GROUP_FOR_ROLE.values()},
    "plan-manager": GROUP_FOR_ROLE[Role.PLAN_MANAGER],
}


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def role_map_parse(text: str) -> dict[str, str]:
    """OIDC_ROLE_MAP ("claim value=role; other value=role") as {claim value: group name}.

    Roles are named as CivicPlan shows them (Viewer, Officer, Plan manager) or as
    viewer/officer/plan_manager; anything else is a configuration error naming the entry.
    """
    mapping: dict[str, str] = {}
    for entry in re.split(r"[;\n]", text or ""):
        if not entry.strip():
            continue
        value, sep, role = entry.rpartition("=")
        group = ROLE_NAMES.get(role.strip().lower())
        if not sep or not value.strip() or group is None:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAP entry {entry.strip()[:80]!r} must be CLAIM-VALUE=ROLE, with ROLE one of "
                + ", ".join(GROUP_FOR_ROLE.values())
                + "."
            )
        mapping[value.strip()] = group
    return mapping


def roles_from_claims(claims: dict) -> set[str]:
    """The CivicPlan role groups the claims grant (by OIDC_ROLE_CLAIM and OIDC_ROLE_MAP)."""
    raw = claims.get(getattr(settings, "OIDC_ROLE_CLAIM", "roles"))
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)):
        return set()
    mapping = role_map_parse(getattr(settings, "OIDC_ROLE_MAP", ""))
    return {mapping[str(v)] for v in raw if str(v) in mapping}


class CivicPlanOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        if not sso_enabled():  # listed in AUTHENTICATION_BACKENDS always; does nothing until configured
            self.UserModel = get_user_model()
            return
        super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not sso_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for this token. A provider with a single key may leave out
        its `kid` (OpenID Connect Core 10.1): then the one key of the token's algorithm is used."""
        header = jwt.get_unverified_header(token)
        if header.get("kid"):
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=self.get_settings("OIDC_TIMEOUT", None))
        response.raise_for_status()
        keys = [k for k in response.json().get("keys", []) if k.get("alg", header.get("alg")) == header.get("alg")
                and k.get("use", "sig") == "sig"]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key and the provider has more than one")
        return jwt.PyJWK(keys[0])

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo answer plus the ID token's claims (Entra puts app roles only in the
        ID token); the issuer comes from the verified ID token."""
        userinfo = super().get_userinfo(access_token, id_token, payload) or {}
        if userinfo.get("sub") and userinfo["sub"] != payload.get("sub"):
            raise SuspiciousOperation("The userinfo and ID token name different subjects")
        return {**payload, **userinfo, "iss": payload.get("iss", ""), "sub": payload.get("sub", "")}

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and bool(claims.get("iss"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            sign_in_identities__issuer=claims["iss"], sign_in_identities__subject=claims["sub"]
        ).distinct()

    def _username(self, claims) -> str:
        base = (claims.get("preferred_username") or claims.get("email") or f"sso-{claims['sub']}")[:140]
        base = re.sub(r"[^\w.@+-]", "-", base) or "sso-user"
        candidate, n = base, 1
        while self.UserModel.objects.filter(username=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel(username=self._username(claims))
        user.set_unusable_password()
        self._copy_profile(user, claims)
        user.save()
        SignInIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        self._copy_profile(user, claims)
        user.save()
        wanted = roles_from_claims(claims)
        role_groups = Group.objects.filter(name__in=GROUP_FOR_ROLE.values())
        user.groups.remove(*[g for g in role_groups if g.name not in wanted])
        user.groups.add(*[g for g in role_groups if g.name in wanted])
        SignInIdentity.objects.filter(user=user, issuer=claims["iss"], subject=claims["sub"]).update(
            last_sign_in_at=timezone.now(), roles_granted=sorted(wanted)
        )
        user.__dict__.pop("_civicplan_role", None)
        return user

    @staticmethod
    def _copy_profile(user, claims) -> None:
        user.email = (claims.get("email") or user.email or "")[:254]
        user.first_name = (claims.get("given_name") or user.first_name or "")[:150]
        user.last_name = (claims.get("family_name") or user.last_name or "")[:150]


class SingleSignOnStart(OIDCAuthenticationRequestView):
    """Off (404) unless single sign-on is configured."""

    def __init__(self, *args, **kwargs):
        if sso_enabled():
            super().__init__(*args, **kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up here.")
        return super().get(request)


class SingleSignOnCallback(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up here.")
        try:
            return super().get(request)
        except (requests.RequestException, jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as exc:
            # The provider unreachable, or an answer that does not check out: not signed in.
            logger.warning("Single sign-on failed: %s", exc.__class__.__name__)
            return self.login_failure()

    @property
    def failure_url(self):
        return reverse("web:sign-in")

    def login_failure(self):
        messages.error(
            self.request,
            "Single sign-on did not sign you in. Try again, or sign in with a CivicPlan username and password.",
        )
        return redirect(self.failure_url)
