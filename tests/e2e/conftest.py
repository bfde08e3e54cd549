"""End-to-end: the real app served by gunicorn, driven in Debian's Chromium with Playwright.

The server runs in its own process on its own database (a temporary SQLite file, or a
separate PostgreSQL database on the PostgreSQL leg), set up with `civicplan setup` exactly
as `make run` does, so these tests see what a new user sees.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
USERS = {"officer": "Officer", "manager": "Plan manager", "viewer": "Viewer", "kit": "Officer"}
PASSWORD = "e2e-password-for-tests"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return ""
    import psycopg

    # Named after the configured database, so two checkouts' test runs never share one.
    base, name = url.rsplit("/", 1)
    e2e_name = f"{name.split('?')[0]}_e2e"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{e2e_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{e2e_name}"')
    return f"{base}/{e2e_name}"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("e2e-var")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(CIVICPLAN_VAR_DIR=str(var), DATABASE_URL=_database_url(), DJANGO_SETTINGS_MODULE="config.settings.local")
    cli = [sys.executable, "-m", "civicplan.cli"]
    subprocess.run([*cli, "setup"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    make_users = (
        "from django.contrib.auth.models import User, Group\n"
        "from civicplan.organisations.models import Person, Organisation\n"
        "from civicplan.plans.models import Element\n"
        f"for name, group in {USERS!r}.items():\n"
        f"    u = User.objects.create_user(name, password={PASSWORD!r}, first_name=name.title())\n"
        "    u.groups.add(Group.objects.get(name=group))\n"
        "org = Organisation.objects.get(slug='london-councils')\n"
        "p, _ = Person.objects.get_or_create(organisation=org, name='Barbara Salmon')\n"
        "p.user = User.objects.get(username='officer'); p.save()\n"
        "Element.objects.filter(plan__slug='lc-shared-ambitions-2022-23', key='obj-2.5').update(owner_person=p)\n"
    )
    subprocess.run([*cli, "manage", "shell", "-c", make_users], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    port = int(os.environ.get("CIVICPLAN_E2E_PORT") or 0) or _free_port()  # a fixed port when told one
    process = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the app did not start")
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian's chromium is missing: `make install-test` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
