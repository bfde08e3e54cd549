"""People in each role and a draft plan, for the export and upload tests."""

from __future__ import annotations

import pytest

from civicplan.core.permissions import Role
from civicplan.plans.models import Element
from tests.factories import make_user, synthetic_plan

PLAN = "lc-shared-ambitions-2022-23"  # published, with sample progress history
DRAFT = "draft-plan"


@pytest.fixture
def draft(db):
    return synthetic_plan(slug=DRAFT, milestones=4, status="draft")


@pytest.fixture
def officer(db):
    """An officer who owns objective 2.5 of the 2022 plan (and so its milestones)."""
    user = make_user(Role.OFFICER, "officer", person_name="Olive Officer")
    Element.objects.filter(plan__slug=PLAN, key="obj-2.5").update(owner_person=user.person)
    return user


@pytest.fixture
def manager(db):
    return make_user(Role.PLAN_MANAGER, "manager")


@pytest.fixture
def viewer(db):
    return make_user(Role.VIEWER, "viewer")
