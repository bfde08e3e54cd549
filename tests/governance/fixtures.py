"""Users in each role and the governance records the seed papers imply, for governance and report tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from civicplan.core.permissions import GROUP_FOR_ROLE, Role
from civicplan.organisations.models import Organisation, Person
from civicplan.plans.models import Element

SHARED = "lc-shared-ambitions-2022-23"


def make_user(username: str, role: Role, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw-not-used", **extra)
    user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))
    return user


@pytest.fixture
def governance(seeded):
    from civicplan.governance.services import governance_seed_load

    governance_seed_load()
    return seeded


@pytest.fixture
def manager(db):
    return make_user("manager", Role.PLAN_MANAGER, first_name="Mina", last_name="Manager")


@pytest.fixture
def officer(seeded):
    """Barbara Salmon, officer, owning objective 2.5 of the 2022-23 plan (and so its milestones)."""
    user = make_user("officer", Role.OFFICER, first_name="Barbara", last_name="Salmon")
    organisation = Organisation.objects.get(slug="london-councils")
    person, _ = Person.objects.get_or_create(organisation=organisation, name="Barbara Salmon")
    person.user = user
    person.email = "barbara.salmon@example.org"
    person.save()
    Element.objects.filter(plan__slug=SHARED, kind="objective", label="2.5").update(owner_person=person)
    return user


@pytest.fixture
def viewer(db):
    return make_user("viewer", Role.VIEWER)


@pytest.fixture
def sample_progress(seeded):
    from civicplan.delivery.sample import sample_progress_load

    sample_progress_load()
    return seeded


@pytest.fixture
def run_worker(monkeypatch):
    """Run `civicplan worker` until the queue is empty, inside the test's transaction.

    The worker closes database connections that are inside a transaction, which is right in
    production and would end the test's own transaction here.
    """
    import io

    from django.core.management import call_command

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run() -> str:
        out = io.StringIO()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=out, stderr=out)
        return out.getvalue()

    return run
