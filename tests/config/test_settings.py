"""Settings: every environment variable is documented; production passes Django's deploy checks;
a bad DATABASE_URL is refused with the problem named; `make help` shows real values."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import database_url_parse

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_read_is_documented_in_env_example():
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = set()
    for path in list((ROOT / "config").rglob("*.py")) + [ROOT / "civicplan" / "cli.py"]:
        read |= set(re.findall(r'environ(?:\.get)?\(\s*"([A-Z_]+)"', path.read_text()))
        read |= set(re.findall(r'env_(?:bool|int)\(\s*"([A-Z_]+)"', path.read_text()))
    assert read, "found no settings read from the environment"
    assert read - documented == set()


def _production_environment(tmp_path, **variables) -> dict:
    """The environment a production server would have, with a real secret, plus `variables`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-check-" + "y" * 20,
        "CIVICPLAN_VAR_DIR": str(tmp_path),
        **variables,
    }


def test_production_settings_pass_the_deploy_checks(tmp_path):
    env = _production_environment(tmp_path, ALLOWED_HOSTS="plans.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", CIVICPLAN_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_whole_number_in_production_is_named_in_one_line(tmp_path):
    env = _production_environment(tmp_path, SECURE_HSTS_SECONDS="a year")
    result = subprocess.run(
        [sys.executable, "-m", "civicplan.cli", "manage", "check"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "civicplan manage: SECURE_HSTS_SECONDS must be a whole number from 0 to 2147483647, not 'a year'."
    )


def test_database_url_is_read_or_refused_with_the_problem_named_and_the_password_kept_back():
    config = database_url_parse("postgresql://planner:s3cret@db.example.org:5433/plans?sslmode=require")
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql", "db.example.org", 5433, "plans")
    assert config["CONN_MAX_AGE"] == 60 and config["OPTIONS"] == {"sslmode": "require"}
    assert database_url_parse("sqlite:////srv/civicplan/plans.sqlite3")["NAME"] == "/srv/civicplan/plans.sqlite3"
    refused = {
        "nonsense": "DATABASE_URL is not a database URL: write it as postgresql://USER:PASSWORD@HOST:5432/NAME",
        "db.example.org/plans": "DATABASE_URL is not a database URL",
        "mysql://planner:s3cret@db.example.org/plans": "DATABASE_URL starts with mysql://, a database CivicPlan does not run on",
        "oracle://planner:s3cret@db.example.org/plans": "DATABASE_URL starts with oracle://",
        "nosuchdb://planner:s3cret@db.example.org/plans": "DATABASE_URL starts with nosuchdb://",
        "postgresql://planner:s3cret@db.example.org:five/plans": "DATABASE_URL cannot be read: check that the port is a number",
        "postgresql://planner:s3cret@db.example.org:99999/plans": "DATABASE_URL cannot be read",
        "postgresql://planner:s3cret@db.example.org": "DATABASE_URL names no database",
    }
    for url, message in refused.items():
        with pytest.raises(ImproperlyConfigured) as problem:
            database_url_parse(url)
        assert str(problem.value).startswith(message), url
        assert "s3cret" not in str(problem.value)
    with pytest.raises(ImproperlyConfigured, match="^CONN_MAX_AGE must be a whole number of seconds, not 'soon'"):
        database_url_parse("postgresql://db.example.org/plans", conn_max_age="soon")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_shows_the_real_port_and_database_not_make_variables():
    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "PG_TEST_URL", "MAKEFLAGS", "MAKELEVEL"}}
    default = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=60)
    assert default.returncode == 0, default.stderr
    assert "$(" not in default.stdout
    assert re.search(r"^  make run +Set everything up and serve on http://127\.0\.0\.1:8000$", default.stdout, re.M)
    assert "(postgresql://postgres@127.0.0.1:5432/civicplan)" in default.stdout
    chosen = subprocess.run(["make", "--no-print-directory", "help", "PORT=9000"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert re.search(r"serve on http://127\.0\.0\.1:9000$", chosen.stdout, re.M)
