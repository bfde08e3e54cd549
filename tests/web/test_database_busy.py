"""A write that meets another write holding the database lock past the busy timeout is answered
503 "The service is busy. Try again in a minute." (a page, or JSON under /api/), never a 500,
and nothing is saved."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.authtoken.models import Token

from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from tests.conftest import text_of
from tests.factories import make_user, synthetic_plan

pytestmark = pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()])


class WriteLockHeld:
    """Another connection holds the write lock on the progress table until released."""

    def __init__(self):
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            other = sqlite3.connect(settings["NAME"], isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # SQLite's write lock: one writer at a time
        else:
            import psycopg

            other = psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or None,
                                    port=settings["PORT"] or None, password=settings["PASSWORD"] or None)
            other.execute("LOCK TABLE delivery_progressupdate IN EXCLUSIVE MODE")
        self.taken.set()
        self.release.wait(30)
        other.rollback()
        other.close()

    def __enter__(self):
        self.thread.start()
        assert self.taken.wait(10)
        # Wait a fraction of a second rather than the installed five, so the test is quick.
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA busy_timeout = 300")
            else:
                cursor.execute("SET lock_timeout = '300ms'")
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 5000" if connection.vendor == "sqlite" else "SET lock_timeout = 0")


def _plan_and_manager():
    plan = synthetic_plan(slug="busy-plan", milestones=3)
    manager = make_user(Role.PLAN_MANAGER, "busy-manager")
    key = plan.elements.filter(kind="milestone").values_list("key", flat=True).first()
    return plan, manager, f"element,rag,percent,as_at\n{key},Green,40,2024-01-31\n".encode()


def test_an_upload_that_meets_a_held_write_lock_gets_the_busy_page_not_a_500(client, pages):
    plan, manager, csv = _plan_and_manager()
    client.force_login(manager)
    with WriteLockHeld():
        response = client.post(f"/plans/{plan.slug}/upload-progress/", {"file": SimpleUploadedFile("u.csv", csv)})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "The service is busy. Try again in a minute." in text_of(response.content.decode())
    pages.check_html(f"/plans/{plan.slug}/upload-progress/", response.content.decode())  # a whole GOV.UK page
    assert ProgressUpdate.objects.filter(plan=plan).count() == 0
    # Once the lock is gone the same upload goes through.
    again = client.post(f"/plans/{plan.slug}/upload-progress/", {"file": SimpleUploadedFile("u.csv", csv)})
    assert again.status_code == 302
    assert ProgressUpdate.objects.filter(plan=plan).count() == 1


def test_the_api_answers_busy_in_json(client):
    plan, manager, csv = _plan_and_manager()
    token = Token.objects.create(user=manager).key
    with WriteLockHeld():
        response = client.post(f"/api/v1/plans/{plan.slug}/progress-upload/", {"file": SimpleUploadedFile("u.csv", csv)},
                               HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json()["detail"].startswith("The service is busy. Try again in a minute.")
    assert ProgressUpdate.objects.filter(plan=plan).count() == 0


def test_checking_an_upload_needs_no_write_lock():
    """Every row is checked before any write, outside a transaction: checking a file, or finding
    its problems, works while someone else is writing."""
    from civicplan.exports.services import UploadRejected, progress_upload_apply

    plan, manager, csv = _plan_and_manager()
    with WriteLockHeld():
        result = progress_upload_apply(plan=plan, user=manager, filename="u.csv", content=csv, check_only=True)
        with pytest.raises(UploadRejected) as info:
            progress_upload_apply(plan=plan, user=manager, filename="u.csv", content=csv.replace(b",40,", b",400,"))
    assert not result.saved and len(result.updates) == 1
    assert "Row 2: percent ‘400’ must be between 0 and 100" in [str(p) for p in info.value.problems]
    assert ProgressUpdate.objects.filter(plan=plan).count() == 0
