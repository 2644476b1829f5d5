"""GET /healthz (liveness) and GET /readyz (readiness).

/healthz says the process answers and touches nothing, so a load balancer polling it every second costs
nothing and a database outage never gets healthy web processes restarted. /readyz checks what serving
needs (the database, the cache's Redis, the broker, no pending migrations) and is 503 when any is down. The
read replica, when there is one, is reported but never makes it 503: reads fall back to the primary.
The migration graph is built until it is found complete once, then no more in this process.
"""

from __future__ import annotations

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from cities.replica import replica_configured, replica_lag_seconds

_migrations_complete = {"seen": False}


def _database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - a health check reports any failure
        return type(error).__name__


def _cache() -> str:
    """The cache ignores Redis errors (a miss), so a value that does not come back is the failure."""
    cache.set("readyz", "1", timeout=5)
    return "ok" if cache.get("readyz") == "1" else "unreachable"


def _broker() -> str:
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
        client.ping()
        return "ok"
    except Exception as error:  # noqa: BLE001
        return type(error).__name__


def _migrations() -> str:
    if _migrations_complete["seen"]:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001
        return type(error).__name__
    _migrations_complete["seen"] = not pending
    return "ok" if not pending else f"{len(pending)} pending"


def _replica() -> str:
    lag = replica_lag_seconds()
    if lag is None:
        return "unreachable"
    return "ok" if lag <= settings.REPLICA_MAX_LAG_SECONDS else f"{lag:.1f} s behind"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "redis": _cache(), "broker": _broker(), "migrations": _migrations()}
    ready = all(value == "ok" for value in checks.values())
    if replica_configured():
        checks["replica"] = _replica()
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
