"""A council that is not London Councils, with a plan in delivery, an officer and two managers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User

from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.governance.services import baseline_freeze
from civicplan.organisations.models import Person
from civicplan.plans.models import Element
from civicplan.plans.services import plan_file_load
from tests.governance.fixtures import run_worker  # noqa: F401

SLUG = "northmoor-council-plan-2026-27"


def _user(username: str, role: Role, first: str, last: str, email: str) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, first_name=first,
                                    last_name=last, email=email)
    user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))
    return user


@pytest.fixture
def northmoor(db, settings, tmp_path):
    """Northmoor District Council's plan in delivery, adopted (baseline frozen) on 1 April 2026."""
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = plan_file_load(data={
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": SLUG, "title": "Northmoor Council Plan 2026-27", "kind": "milestones_plan",
                 "status": "in_delivery", "organisation": "Northmoor District Council",
                 "plan_period": {"start": "2026-04-01", "end": "2027-03-31", "text": "2026-27"}},
        "framework": {"levels": [
            {"kind": "objective", "name": "Outcome", "plural": "Outcomes", "parents": []},
            {"kind": "milestone", "name": "Action", "plural": "Actions", "parents": ["objective"]},
        ]},
        "elements": [
            {"id": "o1", "kind": "objective", "label": "A", "title": "Thriving town centres"},
            {"id": "m1", "kind": "milestone", "parent": "o1", "title": "Open the new market hall",
             "date_text": "March 2026"},
            {"id": "m2", "kind": "milestone", "parent": "o1", "title": "Adopt the parking strategy",
             "date_text": "Q4 2026/27"},
        ],
    })
    baseline_freeze(plan=plan, adopted_on=dt.date(2026, 4, 1))
    officer = _user("oscar", Role.OFFICER, "Oscar", "Okafor", "oscar@northmoor.example")
    person = Person.objects.create(organisation=plan.organisation, name="Oscar Okafor", user=officer)
    Element.objects.filter(plan=plan, key__in=["m1", "m2"]).update(owner_person=person)
    return {
        "plan": plan,
        "officer": officer,
        "manager": _user("maya", Role.PLAN_MANAGER, "Maya", "Mensah", "maya@northmoor.example"),
        "deputy": _user("dev", Role.PLAN_MANAGER, "Dev", "Desai", "dev@northmoor.example"),
        "element": Element.objects.get(plan=plan, key="m1"),
    }
