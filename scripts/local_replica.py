"""A streaming read replica of the project-local PostgreSQL cluster (standard library only).

A second cluster beside the primary, made once with `pg_basebackup -R` and kept streaming on its own free
loopback port. A physical replication slot keeps the WAL the replica has not received yet, so a replica that
was stopped catches up when it starts again; the primary keeps at most `max_slot_wal_keep_size` of it, and a
replica that fell further behind (its slot lost) is made again from a new base backup.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from local_postgres import (
    DB_NAME,
    DB_USER,
    as_user,
    ensure_settings,
    pg_binaries,
    pg_home,
    pg_reload,
    pg_start,
    planner_settings,
    server_user,
)
from setup_steps import free_port, port_answers, run, say

SLOT = "cityvotes_replica"
SLOT_STATUS_SQL = "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'cityvotes_replica'"
SLOT_DROP_SQL = (
    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
    "WHERE slot_name = 'cityvotes_replica' AND NOT active"
)
# On the primary: how much unsent WAL the slot may hold before it is given up (reloaded, no restart).
PRIMARY_SETTINGS = "\n# cityvotes replica slot\nmax_slot_wal_keep_size = '4GB'\n"
REPLICA_SETTINGS = "shared_buffers = 256MB\nhot_standby_feedback = on\n"


def replica_home(user: str | None) -> Path:
    return pg_home(user).parent / "replica"


def _primary_sql(bindir: Path, port: int, sql: str) -> str:
    psql = [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", DB_USER, "-d", DB_NAME, "-tAc", sql]
    return run(psql, "asking the primary about its replica").stdout.strip()


def _slot_usable(bindir: Path, primary_port: int) -> bool:
    status = _primary_sql(bindir, primary_port, SLOT_STATUS_SQL)
    return status not in ("", "lost")


def _make_replica(bindir: Path, home: Path, user: str | None, primary_port: int) -> None:
    data = home / "data"
    shutil.rmtree(home, ignore_errors=True)
    (home / "run").mkdir(parents=True)
    if user:
        for folder in (home, home / "run"):
            shutil.chown(folder, user)
    _primary_sql(bindir, primary_port, SLOT_DROP_SQL)  # a slot left by a replica removed by hand
    say(f"pg_basebackup of the primary into {data} (a streaming replica)")
    backup = [str(bindir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", DB_USER,
              "-D", str(data), "-R", "-X", "stream", "-C", "-S", SLOT, "-c", "fast"]  # fmt: skip
    run(as_user(user, backup), "pg_basebackup of the primary")
    port = free_port()
    (home / "port").write_text(str(port))
    with open(data / "postgresql.conf", "a") as conf:  # later lines override the primary's own
        conf.write(
            f"\n# cityvotes replica\nport = {port}\nunix_socket_directories = '{home / 'run'}'\n{REPLICA_SETTINGS}"
        )


def ensure_local_replica(primary_url: str) -> str:
    """Start the replica of the local primary (made first when missing or lost); its URL."""
    bindir = pg_binaries()
    user = server_user()
    primary = pg_home(user)
    primary_port = int((primary / "port").read_text().strip())
    conf = primary / "data" / "postgresql.conf"
    if "cityvotes replica slot" not in conf.read_text():
        with open(conf, "a") as handle:
            handle.write(PRIMARY_SETTINGS)
        _primary_sql(bindir, primary_port, "SELECT pg_reload_conf()")
    home = replica_home(user)
    if not (home / "data" / "PG_VERSION").exists() or not _slot_usable(bindir, primary_port):
        stop_local_replica()
        _make_replica(bindir, home, user, primary_port)
    # A replica made before the primary had them (a new one copies the primary's settings).
    planner_added = ensure_settings(home / "data", planner_settings())
    port = int((home / "port").read_text().strip())
    if planner_added and port_answers("127.0.0.1", port):
        pg_reload(bindir, home, user)
    port = start_local_replica()
    return primary_url.rsplit("@", 1)[0] + f"@127.0.0.1:{port}/{DB_NAME}"


def start_local_replica() -> int:
    """Start the replica made before, unless it runs; its port."""
    bindir, user = pg_binaries(), server_user()
    home = replica_home(user)
    port = int((home / "port").read_text().strip())
    if not port_answers("127.0.0.1", port):
        say(f"starting the read replica on 127.0.0.1:{port}")
        pg_start(bindir, home, user, what="the read replica")
    return port


def stop_local_replica(mode: str = "fast") -> None:
    home = replica_home(server_user())
    if (home / "data" / "postmaster.pid").exists():
        bindir = pg_binaries()
        say("stopping the read replica")
        stop = [str(bindir / "pg_ctl"), "-D", str(home / "data"), "-m", mode, "-w", "stop"]
        subprocess.run(as_user(server_user(), stop), check=False, stdout=subprocess.DEVNULL, cwd="/")
