"""A project-local PgBouncer in transaction mode in front of the project's PostgreSQL (`POOL=1`).

Debian's pgbouncer, run as the cluster's server user (it refuses root) from files beside the cluster, on a
free loopback port. Every database name is passed through to the same server, so the test databases work
through it too. Clients authenticate as the server does locally (trust, loopback only).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

from local_postgres import DB_NAME, DB_USER, as_user, pg_binaries, pg_home, server_user
from setup_steps import SetupError, apt_install, free_port, port_answers, run, say

PGBOUNCER = Path("/usr/sbin/pgbouncer")


def pgbouncer_home(user: str | None) -> Path:
    return pg_home(user).parent / "pgbouncer"


def _config(home: Path, port: int, pg_port: int) -> str:
    return f"""[databases]
* = host=127.0.0.1 port={pg_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {home / "userlist.txt"}
admin_users = {DB_USER}
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
reserve_pool_size = 5
server_idle_timeout = 30
ignore_startup_parameters = extra_float_digits
logfile = {home / "pgbouncer.log"}
pidfile = {home / "pgbouncer.pid"}
"""


def ensure_local_pgbouncer(database_url: str) -> str:
    """Start PgBouncer in front of `database_url`'s server unless it runs; its URL for the same database."""
    if not PGBOUNCER.exists() and not apt_install(["pgbouncer"]):
        raise SetupError("PgBouncer is missing: apt-get install pgbouncer")
    user = server_user()
    home = pgbouncer_home(user)
    home.mkdir(parents=True, exist_ok=True)
    port_file = home / "port"
    if not port_file.exists():
        port_file.write_text(str(free_port()))
    port = int(port_file.read_text())
    target = urlsplit(database_url)
    user_name = target.username or DB_USER
    if port_answers("127.0.0.1", port):
        # Close its idle server connections: a test database dropped and made again (--create-db) would
        # refuse to drop while the pool still holds connections to it.
        console = [str(pg_binaries() / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", user_name, "-d", "pgbouncer"]
        run([*console, "-c", "RECONNECT"], "asking PgBouncer to reconnect")
        time.sleep(0.5)
    else:
        (home / "pgbouncer.ini").write_text(_config(home, port, target.port or 5432))
        (home / "userlist.txt").write_text(f'"{user_name}" ""\n')
        if user:
            for path in (home, *home.iterdir()):
                shutil.chown(path, user)
        say(f"starting PgBouncer (transaction pooling) on 127.0.0.1:{port}")
        run(as_user(user, [str(PGBOUNCER), "-d", str(home / "pgbouncer.ini")]), "starting PgBouncer")
        for _ in range(50):
            if port_answers("127.0.0.1", port):
                break
            time.sleep(0.1)
        else:
            raise SetupError(f"PgBouncer did not start; see {home / 'pgbouncer.log'}")
    return f"postgres://{user_name}@127.0.0.1:{port}/{target.path.lstrip('/') or DB_NAME}"


def stop_local_pgbouncer() -> None:
    pid_file = pgbouncer_home(server_user()).joinpath("pgbouncer.pid")
    if pid_file.exists():
        say("stopping local PgBouncer")
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().strip()), 15)
        with contextlib.suppress(FileNotFoundError):
            pid_file.unlink()
