"""The default: a single machine serving http://127.0.0.1:8000 from the SQLite file in var/."""

from .base import *  # noqa: F401,F403
