"""A project-local PostgreSQL cluster for a checkout (standard library only; see scripts/devservices.py).

PostgreSQL refuses to run as root: as root, the cluster belongs to an unprivileged user. When that user
cannot reach the checkout (a clone inside /root, mode 0700), the cluster lives in
/var/lib/cityvotes/<checkout>-<hash>/pg instead, and `var/pg-location` says where.
"""

from __future__ import annotations

import glob
import grp
import hashlib
import os
import pwd
import shutil
import stat
import subprocess
from pathlib import Path

from setup_steps import ROOT, VAR, SetupError, apt_install, die, free_port, port_answers, run, say

PG_DIR = VAR / "pg"
LOCATION_FILE = VAR / "pg-location"
EXTERNAL_ROOT = Path("/var/lib/cityvotes")
DB_NAME = "cityvotes"
DB_USER = "cityvotes"
POSTGRES_PACKAGES = ["postgresql"]
POSTGIS_PACKAGE = "postgresql-{major}-postgis-3"


def pg_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if candidates:
        return Path(candidates[-1])
    for extra in ("/opt/homebrew/bin", "/usr/local/bin"):
        if (Path(extra) / "pg_ctl").exists():
            return Path(extra)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def pg_major(bindir: Path) -> str:
    out = run([str(bindir / "pg_ctl"), "--version"], "pg_ctl --version").stdout
    return out.split()[-1].split(".")[0]


def server_user() -> str | None:
    """PostgreSQL refuses to run as root: pick an unprivileged owner for the cluster."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "cityvotes"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "cityvotes"], check=True)
    return "cityvotes"


def as_user(user: str | None, cmd: list[str]) -> list[str]:
    if user is None:
        return cmd
    runner = shutil.which("runuser") or shutil.which("su")
    if runner and runner.endswith("runuser"):
        return [runner, "-u", user, "--", *cmd]
    return ["su", user, "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]


def can_traverse(user: str, folder: Path) -> bool:
    """Whether `user` may reach `folder`: execute permission on every folder above it (and on it)."""
    account = pwd.getpwnam(user)
    groups = {g.gr_gid for g in grp.getgrall() if user in g.gr_mem} | {account.pw_gid}
    for part in [folder, *folder.parents]:
        if not part.exists():
            continue
        info = part.stat()
        if info.st_uid == account.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return False
    return True


def pg_home(user: str | None) -> Path:
    """Where the cluster lives: var/pg, unless the server user cannot reach it (then outside, said once)."""
    if LOCATION_FILE.exists():
        return Path(LOCATION_FILE.read_text().strip())
    if user is None or can_traverse(user, VAR):
        return PG_DIR
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    home = EXTERNAL_ROOT / f"{ROOT.name}-{digest}" / "pg"
    say(f"the PostgreSQL user '{user}' cannot reach {VAR} (a folder above it is closed to others):")
    say(f"the cluster lives in {home} instead (recorded in {LOCATION_FILE}; `make clean` removes it)")
    home.mkdir(parents=True, exist_ok=True)
    shutil.chown(home.parent, user)
    VAR.mkdir(parents=True, exist_ok=True)
    LOCATION_FILE.write_text(str(home))
    return home


def ensure_postgis(bindir: Path) -> None:
    major = pg_major(bindir)
    control = Path(f"/usr/share/postgresql/{major}/extension/postgis.control")
    if control.exists() or not Path("/etc/debian_version").exists():
        return
    package = POSTGIS_PACKAGE.format(major=major)
    if not apt_install([package]):
        say(f"PostGIS is missing: install {package} (311 locations need it).")


def pg_binaries() -> Path:
    bindir = pg_bindir()
    if bindir is None:
        if not apt_install(POSTGRES_PACKAGES):
            die(
                "PostgreSQL server binaries (initdb, pg_ctl) not found. Install PostgreSQL 15+ "
                "(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15) "
                "or set DATABASE_URL."
            )
        bindir = pg_bindir()
        if bindir is None:
            die("PostgreSQL was installed but pg_ctl is still not found.")
    return bindir


CLUSTER_SETTINGS = (
    "work_mem = 32MB\nmaintenance_work_mem = 512MB\n"
    "max_wal_size = 4GB\nsynchronous_commit = off\nmax_connections = 200\n"
    "max_parallel_workers_per_gather = 2\n"
)
# What the queries cost, seen from the server: pg_stat_statements for totals per statement (the
# `top_queries` command and the admin's page read it), auto_explain for the plan of any statement slower than
# half a second, in the server's log. Both need loading at start, so an older cluster is restarted once.
# Room for 20,000 statements: each test database counts its own, and a full table evicts new entries first.
MONITORING_SETTINGS = (
    "\n# cityvotes monitoring v2\nshared_preload_libraries = 'pg_stat_statements,auto_explain'\n"
    "pg_stat_statements.max = 20000\npg_stat_statements.track = top\n"
    "auto_explain.log_min_duration = '500ms'\nauto_explain.log_nested_statements = on\n"
)


def planner_settings() -> str:
    """The planner's costs as the production recipe sets them (deploy/postgresql.conf): SSD storage, where a
    random read costs little more than a sequential one, and most of memory caching the database. What is
    measured here is then planned as it would be there."""
    return f"\n# cityvotes planner v1\nrandom_page_cost = 1.1\neffective_cache_size = {memory_mb() * 3 // 4}MB\n"


def ensure_settings(data: Path, block: str) -> bool:
    """Append `block` to a cluster's postgresql.conf unless it is there (its first line, a comment, names it
    and its version; later lines override an earlier version's); True when it was added."""
    conf = data / "postgresql.conf"
    if block.strip().splitlines()[0] in conf.read_text():
        return False
    with open(conf, "a") as handle:
        handle.write(block)
    return True


