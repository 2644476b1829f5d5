"""A Redis connection that gives up at once while Redis is known to be down.

The page cache is optional: with Redis stopped, every cache call is answered as a miss (django-redis's
IGNORE_EXCEPTIONS) and the page is built from PostgreSQL. A stopped server refuses at once, but an
unreachable one would cost each call its connect timeout, several times per page. After a failed connect
this connection class refuses without trying for `DOWN_SECONDS`, then tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0
_state = {"down_until": 0.0}
_lock = threading.Lock()


def redis_known_down() -> bool:
    return time.monotonic() < _state["down_until"]


class FailFastConnection(Connection):
    def connect(self, *args: Any, **kwargs: Any) -> None:
        if redis_known_down():
            raise RedisConnectionError("Redis is down (not retried for a few seconds)")
        try:
            super().connect(*args, **kwargs)
        except RedisConnectionError:
            with _lock:
                if not redis_known_down():
                    logger.warning("Redis at %s:%s is down: the cache is skipped for %.0f s", self.host, self.port,
                                   DOWN_SECONDS)  # fmt: skip
                _state["down_until"] = time.monotonic() + DOWN_SECONDS
            raise
