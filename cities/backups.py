"""Backups that restore: the whole database (every partition and materialized view) as one pg_dump custom
archive, a manifest of what it held, a restore into a database of its own, and a check that the copy holds
what the original did.

The manifest fingerprints every table: its row count and an order-free checksum (the sum of each row's md5,
cut to 60 bits), read in the very snapshot pg_dump dumps (pg_export_snapshot), so writes while the backup
runs cannot make them disagree. Partitioned tables are fingerprinted through their parent, so a partition
lost in a restore shows. Materialized views are not compared: a restore refreshes them from the restored
tables, which is what they should hold, while the original may be an hour behind. pg_dump and pg_restore are the
PostgreSQL server's own (its bin directory first, then PATH), so the archive format matches the server.
"""

from __future__ import annotations

import glob
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from psycopg import sql
from psycopg.conninfo import make_conninfo

TABLES_SQL = """
SELECT c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname
"""
FINGERPRINT_SQL = (
    "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint::numeric), 0)::text"
    " FROM {} AS t"
)


class BackupError(Exception):
    """pg_dump or pg_restore failed, or the copy does not hold what the original did."""


@dataclass
class BackupResult:
    archive: Path
    manifest: Path
    seconds: float
    bytes: int


def pg_tool(name: str) -> str:
    """`pg_dump` or `pg_restore` of the newest server installed (Debian's /usr/lib/postgresql/N/bin), else PATH."""
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    found = installed[-1] if installed else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools of the server's version")
    return found


def _fingerprint(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    tables = [row[0] for row in conn.execute(TABLES_SQL)]
    return {
        table: list(conn.execute(sql.SQL(FINGERPRINT_SQL).format(sql.Identifier(table))).fetchone() or [0, "0"])
        for table in tables
    }


def database_fingerprint(url: str) -> dict[str, list[Any]]:
    """{table: [rows, checksum]} for every table of the database at `url`."""
    with psycopg.connect(url) as conn:
        return _fingerprint(conn)


def tool_run(command: list[str], what: str) -> str:
    """Run a PostgreSQL client tool; its output, or BackupError with the end of what it said."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own tools
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def database_backup(*, url: str, archive: Path) -> BackupResult:
    """Dump the database at `url` into `archive` (custom format, compressed), with `archive`.manifest.json
    fingerprinting the same snapshot."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with psycopg.connect(url) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            fingerprint = _fingerprint(conn)
            dump = [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file",
                    str(archive), "--dbname", url]  # fmt: skip
            tool_run(dump, "pg_dump")  # while the snapshot's transaction is open
    seconds = time.monotonic() - started
    manifest = archive.with_name(archive.name + ".manifest.json")
    manifest.write_text(json.dumps({"tables": fingerprint, "dump_seconds": round(seconds, 1)}, indent=1))
    return BackupResult(archive, manifest, seconds, archive.stat().st_size)


def database_restore(*, archive: Path, url: str, jobs: int = 2) -> float:
    """Restore `archive` into the empty database at `url` (`jobs` parallel workers); the seconds it took."""
    started = time.monotonic()
    command = [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--jobs={jobs}", "--dbname", url, str(archive)]
    tool_run(command, "pg_restore")
    return time.monotonic() - started


def restore_differences(*, manifest: Path, url: str) -> dict[str, Any]:
    """Tables whose rows or checksum differ between the manifest and the database at `url` (empty: equal)."""
    expected = json.loads(manifest.read_text())["tables"]
    found = database_fingerprint(url)
    names = set(expected) | set(found)
    return {name: {"backup": expected.get(name), "restored": found.get(name)}
            for name in sorted(names) if expected.get(name) != found.get(name)}  # fmt: skip


def database_url(settings_dict: dict[str, Any], *, name: str | None = None) -> str:
    """A libpq connection string for a Django database's settings (another database `name` on its server).
    Always the server itself, never a pooler in front of it: pg_dump and pg_restore set session state
    (search_path) that transaction pooling would lose between statements."""
    server = settings.DATABASE_SERVER
    return make_conninfo(
        host=server.get("HOST") or settings_dict.get("HOST") or None,
        port=str(server.get("PORT") or settings_dict.get("PORT") or "") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        dbname=name or settings_dict["NAME"],
    )


def database_create(*, settings_dict: dict[str, Any], name: str) -> str:
    """A new empty database `name` on the server of `settings_dict`; its connection string."""
    with psycopg.connect(database_url(settings_dict, name="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(settings_dict, name=name)


def database_drop(*, settings_dict: dict[str, Any], name: str) -> None:
    with psycopg.connect(database_url(settings_dict, name="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
