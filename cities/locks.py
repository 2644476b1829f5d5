"""Locks that keep two runs of one job apart, and let go soon after their holder dies.

A lock is a Redis key with a short time to live, renewed by a heartbeat thread while its holder runs and
deleted when it finishes. A holder killed mid-run (out of memory, a deploy) stops renewing, and the lock is
gone within `LOCK_SECONDS`. The key's value is its holder's id (a Celery task id): the same task, delivered
again after its worker died, takes its own lock back at once instead of waiting.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django_redis import get_redis_connection  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)


class LockHeld(Exception):
    """Another live holder has the lock."""


@contextmanager
def held(name: str, *, holder: str | None = None, seconds: float | None = None) -> Iterator[None]:
    """Hold lock `name` for the block (LockHeld when someone else holds it); renewed every third of its
    time to live while the block runs."""
    ttl = seconds or settings.LOCK_SECONDS
    redis = get_redis_connection("locks")
    key = f"{settings.CACHES['locks']['KEY_PREFIX']}:lock:{name}"
    token = holder or uuid.uuid4().hex
    lock = redis.lock(key, timeout=ttl, thread_local=False)
    if not lock.acquire(blocking=False, token=token):
        current = redis.get(key)
        if holder is None or current is None or current.decode() != holder:
            raise LockHeld(name)
        logger.info("lock %s taken back by %s (delivered again after its worker stopped)", name, holder)
        lock.local.token = token.encode()
        lock.extend(ttl, replace_ttl=True)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(ttl / 3):
            try:
                lock.extend(ttl, replace_ttl=True)
            except Exception:  # the lock expired or Redis is away: the run goes on, the log says so
                logger.warning("lock %s could not be renewed", name, exc_info=True)

    heartbeat = threading.Thread(target=beat, name=f"lock-{name}", daemon=True)
    heartbeat.start()
    try:
        yield
    finally:
        stop.set()
        heartbeat.join()
        try:
            lock.release()
        except Exception:
            logger.warning("lock %s was no longer held at the end", name, exc_info=True)
