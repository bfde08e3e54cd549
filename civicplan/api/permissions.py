"""The web's permission rules (civicplan.core.permissions) as DRF permission classes and lookups.

Anonymous visitors and viewers read published plans; officers also read drafts and create
updates on the elements they own; plan managers approve, return and record decisions. A plan
or update someone may not see answers 404, as the web does, so drafts are not even confirmed.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from civicplan.core.permissions import Role, can_view_plan, plan_is_published, user_role
from civicplan.plans.models import Element, Plan

# The largest id a PostgreSQL bigint holds: larger ids cannot exist, so they are simply not found.
MAX_ID = 2**63 - 1


class ReadOrOfficer(BasePermission):
    """Anyone may read; writing needs the officer role (or higher)."""

    message = "Only officers and plan managers can do this."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or user_role(request.user) >= Role.OFFICER


class ReadOrPlanManager(BasePermission):
    """Anyone may read; writing needs the plan manager role."""

    message = "Only a plan manager can do this."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or user_role(request.user) >= Role.PLAN_MANAGER


class PlanManagerOnly(BasePermission):
    message = "Only a plan manager can do this."

    def has_permission(self, request, view) -> bool:
        return user_role(request.user) >= Role.PLAN_MANAGER


def _clean(text: str) -> str:
    if "\x00" in text or len(text) > 300:
        raise Http404("No such record")
    return text


def plan_for(request, slug: str, *, public: bool = False) -> Plan:
    """The plan if this person may see it (the public view: only if published), else 404."""
    plan = Plan.objects.select_related("organisation", "body", "predecessor").filter(slug=_clean(slug)).first()
    if plan is None:
        raise Http404("No such plan.")
    visible = plan_is_published(plan) if public else can_view_plan(request.user, plan)
    if not visible:
        raise Http404("No such plan.")
    return plan


def element_for(request, plan: Plan, key: str) -> Element:
    element = Element.objects.select_related("parent", "owner_person").filter(plan=plan, key=_clean(key)).first()
    if element is None:
        raise Http404("No such element in this plan.")
    return element


def valid_id(pk: int) -> int:
    if pk > MAX_ID:
        raise Http404("No such record.")
    return pk
