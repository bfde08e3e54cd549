"""Your API token: a page where anyone signed in sees whether they have one, and makes,
replaces or revokes it themselves (no administrator needed).

A token is the user's own: it carries exactly their role and ownership, no more. The key is
shown once, on the page straight after it is made (kept in the session only until that page
is shown, then dropped), and never again: the page afterwards only says when it was made.
Replacing a token makes the old key stop working at once; revoking leaves none.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from civicplan.core.models import AuditEvent, audit_event_record
from civicplan.core.permissions import PUBLISHED_STATUSES, Role, role_required, user_role
from civicplan.plans.models import Element, Plan

# The session key holding a new token's key until the page after the POST has shown it.
NEW_KEY = "api_token_new_key"


@transaction.atomic
def api_token_replace(*, user, actor=None) -> Token:
    """A new token for the user; any token they had stops working."""
    replaced, _ = Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_event_record(kind=AuditEvent.Kind.TOKEN_CREATED, actor=actor, subject=user,
                       detail="replacing the one before" if replaced else "")
    return token


@transaction.atomic
def api_token_revoke(*, user, actor=None, why: str = "") -> bool:
    """Remove the user's token; True if they had one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit_event_record(kind=AuditEvent.Kind.TOKEN_REVOKED, actor=actor, subject=user, detail=why)
    return bool(deleted)


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _example(user) -> tuple[str, str]:
    """A plan and an element for the how-to: one the person leads if any, so it works as pasted."""
    person = getattr(user, "person", None)
    if person is not None:
        owned = Element.objects.filter(owner_person=person).select_related("plan").order_by(
            "-plan__period_start", "position").first()
        if owned is not None:
            # A milestone beneath it is the likelier thing to report on, and the officer may.
            beneath = owned.children.filter(kind="milestone").order_by("position").first()
            return owned.plan.slug, (beneath or owned).key
    plan = Plan.objects.filter(status__in=PUBLISHED_STATUSES).order_by("-period_start", "slug").first()
    if plan is None:
        return "PLAN-SLUG", "ELEMENT-KEY"
    if user_role(user) >= Role.PLAN_MANAGER:  # plan managers may update any element
        element = (plan.elements.filter(kind="milestone").order_by("position").first()
                   or plan.elements.order_by("position").first())
        if element is not None:
            return plan.slug, element.key
    return plan.slug, "ELEMENT-KEY"


@role_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def api_token(request):
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("create", "replace"):
            had_one = Token.objects.filter(user=user).exists()
            token = api_token_replace(user=user)
            request.session[NEW_KEY] = token.key
            if had_one:
                messages.success(request, "Your new API token is below. Your old token no longer works.")
        elif action == "revoke":
            if api_token_revoke(user=user):
                messages.success(request, "Your API token has been revoked: it no longer works.")
            else:
                messages.info(request, "You had no API token, so there was nothing to revoke.")
        return redirect(reverse("api:token"))

    new_key = request.session.pop(NEW_KEY, None)
    token = Token.objects.filter(user=user).first()
    if token is None or (new_key and new_key != token.key):
        new_key = None  # revoked or replaced elsewhere since: never show a key that does not work
    base = request.build_absolute_uri("/").rstrip("/")
    example_plan, example_element = _example(user)
    response = render(request, "api/token.html", {
        "token": token,
        "new_key": new_key,
        "example_key": new_key or "YOUR-TOKEN",
        "base_url": base,
        "example_plan": example_plan,
        "example_element": example_element,
        "can_submit": user_role(user) >= Role.OFFICER,
        "can_review": user_role(user) >= Role.PLAN_MANAGER,
        "role": user_role(user),
        "role_words": _with_article(user_role(user).label.lower()),
    })
    # The page may show a secret: no browser or proxy may keep a copy.
    add_never_cache_headers(response)
    return response
