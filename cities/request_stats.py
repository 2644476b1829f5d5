"""What one request spent: its id, its SQL (count and time) and its cache reads, for the slow-request log
line and for every log line's request id; and the cache versions it has read (`cities.cache`), read once
per request so that every part it caches or finds agrees on them.

The numbers live in a context variable, so each thread of a threaded web worker (and each Celery task)
counts its own. `sql_timed` is installed with `connection.execute_wrapper` for the duration of a request;
`MeteredRedisCache` is the page cache's backend and counts its reads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django_prometheus.cache.metrics import (  # type: ignore[import-untyped]
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from django_redis.cache import RedisCache  # type: ignore[import-untyped]
from prometheus_client import Histogram

QUERY_SECONDS = Histogram(
    "cityvotes_db_query_seconds", "Time of each SQL statement run for a web request.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)  # fmt: skip


@dataclass
class RequestStats:
    request_id: str = "-"
    sql_count: int = 0
    sql_ms: float = 0.0
    cache_hits: int = 0
    cache_misses: int = 0
    cache_versions: dict[str, int] = field(default_factory=dict)


current_stats: ContextVar[RequestStats | None] = ContextVar("request_stats", default=None)


def sql_timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        seconds = time.perf_counter() - started
        QUERY_SECONDS.observe(seconds)
        stats = current_stats.get()
        if stats is not None:
            stats.sql_count += 1
            stats.sql_ms += seconds * 1000


class MeteredRedisCache(RedisCache):
    """django-redis, its reads counted in django-prometheus's hit and miss counters and in the request's own.
    django-redis itself answers a read with the caller's default when Redis is away (counted as a miss)."""

    def get(self, key: Any, default: Any = None, version: Any = None, client: Any = None) -> Any:
        missing = object()
        value = super().get(key, default=missing, version=version, client=client)
        _count_reads(hits=int(value is not missing), misses=int(value is missing))
        return default if value is missing else value

    def get_many(self, keys: Any, version: Any = None, client: Any = None) -> dict[Any, Any]:
        found: dict[Any, Any] = super().get_many(keys, version=version, client=client)
        _count_reads(hits=len(found), misses=len(keys) - len(found))
        return found


def _count_reads(*, hits: int, misses: int) -> None:
    django_cache_get_total.labels(backend="redis").inc(hits + misses)
    if hits:
        django_cache_hits_total.labels(backend="redis").inc(hits)
    if misses:
        django_cache_misses_total.labels(backend="redis").inc(misses)
    stats = current_stats.get()
    if stats is not None:
        stats.cache_hits += hits
        stats.cache_misses += misses


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request (or task) it was written under, "-" outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        stats = current_stats.get()
        record.request_id = stats.request_id if stats is not None else "-"
        return True
