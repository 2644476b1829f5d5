"""Reads of public pages from the streaming replica (`DATABASE_REPLICA_URL`); every write, and every read of
staff, of a client that just wrote, of a task or a command, from the primary.

A request's reads go to the replica only when `ReplicaReadsMiddleware` says so: a GET or HEAD outside the
admin, from a client with no session and no recent write of its own (`PIN_COOKIE`, set on any other method's
answer), while the replica answers and is behind by at most REPLICA_MAX_LAG_SECONDS. Each process checks
that at most every REPLICA_CHECK_SECONDS. A page built within REPLICA_PIN_SECONDS of its city's change
reads the primary (`primary_reads`), so the page cache never keeps a copy from before the change. A request
whose replica fails under it is answered again from the primary, and the replica is set aside until the next
check. Each fallback is counted in `cityvotes_replica_fallback_total` by reason.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "cv_primary"
SAFE_METHODS = ("GET", "HEAD")
# On the replica: whether it is one (not promoted), and 0 when it has replayed all it received, else how
# old its last replayed commit is. A replica that has just started streaming reports as received the start
# of the segment it streams from, which can be short of what it replayed from its own WAL: that is not
# being behind. Not streaming at all (no position received), it cannot know, and is as old as its last commit.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8
"""

FALLBACKS = Counter(
    "cityvotes_replica_fallback_total", "Requests that could have read the replica and read the primary.", ["reason"]
)

_reads: ContextVar[str] = ContextVar("cityvotes_reads", default=DEFAULT_DB_ALIAS)
_failed: ContextVar[list[bool] | None] = ContextVar("cityvotes_replica_failed", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    """Reads where the request (or task) was sent; writes, and migrations, on the primary alone."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return _reads.get()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    token = _reads.set(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        _reads.reset(token)


def reading_replica() -> bool:
    return _reads.get() == REPLICA


@dataclass
class _Health:
    checked_at: float = float("-inf")
    lag_seconds: float | None = None  # None: the replica did not answer


_health = _Health()
_health_lock = threading.Lock()


def replica_lag_seconds() -> float | None:
    """How far the replica is behind, asked now; None when it does not answer (or is no replica)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError:
        connections[REPLICA].close_if_unusable_or_obsolete()
        return None
    return float(lag) if in_recovery else None  # promoted, or a primary: not the copy this setting means


def _unusable_because() -> str | None:
    """Why the replica should not be read now (None: it may), checked at most every REPLICA_CHECK_SECONDS."""
    # One thread of the process asks; the others go by the last answer meanwhile, rather than queue behind a
    # replica that takes its connect timeout to refuse.
    due = time.monotonic() - _health.checked_at >= settings.REPLICA_CHECK_SECONDS
    if due and _health_lock.acquire(blocking=False):
        try:
            _health.lag_seconds = replica_lag_seconds()
            _health.checked_at = time.monotonic()
        finally:
            _health_lock.release()
    if _health.lag_seconds is None:
        return "down"
    if _health.lag_seconds > settings.REPLICA_MAX_LAG_SECONDS:
        return "lagging"
    return None


def _set_aside() -> None:
    """The replica failed under a request: not read again until the next check finds it well."""
    with _health_lock:
        _health.lag_seconds, _health.checked_at = None, time.monotonic()
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def _note_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """got_request_exception: a database error while this request read the replica."""
    failed = _failed.get()
    if failed is not None and reading_replica() and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        failed.append(True)


got_request_exception.connect(_note_failure, dispatch_uid="cityvotes-replica-failure")


def _pinned(request: HttpRequest) -> bool:
    return PIN_COOKIE in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (settings.REPLICA_READS and replica_configured()):
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())  # fmt: skip
            return response
        if request.path.startswith("/admin/") or _pinned(request):
            return self.get_response(request)
        reason = _unusable_because()
        if reason is not None:
            FALLBACKS.labels(reason=reason).inc()
            return self.get_response(request)
        return self._from_replica(request)

    def _from_replica(self, request: HttpRequest) -> HttpResponse:
        failed: list[bool] = []
        failed_token, reads_token = _failed.set(failed), _reads.set(REPLICA)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(reads_token)
            _failed.reset(failed_token)
        if not failed:
            return response
        logger.warning("the replica failed under %s; answered from the primary", request.path)
        FALLBACKS.labels(reason="failed").inc()
        _set_aside()
        return self.get_response(request)
