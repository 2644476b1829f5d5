"""GET /healthz: database, Redis and pending migrations; 503 when any is down."""

from __future__ import annotations

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> tuple[bool, str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as error:  # noqa: BLE001 - a health check reports any failure
        return False, type(error).__name__


def _redis() -> tuple[bool, str]:
    try:
        cache.set("healthz", "1", timeout=5)
        return cache.get("healthz") == "1", "ok"
    except Exception as error:  # noqa: BLE001
        return False, type(error).__name__


def _pending_migrations() -> tuple[bool, str]:
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return not pending, "ok" if not pending else f"{len(pending)} pending"
    except Exception as error:  # noqa: BLE001
        return False, type(error).__name__


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "redis": _redis(), "migrations": _pending_migrations()}
    healthy = all(ok for ok, _ in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": {k: v for k, (_, v) in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)
