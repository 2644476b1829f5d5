"""The page cache's backend counts its reads and, with Redis away, still answers with the caller's default."""

import socket

from cities.request_stats import MeteredRedisCache, RequestStats, current_stats


def _cache_at(port: int) -> MeteredRedisCache:
    options = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True}
    return MeteredRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": options})


def test_a_read_with_redis_away_is_the_callers_default_and_a_miss():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        unused = sock.getsockname()[1]
    stats = RequestStats()
    token = current_stats.set(stats)
    try:
        assert _cache_at(unused).get("page:home", default="built from PostgreSQL") == "built from PostgreSQL"
    finally:
        current_stats.reset(token)
    assert (stats.cache_hits, stats.cache_misses) == (0, 1)


def test_a_read_of_many_keys_counts_each_found_and_missing_one(settings):
    metered = MeteredRedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": "test-many"})
    metered.set("found", 1)
    stats = RequestStats()
    token = current_stats.set(stats)
    try:
        assert metered.get_many(["found", "missing"]) == {"found": 1}
    finally:
        current_stats.reset(token)
    assert (stats.cache_hits, stats.cache_misses) == (1, 1)
