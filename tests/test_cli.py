"""The `civicplan` command as a user runs it, against a fresh SQLite file in a temporary folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "civicplan.cli"]


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CIVICPLAN_VAR_DIR"] = str(var)

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*CLI, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    first = run("setup", "--no-static")
    return run, var, first


def test_setup_loads_the_five_plans_and_a_second_run_adds_nothing(fresh_install):
    run, var, first = fresh_install
    assert first.stdout.count(": loaded") == 5
    assert "sample progress history:" in first.stdout and "updates added" in first.stdout
    second = run("setup", "--no-static")
    plans_again = [line for line in second.stdout.splitlines() if line.startswith("lc-")]
    assert len(plans_again) == 5 and all(line.endswith("already present") for line in plans_again)
    assert "sample progress history: already present" in second.stdout
    db = sqlite3.connect(var / "civicplan.sqlite3")
    assert db.execute("select count(*) from plans_plan").fetchone()[0] == 5


def test_the_database_file_is_in_wal_mode(fresh_install):
    _, var, _ = fresh_install
    db = sqlite3.connect(var / "civicplan.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_export_prints_plan_json(fresh_install):
    run, _, _ = fresh_install
    result = run("export", "lc-shared-ambitions-2022-23", "--format", "json")
    data = json.loads(result.stdout)
    assert data["meta"]["slug"] == "lc-shared-ambitions-2022-23"
    assert data["version"] == 1


def test_help_lists_the_commands():
    result = subprocess.run([*CLI, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("load", "export", "serve", "setup"):
        assert f"  {command}" in result.stdout


def test_bad_input_gets_one_clear_line_and_a_non_zero_exit(fresh_install, tmp_path):
    run, _, _ = fresh_install
    missing = run("load", str(tmp_path / "nope.yaml"), check=False)
    assert missing.returncode != 0 and "no such file" in missing.stderr
    unknown = run("frobnicate", check=False)
    assert unknown.returncode == 2 and "unknown command 'frobnicate'" in unknown.stderr
    nothing = run("export", "no-such-plan", check=False)
    assert nothing.returncode != 0 and "no plan with slug 'no-such-plan'" in nothing.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr + nothing.stderr
