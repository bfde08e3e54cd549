"""Saving an import draft is idempotent: several saves at once (double clicks, two tabs, a retry)
make one plan, and every caller is answered with that plan."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from civicplan.core.permissions import Role
from civicplan.importer.models import ImportDraft
from civicplan.importer.services import import_draft_create, import_draft_save
from civicplan.plans.models import Plan
from civicplan.plans.services import SEED_DIR
from tests.factories import make_user

SOURCE = SEED_DIR / "sources" / "lc-shared-ambitions-2022-23.txt"


# Real transactions, so the saves really race. All apps are listed so that PostgreSQL's flush
# afterwards truncates with CASCADE (the search index's table points at elements).
@pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()])
def test_four_saves_at_once_make_one_plan():
    user = make_user(Role.PLAN_MANAGER, "saving-manager")
    draft = import_draft_create(user=user, name="shared-ambitions.txt", data=SOURCE.read_bytes())
    before = Plan.objects.count()
    start = threading.Barrier(4)
    saved, errors = [], []

    def save():
        try:
            start.wait()
            # Each caller holds its own copy of the draft, as four requests would.
            # The seed plan of that title exists: each save says to keep both.
            saved.append(import_draft_save(draft=ImportDraft.objects.get(pk=draft.pk), user=user, earlier="keep").pk)
        except Exception as exc:  # noqa: BLE001 - the test reports every failure
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Plan.objects.count() == before + 1
    draft.refresh_from_db()
    assert saved == [draft.saved_plan_id] * 4


@pytest.mark.django_db
def test_running_import_save_again_finds_the_plan_instead_of_making_another():
    """A re-run after a crash (or on the same folder) matches documents by their content."""
    source = SEED_DIR / "sources" / "lc-challenge-2017.txt"
    first, again = StringIO(), StringIO()
    call_command("plan_import", str(source), "--save", stdout=first)
    call_command("plan_import", str(source), "--save", stdout=again)
    plans = Plan.objects.filter(slug__startswith="london-councils-challenge")
    assert plans.count() == 1
    assert f"saved as {plans.get().slug}" in first.getvalue()
    assert f"already saved as {plans.get().slug}" in again.getvalue()
