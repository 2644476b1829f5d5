"""A Redis connection that gives up at once while Redis is known to be down.

The page cache is optional: with Redis stopped, every cache call is answered as a miss (django-redis's
IGNORE_EXCEPTIONS) and the page is built from PostgreSQL. A stopped server refuses at once, but one that is
unreachable, or hung, would cost each call its connect or socket timeout, several times per page. After a
connect that fails or a reply that does not come in time, this connection class refuses without trying for
`DOWN_SECONDS`, then tries again; connections made before the failure are refused too. It says so once in the
log; `KnownDownFilter` keeps django-redis from adding a traceback for every call it refused meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0
_state = {"down_until": 0.0}
_lock = threading.Lock()


def redis_known_down() -> bool:
    return time.monotonic() < _state["down_until"]


class FailFastConnection(Connection):
    def connect(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_while_down()
        try:
            super().connect(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._set_down(error)
            raise

    def send_packed_command(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_while_down()  # a pooled connection from before the failure would wait out its timeout
        super().send_packed_command(*args, **kwargs)

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().read_response(*args, **kwargs)
        except RedisTimeoutError as error:
            self._set_down(error)
            raise

    def _refuse_while_down(self) -> None:
        if redis_known_down():
            self.disconnect()
            raise RedisConnectionError("Redis is down (not retried for a few seconds)")

    def _set_down(self, error: Exception) -> None:
        with _lock:
            if not redis_known_down():
                logger.warning("Redis at %s:%s is down (%s): the cache is skipped for %.0f s", self.host, self.port,
                               error, DOWN_SECONDS)  # fmt: skip
            _state["down_until"] = time.monotonic() + DOWN_SECONDS


class KnownDownFilter(logging.Filter):
    """Drops django-redis's "Exception ignored" records while the breaker holds Redis down: each is a refusal
    the breaker's own warning announced, and formatting a traceback for each of a page's many cache calls is
    a large share of the page's cost. Other failures (a command Redis refuses) are still logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not redis_known_down()
