"""Reading organisations for the set-up pages: one query per list, whatever its size."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from civicplan.core.permissions import Role as CivicPlanRole
from civicplan.core.permissions import user_role

from .models import Body, Organisation, Person, Portfolio, Role


def organisations_for_user(*, user) -> QuerySet[Organisation]:
    """The organisations this user may set up: all for an admin or a manager with no person
    record, only their own for a manager who has one (core.permissions.can_manage_organisation)."""
    role = user_role(user)
    if role < CivicPlanRole.PLAN_MANAGER:
        return Organisation.objects.none()
    person = getattr(user, "person", None)
    if role >= CivicPlanRole.ADMIN or person is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=person.organisation_id)


def organisation_setup(*, organisation: Organisation) -> dict:
    """Everything the overview page lists: bodies, people with their roles, directorates and
    portfolios with their holders."""
    roles = Role.objects.select_related("body", "portfolio", "directorate").order_by("kind", "pk")
    holders = Role.objects.filter(
        kind__in=[Role.Kind.PORTFOLIO_HOLDER, Role.Kind.SHADOW_PORTFOLIO_HOLDER]
    ).select_related("person").order_by("kind", "person__name")
    return {
        "bodies": list(Body.objects.filter(organisation=organisation).order_by("name")),
        "people": list(
            Person.objects.filter(organisation=organisation).select_related("user", "directorate")
            .prefetch_related(Prefetch("roles", queryset=roles)).order_by("name")
        ),
        "directorates": list(organisation.directorates.annotate(people_count=Count("people")).order_by("name")),
        "portfolios": list(
            Portfolio.objects.filter(organisation=organisation)
            .prefetch_related(Prefetch("roles", queryset=holders, to_attr="holders")).order_by("name")
        ),
    }
