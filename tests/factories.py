"""Test data builders: users in each role and synthetic plans of any size."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, User

from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.organisations.models import Organisation, Person
from civicplan.plans.services import plan_file_load


def make_user(role: Role, username: str | None = None, *, person_name: str | None = None) -> User:
    username = username or f"user-{role.name.lower()}"
    if role == Role.ADMIN:
        return User.objects.create_superuser(username=username, password="pw-" + username)
    user = User.objects.create_user(username=username, password="pw-" + username)
    if role in GROUP_FOR_ROLE:
        user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))
    if person_name:
        organisation = Organisation.objects.get(slug="london-councils")
        person, _ = Person.objects.get_or_create(organisation=organisation, name=person_name)
        person.user = user
        person.save()
    return user


def synthetic_plan(*, slug: str, milestones: int, status: str = "in_delivery", groups: int = 5):
    """A milestones plan with `groups` objectives, each with a sub-priority and dated milestones."""
    elements = []
    for g in range(groups):
        elements.append({"id": f"obj-{g}", "kind": "objective", "label": f"{g + 1}", "title": f"Objective {g + 1}"})
        elements.append({"id": f"sp-{g}", "kind": "sub_priority", "parent": f"obj-{g}", "title": f"Sub-priority {g + 1}"})
    start = dt.date(2022, 1, 1)
    for m in range(milestones):
        month = start.replace(year=2022 + (m % 36) // 12, month=(m % 12) + 1)
        g = m % groups
        elements.append({
            "id": f"ms-{m}", "kind": "milestone", "parent": f"obj-{g}", "title": f"Milestone {m}",
            "text": f"Deliver the thing numbered {m}", "date_text": month.strftime("%B %Y"),
            "links": [{"type": "contributes_to", "target": f"sp-{g}"}],
        })
    return plan_file_load(data={
        "format": "civicplan-plan", "version": 1,
        "meta": {"slug": slug, "title": f"Synthetic plan {slug}", "kind": "milestones_plan", "status": status,
                 "organisation": "London Councils"},
        "framework": {"levels": [
            {"kind": "objective", "name": "Objective", "plural": "Objectives", "parents": []},
            {"kind": "sub_priority", "name": "Sub-priority", "plural": "Sub-priorities", "parents": ["objective"]},
            {"kind": "milestone", "name": "Milestone", "plural": "Milestones", "parents": ["objective", "milestone"]},
        ]},
        "elements": elements,
    })
