"""Production refuses an obviously weak SECRET_KEY with a one-line error naming why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(tmp_path, secret: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secret,
           "CIVICPLAN_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "plans.example.org"}
    return subprocess.run([sys.executable, "-m", "civicplan.cli", "manage", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("secret, why", [
    ("django-insecure-3k!x8q0w7v2m4n6b1c9z5l3j8h6g4f2d0s9a7p5o3i1u", "contains the placeholder 'django-insecure'"),
    ("change-me", "contains the placeholder 'change-me'"),
    ("Sh0rt-but-random-Q9", "it is 19 characters long, fewer than 50"),
    ("ab" * 40, "it uses only 2 different characters"),
])
def test_production_refuses_a_weak_secret_key(tmp_path, secret, why):
    result = _check(tmp_path, secret)
    assert result.returncode != 0
    message = [line for line in result.stderr.splitlines() if "SECRET_KEY is too weak" in line]
    assert len(message) == 1 and why in message[0], result.stderr[-600:]
    assert secret not in message[0] or len(secret) < 10  # the key itself is not printed back


def test_production_accepts_a_strong_secret_key(tmp_path):
    result = _check(tmp_path, "kP3v9-Zr7QxW2mLt8sYb4NfH6uJd1aGe5cVo0iRq_TyUwEnXpK")
    assert result.returncode == 0, result.stderr[-600:]
