"""Redis: the page cache and the locks (the broker is in `tasks`)."""

import re

from cities.redis_breaker import FailFastConnection

from .core import env


def redis_database(url: str, number: int) -> str:
    """`url` on its server's database `number`."""
    return re.sub(r"(rediss?://[^/?#]*)(/\d*)?", rf"\g<1>/{number}", url, count=1)


# Three uses of Redis on three databases, or each on its own URL: the page cache may lose everything at any
# time (misses, evictions, a stop: pages are then built from PostgreSQL); the broker and the locks must keep
# every key. In production give the cache its own instance (maxmemory, allkeys-lru) and the broker and locks
# one that never evicts (noeviction) via CACHE_REDIS_URL, CELERY_BROKER_URL and LOCKS_REDIS_URL. The local
# server (scripts/devservices.py) has no memory limit and evicts nothing.
REDIS_URL = env("REDIS_URL")
CACHE_REDIS_URL = env("CACHE_REDIS_URL", default=redis_database(REDIS_URL, 0))
LOCKS_REDIS_URL = env("LOCKS_REDIS_URL", default=redis_database(REDIS_URL, 2))
CACHES = {
    "default": {
        "BACKEND": "cities.request_stats.MeteredRedisCache",  # django-redis, its reads counted
        "LOCATION": CACHE_REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cv"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,  # Redis down: every call a miss, logged; pages from PostgreSQL
            "CONNECTION_POOL_KWARGS": {"connection_class": FailFastConnection},
        },
    },
    # Locks that keep two runs of one job apart: an error here is an error (the job waits and retries).
    "locks": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": LOCKS_REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cv"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 2,
                    "SOCKET_TIMEOUT": 2},
    },
}  # fmt: skip
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
LOCK_SECONDS = env.float("LOCK_SECONDS", default=120.0)  # a dead holder's lock is gone this soon (cities.locks)
