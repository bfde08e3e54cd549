"""Who may do what. One place, so every page, command and API call asks the same question.

Roles are Django groups (made by a migration in this app): viewer, officer, plan manager;
a superuser is an admin. Anonymous visitors and viewers see published plans only.

A plan is published once it has gone to a committee: committee papers are public documents
(the access-to-information rules for local authority meetings), so a plan at the Executive or
Leaders' Committee is as public as an adopted one. Drafts still with officers and portfolio
holders are not.
"""

from __future__ import annotations

import enum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


class Role(enum.IntEnum):
    """Ordered: each role can do everything the ones below it can."""

    PUBLIC = 0
    VIEWER = 1
    OFFICER = 2
    PLAN_MANAGER = 3
    ADMIN = 4

    @property
    def label(self) -> str:
        return {0: "Public", 1: "Viewer", 2: "Officer", 3: "Plan manager", 4: "Admin"}[self.value]


GROUP_FOR_ROLE = {Role.VIEWER: "Viewer", Role.OFFICER: "Officer", Role.PLAN_MANAGER: "Plan manager"}
PUBLISHED_STATUSES = ("executive", "leaders_committee", "adopted", "in_delivery", "closed")


def user_role(user) -> Role:
    if user is None or not user.is_authenticated or not user.is_active:
        return Role.PUBLIC
    if user.is_superuser:
        return Role.ADMIN
    cached = getattr(user, "_civicplan_role", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = Role.VIEWER
    for candidate in (Role.PLAN_MANAGER, Role.OFFICER, Role.VIEWER):
        if GROUP_FOR_ROLE[candidate] in names:
            role = candidate
            break
    user._civicplan_role = role
    return role


def plan_is_published(plan) -> bool:
    return plan.status in PUBLISHED_STATUSES


def can_view_plan(user, plan) -> bool:
    return plan_is_published(plan) or user_role(user) >= Role.OFFICER


def can_manage_plans(user) -> bool:
    """Edit structure, import documents, approve updates."""
    return user_role(user) >= Role.PLAN_MANAGER


def can_manage_organisation(user, organisation) -> bool:
    """Set up an organisation (bodies, people, workflow): admins, and plan managers unless their
    own person record belongs to another organisation (ADR 0024)."""
    role = user_role(user)
    if role >= Role.ADMIN:
        return True
    if role < Role.PLAN_MANAGER:
        return False
    person = getattr(user, "person", None)
    return person is None or person.organisation_id == organisation.id


def can_update_element(user, element) -> bool:
    """Officers update the elements they own or deputise for (or that sit under one); managers any."""
    role = user_role(user)
    if role >= Role.PLAN_MANAGER:
        return True
    if role < Role.OFFICER:
        return False
    person = getattr(user, "person", None)
    if person is None:
        return False
    node = element
    while node is not None:
        if person.id in (node.owner_person_id, node.deputy_person_id):
            return True
        node = node.parent
    return False


def role_required(minimum: Role):
    """View decorator: sign in first if anonymous; 403 if signed in without the role."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            role = user_role(request.user)
            if role >= minimum:
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(f"This page needs the {minimum.label.lower()} role.")

        return wrapped

    return decorator


plan_manager_required = role_required(Role.PLAN_MANAGER)
officer_required = role_required(Role.OFFICER)


def own_work_refusal(*, organisation, user, author) -> str:
    """Why this user may not decide this piece of work, or "" (the organisation's separation-of-duties setting)."""
    if user is not None and author is not None and author.pk == user.pk and not organisation.manager_may_approve_own_work:
        return (
            f"{organisation.name} requires someone else to approve your own work: "
            "ask another plan manager to review it."
        )
    return ""
