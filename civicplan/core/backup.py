"""Backup and restore of everything CivicPlan holds: the database, uploaded files and the search index.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot page by
page while the server keeps serving, and restore copies it back the same way.
PostgreSQL (or any other engine): Django's own serialisation (all apps, natural foreign keys,
in one repeatable-read transaction) so no pg_dump of a matching version is needed on the host.
A manifest.json lists the row count of every model and a SHA-256 of every file, checked
before anything is restored. Restore goes into an empty database only unless forced, then
rebuilds the search index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, router, transaction

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
DATA_FILE = "data.json"
MEDIA_DIR = "media"
FORMAT_VERSION = 1
# Rows every migrated database has (made by migrations and post_migrate), so not "data".
SEED_MODELS = {"contenttypes.contenttype", "auth.permission", "auth.group", "sessions.session"}
NOT_DUMPED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup or restore that cannot go ahead: the message says why and what to do."""


def _models():
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and router.allow_migrate_model("default", model)
    ]


def row_counts() -> dict[str, int]:
    """Rows per model (app_label.model), the figures a backup and its restore must agree on."""
    existing = set(connection.introspection.table_names())
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in _models()
        if model._meta.db_table in existing
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_root() -> Path | None:
    """Where uploaded files live: MEDIA_ROOT when set, else var/media."""
    root = getattr(settings, "MEDIA_ROOT", "") or ""
    return Path(root) if root else Path(settings.VAR_DIR) / "media"


def backup_create(*, target: Path) -> dict:
    """Write a backup into the folder TARGET (new or empty); returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new or empty folder")
    target.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            with connection.wrap_database_errors:
                connection.connection.backup(destination, pages=1024)
        finally:
            destination.close()
        snapshot = sqlite3.connect(target / SQLITE_FILE)
        try:
            counts = {
                model._meta.label_lower: snapshot.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}"'
                ).fetchone()[0]
                for model in _models()
                if snapshot.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [model._meta.db_table]
                ).fetchone()
            }
        finally:
            snapshot.close()
    else:
        with transaction.atomic():
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = row_counts()
            call_command(
                "dumpdata",
                exclude=NOT_DUMPED,
                natural_foreign=True,
                output=str(target / DATA_FILE),
                verbosity=0,
            )
    media = media_root()
    if media and media.is_dir():
        shutil.copytree(media, target / MEDIA_DIR)
    files = {
        str(path.relative_to(target)): _sha256(path)
        for path in sorted(target.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = {
        "format": FORMAT_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "engine": vendor,
        "counts": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def backup_read(*, source: Path) -> dict:
    """The manifest of the backup in SOURCE, after checking every file's checksum."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} holds no {MANIFEST}: it is not a CivicPlan backup") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST} cannot be read: {exc}") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source} is backup format {manifest.get('format')!r}; this version reads {FORMAT_VERSION}")
    for name, checksum in manifest.get("files", {}).items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from {source}: the backup is incomplete")
        if _sha256(path) != checksum:
            raise BackupError(f"{name} in {source} does not match its checksum: the backup is damaged")
    return manifest


def data_rows() -> dict[str, int]:
    """Models holding rows beyond what every freshly migrated database has."""
    return {label: n for label, n in row_counts().items() if n and label not in SEED_MODELS}


def backup_restore(*, source: Path, force: bool = False) -> dict:
    """Restore the backup in SOURCE into this database (empty unless FORCE), then its files and index."""
    from civicplan.search.services import search_index_rebuild

    source = Path(source)
    manifest = backup_read(source=source)
    vendor = connection.vendor
    if manifest["engine"] == "sqlite" and vendor != "sqlite":
        raise BackupError(
            f"{source} is a SQLite backup and this site uses {vendor}: restore it on a SQLite site"
        )
    if vendor != "sqlite" or manifest["engine"] != "sqlite":
        call_command("migrate", interactive=False, verbosity=0)
    present = data_rows()
    if present and not force:
        shown = ", ".join(f"{label} ({n})" for label, n in sorted(present.items())[:6])
        raise BackupError(
            f"the database is not empty ({shown}): restore only into an empty database, "
            "or give --force to replace everything in it with the backup"
        )
    if manifest["engine"] == "sqlite":
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("restore cannot run inside a transaction")
        snapshot = sqlite3.connect(source / SQLITE_FILE)
        try:
            with connection.wrap_database_errors:
                snapshot.backup(connection.connection, pages=1024)
        finally:
            snapshot.close()
    else:
        # TRUNCATE ... CASCADE: the search index table refers to elements and is rebuilt below.
        call_command("flush", interactive=False, verbosity=0, allow_cascade=True)
        call_command("loaddata", str(source / DATA_FILE), verbosity=0)
    media = media_root()
    if (source / MEDIA_DIR).is_dir() and media:
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(source / MEDIA_DIR, media)
    elements = search_index_rebuild()
    counts = row_counts()
    differ = {
        label: (n, counts.get(label))
        for label, n in manifest["counts"].items()
        if label not in SEED_MODELS and counts.get(label) != n
    }
    if differ:
        raise BackupError(f"restored, but row counts differ from the backup: {differ}")
    return {"manifest": manifest, "counts": counts, "elements_indexed": elements}
