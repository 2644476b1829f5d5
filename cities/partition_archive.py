"""Partitions detached past retention are archived before they may be dropped, and the archive is proven
to restore.

Maintenance only ever detaches (cities.partitions). Each detached partition is dumped on its own
(pg_dump custom format) into `PARTITION_ARCHIVE_DIR`, with a manifest of its rows and checksum; the archive is
then restored into a scratch database and fingerprinted again. Only a partition whose archive restored with
the same rows and checksum may be dropped, and only when asked (`archive_partitions --drop`). The archive
holds the table whole, foreign keys and column defaults included, for a restore into the portal's own
database; the check leaves those out, since the scratch database has no tables they refer to.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql

from cities.backups import (
    FINGERPRINT_SQL,
    BackupError,
    database_create,
    database_drop,
    database_url,
    pg_tool,
    tool_run,
)
from cities.partitions import MONTHLY_NAME

logger = logging.getLogger(__name__)

# What the check restores: everything but what needs the portal's other tables.
SKIPPED_IN_CHECK = (" FK CONSTRAINT ", " DEFAULT ")


@dataclass(frozen=True)
class ArchivedPartition:
    name: str
    archive: Path
    rows: int
    checksum: str


def detached_partitions() -> list[str]:
    """Tables named like a monthly partition of a registered table that are not attached to it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND NOT relispartition "
            "AND relnamespace = 'public'::regnamespace ORDER BY relname"
        )
        names = [row[0] for row in cursor.fetchall()]
    return [name for name in names if _monthly_parent(name) in settings.MONTHLY_PARTITIONED_TABLES]


def _monthly_parent(name: str) -> str | None:
    match = MONTHLY_NAME.search(name)
    return name[: match.start()] if match else None


def _fingerprint(url: str, name: str) -> tuple[int, str]:
    with psycopg.connect(url) as conn:
        row = conn.execute(sql.SQL(FINGERPRINT_SQL).format(sql.Identifier(name))).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "0")


def _restore_checked(archive: Path, name: str) -> tuple[int, str]:
    """Restore `archive` into a scratch database and fingerprint the table there."""
    listing = tool_run([pg_tool("pg_restore"), "--list", str(archive)], "pg_restore --list")
    kept = [line for line in listing.splitlines() if not any(kind in line for kind in SKIPPED_IN_CHECK)]
    toc = archive.with_name(archive.name + ".check-list")
    toc.write_text("\n".join(kept) + "\n")
    scratch = f"archive_check_{uuid.uuid4().hex[:12]}"
    url = database_create(settings_dict=connection.settings_dict, name=scratch)
    try:
        tool_run([pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--use-list", str(toc), "--dbname", url,
              str(archive)], "pg_restore of the archive")  # fmt: skip
        return _fingerprint(url, name)
    finally:
        toc.unlink(missing_ok=True)
        database_drop(settings_dict=connection.settings_dict, name=scratch)


def partition_archive(name: str, *, folder: Path | None = None) -> ArchivedPartition:
    """Dump the detached partition `name`, restore the dump into a scratch database, and keep it only when
    the copy holds the same rows (BackupError otherwise, and no archive is left to be trusted)."""
    if name not in detached_partitions():
        raise BackupError(f"{name} is not a detached partition")
    folder = folder or Path(settings.PARTITION_ARCHIVE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"{name}.dump"
    url = database_url(connection.settings_dict)
    rows, checksum = _fingerprint(url, name)
    dump = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--table", f'public."{name}"', "--file",
            str(archive), "--dbname", url]  # fmt: skip
    tool_run(dump, f"pg_dump of {name}")
    restored = _restore_checked(archive, name)
    if restored != (rows, checksum):
        archive.unlink(missing_ok=True)
        raise BackupError(f"the archive of {name} restored {restored[0]} rows, not {rows}: not kept")
    manifest = {"table": name, "rows": rows, "checksum": checksum, "restored": True}
    archive.with_name(archive.name + ".manifest.json").write_text(json.dumps(manifest, indent=1))
    logger.info("archived partition %s (%s rows) to %s", name, rows, archive)
    return ArchivedPartition(name, archive, rows, checksum)


def partition_drop_archived(name: str, *, folder: Path | None = None) -> None:
    """Drop a detached partition whose archive restored with its rows and checksum, and nothing else."""
    folder = folder or Path(settings.PARTITION_ARCHIVE_DIR)
    manifest_path = folder / f"{name}.dump.manifest.json"
    if not manifest_path.exists() or not (folder / f"{name}.dump").exists():
        raise BackupError(f"{name} has no archive in {folder}: archive it first")
    manifest = json.loads(manifest_path.read_text())
    if not manifest.get("restored") or (manifest["rows"], manifest["checksum"]) != _fingerprint(
        database_url(connection.settings_dict), name
    ):
        raise BackupError(f"{name} changed since it was archived: archive it again")
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(name)).as_string(connection.connection))
    logger.info("dropped partition %s (archived in %s)", name, folder)
