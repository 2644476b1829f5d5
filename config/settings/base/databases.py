"""PostgreSQL: the primary (directly or through PgBouncer), the read replica, statement timeouts."""

from .core import env

# cities.psqlextra_backend: psqlextra's backend (Django's PostgreSQL backend, psycopg 3, with partition DDL helpers),
# grouping by a city-keyed model's columns rather than its id alone (its key is (id, city_id)).
# PGBOUNCER: the connections go through PgBouncer in transaction mode (PGBOUNCER_URL, else DATABASE_URL
# already names it): a server connection is lent per transaction, so nothing may outlive one: no
# server-side cursors, no prepared statements, no session SET (every SET here is SET LOCAL or
# set_config(..., true)) and advisory locks only per transaction (pg_advisory_xact_lock).
PGBOUNCER = env.bool("PGBOUNCER", default=False)
DATABASES = {
    "default": env.db("PGBOUNCER_URL" if PGBOUNCER and env("PGBOUNCER_URL", default="") else "DATABASE_URL",
                      engine="cities.psqlextra_backend")
}  # fmt: skip
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = PGBOUNCER
# The server itself (host and port), for what must not go through a pooler: backups and restores.
DATABASE_SERVER = {key: env.db("DATABASE_URL")[key] for key in ("HOST", "PORT")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Prepared statements: Django's own cursors bind on the client and never prepare; the cursors that bind on
# the server (the Legistar sync's set-based statements) prepare a statement from its 5th run. Turn off
# behind a pooler in transaction mode that does not track them (PgBouncer before 1.21).
DATABASES["default"]["OPTIONS"] = {
    "connect_timeout": 5,
    "prepare_threshold": 5 if env.bool("DB_PREPARED_STATEMENTS", default=not PGBOUNCER) else None,
}
# The longest one SQL statement may run, per kind of process (PROCESS_ROLE, set by its entry point: the WSGI
# module says "web", the Procfile's worker and beat say "worker"; manage.py commands have none). A public
# request that would cost more is cancelled and answered 503 (cities.middleware.server_error); ingestion and
# maintenance get their own, longer bound. 0 means none. A pooler must pass the startup option through
# (PgBouncer: ignore_startup_parameters does not; set it on the role there instead).
WEB_STATEMENT_TIMEOUT_MS = env.int("WEB_STATEMENT_TIMEOUT_MS", default=3000)
WORKER_STATEMENT_TIMEOUT_MS = env.int("WORKER_STATEMENT_TIMEOUT_MS", default=1_800_000)
PROCESS_ROLE = env("PROCESS_ROLE", default="command")
_statement_timeout = {"web": WEB_STATEMENT_TIMEOUT_MS, "worker": WORKER_STATEMENT_TIMEOUT_MS}.get(PROCESS_ROLE, 0)
if _statement_timeout and not PGBOUNCER:  # behind PgBouncer: ALTER ROLE ... SET statement_timeout (deploy/)
    DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={_statement_timeout}"
# A streaming read replica (cities.replica): public pages, the API, search and feeds read it while it keeps up;
# writes, staff and a client that just wrote read the primary. Direct to the replica (no pooler between).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL", engine="cities.psqlextra_backend"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 2, "prepare_threshold": 5}
        | ({"options": f"-c statement_timeout={_statement_timeout}"} if _statement_timeout else {}),
        "TEST": {"MIRROR": "default"},  # the test database, as the replica streams it from the primary
    }
    DATABASE_ROUTERS = ["cities.replica.PrimaryReplicaRouter"]
REPLICA_READS = env.bool("REPLICA_READS", default=True)
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=1.0)
# How long a client that wrote, and a city that changed, read the primary.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
