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


def _plan_count(var: Path) -> int:
    return sqlite3.connect(var / "civicplan.sqlite3").execute("select count(*) from plans_plan").fetchone()[0]


HOSTILE_PLAN_FILES = {
    "deep-arrays.json": "[" * 100_000 + "]" * 100_000,
    "deep-objects.json": '{"meta": ' * 100_000 + "{}" + "}" * 100_000,
    "deep.yaml": "meta: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-block.yaml": "meta:\n" + "".join("  " * depth + "a:\n" for depth in range(1, 1500)),
    "laughs.yaml": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")
    ),
    "loop.yaml": "format: civicplan-plan\nmeta: &m {title: Loop, parts: [*m]}\n",
}


@pytest.mark.parametrize("name", HOSTILE_PLAN_FILES)
def test_a_hostile_plan_file_gets_one_line_and_saves_nothing(fresh_install, tmp_path, name):
    run, var, _ = fresh_install
    plans = _plan_count(var)
    path = tmp_path / name
    path.write_text(HOSTILE_PLAN_FILES[name], encoding="utf-8")
    result = run("load", str(path), check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr[-2000:]
    assert str(path) in result.stderr
    expected = {"laughs.yaml": "aliases (*name) expand to", "loop.yaml": "refers to the part it is in"}
    assert expected.get(name, "nested too deeply to be a plan file") in result.stderr
    assert _plan_count(var) == plans


BAD_ENVIRONMENT = [
    ({"PORT": "abc"}, "PORT must be a whole number from 1 to 65535, not 'abc'"),
    ({"PORT": "70000"}, "PORT must be a whole number from 1 to 65535"),
    ({"WEB_CONCURRENCY": "lots"}, "WEB_CONCURRENCY must be a whole number"),
    ({"DATABASE_URL": "nonsense"}, "DATABASE_URL is not a database URL"),
    ({"DATABASE_URL": "mysql://planner:s3cret@db.example.org/plans"}, "DATABASE_URL starts with mysql://"),
    ({"DATABASE_URL": "postgresql://planner:s3cret@db.example.org:five/plans"}, "DATABASE_URL cannot be read"),
    ({"DATABASE_URL": "postgresql://planner@db.example.org", "CONN_MAX_AGE": "forever"},
     "CONN_MAX_AGE must be a whole number of seconds"),
    ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number from 1 to 65535, not 'smtp'"),
]


@pytest.mark.parametrize("command, variables, named", [
    (command, variables, named)
    for command in (["serve"], ["load", "plan.yaml"], ["manage", "check"])
    for variables, named in BAD_ENVIRONMENT
    if command == ["serve"] or "DATABASE_URL" in variables  # only serve reads PORT and WEB_CONCURRENCY
])
def test_a_bad_environment_variable_is_named_in_one_line_before_anything_starts(tmp_path, command, variables, named):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT"}}
    env.update(CIVICPLAN_VAR_DIR=str(tmp_path), **variables)
    # A short timeout: a server that started anyway would fail the test, not hang it.
    result = subprocess.run([*CLI, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"civicplan {command[0]}: {named}")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr, "the password in DATABASE_URL is never printed"


def test_whole_number_settings_are_checked_with_the_variable_named():
    from civicplan.cli import ConfigError, whole_number

    assert whole_number("PORT", None, default=8000, low=1, high=65535) == 8000
    assert whole_number("PORT", " 8080 ", default=8000, low=1, high=65535) == 8080
    for bad in ("abc", "0", "65536", "80.5", "-1"):
        with pytest.raises(ConfigError, match=f"^PORT must be a whole number from 1 to 65535, not '{bad}'$"):
            whole_number("PORT", bad, default=8000, low=1, high=65535)


def test_serve_refuses_a_port_option_out_of_range():
    result = subprocess.run([*CLI, "serve", "--port", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "argument --port: must be a whole number from 1 to 65535, not '0'" in result.stderr