def memory_mb() -> int:
    """The machine's memory (2 GB where /proc/meminfo cannot say)."""
    try:
        with open("/proc/meminfo") as meminfo:
            return next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:")) // 1024
    except (OSError, StopIteration, ValueError):
        return 2048


def shared_buffers_mb() -> int:
    """A quarter of the machine's memory, between 128 MB and 4 GB: the usual starting point. The pages then
    stay in PostgreSQL's own memory, which the kernel cannot reclaim from under it as it does the page cache
    (a machine with proactive reclaim made every cold page a disk read and page times drift)."""
    return max(128, min(4096, memory_mb() // 4))


def pg_initdb(bindir: Path, home: Path, user: str | None) -> None:
    data, run_dir = home / "data", home / "run"
    say(f"initdb {data}")
    data.mkdir(parents=True, exist_ok=True)
    run_dir.mkdir(exist_ok=True)
    if user:
        for folder in (home, data, run_dir):
            shutil.chown(folder, user)
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", DB_USER, "--auth=trust", "--encoding=UTF8"]
    run(as_user(user, [*initdb, "--locale=C.UTF-8"]), f"initdb of {data}")
    port = free_port()
    (home / "port").write_text(str(port))
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(
            f"\n# cityvotes local cluster\nlisten_addresses = '127.0.0.1'\nport = {port}\n"
            f"unix_socket_directories = '{run_dir}'\nshared_buffers = {shared_buffers_mb()}MB\n{CLUSTER_SETTINGS}"
        )


def pg_reload(bindir: Path, home: Path, user: str | None) -> None:
    """Have a running cluster read its postgresql.conf again (for settings that need no restart)."""
    run(as_user(user, [str(bindir / "pg_ctl"), "-D", str(home / "data"), "reload"]), "reloading PostgreSQL's settings")


def ensure_database(bindir: Path, port: int) -> None:
    """Create the project's database unless it is there (connecting to it tells)."""
    where = ["-h", "127.0.0.1", "-p", str(port), "-U", DB_USER]
    probe = [str(bindir / "psql"), *where, "-d", DB_NAME, "-tAc", "SELECT 1"]
    if subprocess.run(probe, capture_output=True, check=False).returncode != 0:
        run([str(bindir / "createdb"), *where, DB_NAME], f"creating the database {DB_NAME}")


def pg_start(bindir: Path, home: Path, user: str | None, *, what: str, seconds: int = 120) -> None:
    """Start the cluster in `home` (its log beside it), waiting until it takes connections."""
    log = home / "postgres.log"
    if user and not log.exists():
        log.touch()
        shutil.chown(log, user)
    start = [str(bindir / "pg_ctl"), "-D", str(home / "data"), "-l", str(log), "-w", "-t", str(seconds), "start"]
    try:
        run(as_user(user, start), f"starting {what}")
    except SetupError as error:
        raise SetupError(f"{error} (see {log})") from error


def ensure_local_postgres() -> str:
    bindir = pg_binaries()
    ensure_postgis(bindir)
    user = server_user()
    home = pg_home(user)
    if not (home / "data" / "PG_VERSION").exists():
        pg_initdb(bindir, home, user)
    port = int((home / "port").read_text().strip())
    monitoring_added = ensure_settings(home / "data", MONITORING_SETTINGS)
    planner_added = ensure_settings(home / "data", planner_settings())
    if monitoring_added and port_answers("127.0.0.1", port):
        say("restarting PostgreSQL to load pg_stat_statements and auto_explain")
        restart = [str(bindir / "pg_ctl"), "-D", str(home / "data"), "-w", "-t", "60", "-m", "fast", "restart"]
        run(as_user(user, [*restart, "-l", str(home / "postgres.log")]), "restarting PostgreSQL")
    elif planner_added and port_answers("127.0.0.1", port):
        pg_reload(bindir, home, user)
    if not port_answers("127.0.0.1", port):
        say(f"starting PostgreSQL on 127.0.0.1:{port}")
        pg_start(bindir, home, user, what="PostgreSQL")
    ensure_database(bindir, port)
    return f"postgres://{DB_USER}@127.0.0.1:{port}/{DB_NAME}"


def stop_local_postgres() -> None:
    home = pg_home(server_user()) if PG_DIR.exists() or LOCATION_FILE.exists() else PG_DIR
    bindir = pg_bindir()
    if bindir and (home / "data" / "postmaster.pid").exists():
        say("stopping local PostgreSQL")
        stop = [str(bindir / "pg_ctl"), "-D", str(home / "data"), "-m", "fast", "stop"]
        subprocess.run(as_user(server_user(), stop), check=False, stdout=subprocess.DEVNULL, cwd="/")


def remove_external_cluster() -> None:
    """The cluster kept outside the checkout (see pg_home) goes with `make clean`."""
    if LOCATION_FILE.exists():
        home = Path(LOCATION_FILE.read_text().strip())
        if home.is_relative_to(EXTERNAL_ROOT):
            say(f"removing {home.parent}")
            shutil.rmtree(home.parent, ignore_errors=True)
