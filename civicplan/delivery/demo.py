"""Sign-in accounts for trying CivicPlan on one machine (`make run`), one per role.

Passwords are random per installation and written to var/demo-users.txt, never fixed in
code, so a demo database copied to a server does not carry a known password.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.organisations.models import Organisation, Person
from civicplan.plans.models import Element
from civicplan.plans.versions import plan_changed

DEMO_USERS = (
    ("manager", Role.PLAN_MANAGER, "Plan manager"),
    ("officer", Role.OFFICER, "Barbara Salmon"),
    ("viewer", Role.VIEWER, "Viewer"),
)
OFFICER_OBJECTIVE = ("lc-shared-ambitions-2022-23", "2.5")


@transaction.atomic
def demo_users_ensure() -> Path:
    path = Path(settings.VAR_DIR) / "demo-users.txt"
    lines = ["CivicPlan sign-in accounts for this machine (use Sign in at the top of any page)", ""]
    for username, role, person_name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, first_name=person_name)
            user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))
        if role == Role.OFFICER:
            organisation = Organisation.objects.filter(slug="london-councils").first()
            if organisation is not None:
                person, _ = Person.objects.get_or_create(organisation=organisation, name=person_name)
                if person.user_id is None:
                    person.user = user
                    person.save(update_fields=["user"])
                owned = Element.objects.filter(
                    plan__slug=OFFICER_OBJECTIVE[0], kind="objective", label=OFFICER_OBJECTIVE[1],
                    owner_person__isnull=True,
                )
                plan_changed(*owned.values_list("plan_id", flat=True))
                owned.update(owner_person=person)
        if password:
            lines.append(f"{username:<8} {role.label:<13} password: {password}")
    if len(lines) > 2:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path
