"""`civicplan backup` and `civicplan restore` as an operator runs them: a real site with the seed
plans and their progress history, backed up, restored into an empty database, compared export by
export and table by table. Runs on the engine the tests use (SQLite file, or PostgreSQL databases
made for the test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "civicplan.cli"]
PG = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgresql://{user}@{host}:{port}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
        dbname="postgres", autocommit=True,
    ) as conn:
        conn.execute(sql)


@pytest.fixture
def site(tmp_path):
    """Make sites: each with its own var/ folder and its own database (a file, or a PostgreSQL database)."""
    made = []

    def make(name: str):
        var = tmp_path / name
        var.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        env["CIVICPLAN_VAR_DIR"] = str(var)
        if PG:
            dbname = f"civicplan_backup_{name}_{uuid.uuid4().hex[:8]}"
            _pg_admin(f'CREATE DATABASE "{dbname}"')
            made.append(dbname)
            env["DATABASE_URL"] = _pg_url(dbname)

        def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
            result = subprocess.run([*CLI, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
            if check:
                assert result.returncode == 0, result.stdout + result.stderr
            return result

        return run, var

    yield make
    for dbname in made:
        _pg_admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


COUNTS = (
    "from civicplan.core.backup import row_counts; import json; print(json.dumps(row_counts()))"
)
SLUGS = "from civicplan.plans.models import Plan; print(' '.join(Plan.objects.order_by('slug').values_list('slug', flat=True)))"


def _state(run) -> tuple[dict, dict]:
    counts = json.loads(run("manage", "shell", "-c", COUNTS).stdout.strip().splitlines()[-1])
    slugs = run("manage", "shell", "-c", SLUGS).stdout.strip().splitlines()[-1].split()
    exports = {slug: run("export", slug, "--format", "json").stdout for slug in slugs}
    return counts, exports


def test_a_backup_restored_into_an_empty_database_gives_identical_exports_and_counts(site, tmp_path):
    run, var = site("source")
    run("setup", "--no-static")
    (var / "media" / "uploads").mkdir(parents=True)
    (var / "media" / "uploads" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes of the meeting")
    counts, exports = _state(run)
    assert len(exports) == 5 and counts["delivery.progressupdate"] > 0

    backup = tmp_path / "backup"
    made = run("backup", str(backup))
    assert "backed up" in made.stdout
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["counts"]["plans.plan"] == 5
    assert "media/uploads/minutes.pdf" in manifest["files"]

    restore, var2 = site("target")
    if PG:
        restore("manage", "migrate", "--verbosity", "0")
    done = restore("restore", str(backup))
    assert "search index rebuilt" in done.stdout
    counts2, exports2 = _state(restore)
    assert exports2 == exports
    ignored = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert {k: v for k, v in counts2.items() if k not in ignored} == {
        k: v for k, v in counts.items() if k not in ignored
    }
    assert (var2 / "media" / "uploads" / "minutes.pdf").read_bytes() == b"%PDF-1.4 minutes of the meeting"
    search = (
        "from django.contrib.auth.models import User; from civicplan.search.selectors import search_elements; "
        "print(search_elements(query='housing', user=User(is_superuser=True)).total)"
    )
    assert int(run("manage", "shell", "-c", search).stdout.strip().splitlines()[-1]) > 0
    assert restore("manage", "shell", "-c", search).stdout.strip().splitlines()[-1] == (
        run("manage", "shell", "-c", search).stdout.strip().splitlines()[-1]
    )

    # A second restore into the now full database is refused, and says how to go on.
    again = restore("restore", str(backup), check=False)
    assert again.returncode != 0
    assert "not empty" in again.stderr and "--force" in again.stderr
    forced = restore("restore", str(backup), "--force")
    assert "restored" in forced.stdout
    assert _state(restore)[1] == exports


def test_a_damaged_backup_is_refused_before_anything_is_restored(site, tmp_path):
    run, _ = site("small")
    run("manage", "migrate", "--verbosity", "0")
    backup = tmp_path / "backup"
    run("backup", str(backup))
    data = next(p for p in backup.iterdir() if p.name != "manifest.json" and p.is_file())
    data.write_bytes(data.read_bytes() + b"tampered")
    result = run("restore", str(backup), "--force", check=False)
    assert result.returncode != 0 and "does not match its checksum" in result.stderr
    assert run("backup", str(backup), check=False).stderr.count("not empty") == 1
