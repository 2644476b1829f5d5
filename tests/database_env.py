"""The environment that points a child process (a Celery worker) at this test's database."""

from django.db import connection


def child_database_env() -> dict[str, str]:
    """DATABASE_URL of the test database, on the host and port the tests use: PgBouncer's under POOL=1, so
    PGBOUNCER_URL (which .env names for the main database) is the same URL. No read replica (`.env` names
    the development database's): a child reads what the test just wrote, from the primary."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {"DATABASE_URL": url, "PGBOUNCER_URL": url, "DATABASE_REPLICA_URL": ""}
