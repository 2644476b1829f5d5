"""Cache versions and page copies in Redis.

Per-city versions: every cached part of a city carries its version (in its key, or a page copy beside its
content), so a bump (ingestion finished, an admin edit) makes all of them stale at once, with no key scans.
Minutes search spans cities and has one version for all minutes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.cache import cache
from django_redis import get_redis_connection  # type: ignore[import-untyped]
from redis.exceptions import RedisError

from cities.redis_breaker import redis_known_down
from cities.request_stats import current_stats

if TYPE_CHECKING:
    from cities.models import City

logger = logging.getLogger(__name__)

MINUTES_VERSION_KEY = "minutes:version"
CITY_LISTS_SECONDS = 300  # as long as the page cache keeps a page that shows them

T = TypeVar("T")


def _version_key(city_id: int) -> str:
    return f"cities:version:{city_id}"


def _versions_read() -> dict[str, int] | None:
    """The versions this request (or task) has read so far; None outside one."""
    stats = current_stats.get()
    return stats.cache_versions if stats is not None else None


def _version(key: str) -> int:
    """Read from Redis once per request: a page built of several cached parts asks for the same version
    each time, and a change made meanwhile reaches the next request."""
    memo = _versions_read()
    if memo is not None and key in memo:
        return memo[key]
    version = int(cache.get_or_set(key, 1, timeout=None) or 1)
    if memo is not None:
        memo[key] = version
    return version


def _bump(key: str) -> None:
    try:
        version = cache.incr(key)
    except ValueError:  # no version yet: nothing cached under one either
        version = 2
        cache.set(key, version, timeout=None)
    memo = _versions_read()
    if memo is None:
        return
    if version is None:  # Redis is away: nothing is cached meanwhile, and the next read asks again
        memo.pop(key, None)
    else:  # what the request builds after its own change is cached under the new version
        memo[key] = int(version)


def _changed_key(city_id: int) -> str:
    return f"cities:changed:{city_id}"


def city_cache_version(*, city_id: int) -> int:
    return _version(_version_key(city_id))


def city_changed_recently(*, city_id: int) -> bool:
    """Whether the city's data changed within REPLICA_PIN_SECONDS: a replica may not show the change yet."""
    return cache.get(_changed_key(city_id)) is not None


def city_cache_bump(*, city_id: int) -> None:
    _bump(_version_key(city_id))
    cache.set(_changed_key(city_id), 1, timeout=settings.REPLICA_PIN_SECONDS)


def city_cached(city_id: int, name: str, build: Callable[[], T]) -> T:
    """What `build` returns for the city, kept under the city's version: the lists every page of a city
    offers as filters (its bodies, members, legislation types) change only when the city's data does, and a
    page built after a change finds them stale as it finds itself stale."""
    key = f"city-lists:{city_id}:v{city_cache_version(city_id=city_id)}:{name}"
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        if found is not None:  # nothing (an unknown id) is asked for again rather than kept
            cache.set(key, found, CITY_LISTS_SECONDS)
    return found


def minutes_cache_version() -> int:
    """Search's cached answers (first pages, estimates, the oldest and newest page dates) carry one version
    for all minutes, bumped whenever pages are written."""
    return _version(MINUTES_VERSION_KEY)


def minutes_cache_bump() -> None:
    _bump(MINUTES_VERSION_KEY)


CITY_LOOKUP_SECONDS = 60

# Each city key's id as this process last found it: what city_page_cached needs to read a page in one trip.
_city_ids: dict[str, int] = {}


def _lookup_key(city_key: str) -> str:
    return f"cities:by-key:{city_key}"


def city_lookup_cached(city_key: str) -> City | None:
    city: City | None = cache.get(_lookup_key(city_key))
    if city is not None:
        _city_ids[city.city_key] = city.pk
    return city


def city_lookup_remember(city: City) -> None:
    cache.set(_lookup_key(city.city_key), city, CITY_LOOKUP_SECONDS)
    _city_ids[city.city_key] = city.pk


def city_lookup_forget(city_key: str) -> None:
    cache.delete(_lookup_key(city_key))


def _page_key(city_id: int, digest: str) -> str:
    return f"page:{city_id}:{digest}"


@dataclass(frozen=True)
class CityPage:
    """What the cache holds for one page of a city: the city, its version and, when there is one of that
    version, the page's copy (content, content type)."""

    city: City
    version: int
    copy: tuple[bytes, str] | None
    changed_recently: bool  # see city_changed_recently


def city_page_cached(*, city_key: str, digest: str) -> CityPage | None:
    """The city with this key, its version, its page `digest` and whether it changed recently, read from the
    cache in one round trip; None unless the city and its version are there and this process has found the
    key's city before (so it knows which keys to read: a city's id never changes, and the city read must have
    that id). The caller then looks them up one by one (city_by_key, city_cache_version, city_page_copy)."""
    city_id = _city_ids.get(city_key)
    if city_id is None:
        return None
    lookup, version_key, page = _lookup_key(city_key), _version_key(city_id), _page_key(city_id, digest)
    changed = _changed_key(city_id)
    found = cache.get_many([lookup, version_key, page, changed])
    city: City | None = found.get(lookup)
    if city is None or city.pk != city_id or version_key not in found:
        return None
    version = int(found[version_key])
    memo = _versions_read()
    if memo is not None:  # a version this request read before wins, as in _version
        version = memo.setdefault(version_key, version)
    copy = _copy_of_version(found.get(page), version)
    return CityPage(city=city, version=version, copy=copy, changed_recently=changed in found)


def _copy_of_version(kept: tuple[int, bytes, str] | None, version: int) -> tuple[bytes, str] | None:
    """A page is kept under one key whatever its version, so a new copy replaces the stale one: a copy of
    another version is no copy."""
    return (kept[1], kept[2]) if kept is not None and kept[0] == version else None


def city_page_copy(*, city_id: int, version: int, digest: str) -> tuple[bytes, str] | None:
    """The page's copy, if the one kept is of this version."""
    return _copy_of_version(cache.get(_page_key(city_id, digest)), version)


def city_page_keep(*, city_id: int, version: int, digest: str, content: bytes, content_type: str, seconds: int) -> None:
    cache.set(_page_key(city_id, digest), (version, content, content_type), seconds)


def rate_count(bucket: str, window_seconds: int) -> int | None:
    """How many times `bucket` was counted in its window, this time included; None when Redis cannot say.
    Limits then let the request through (they fail open: the page cache and the counters are down together,
    and PostgreSQL's statement timeout still bounds what one request can cost).

    One round trip: a transaction that starts the window if there is none (SET NX with the window's expiry)
    and counts (INCR keeps the expiry), so no count outlives its window whatever happens between the two."""
    try:
        key = cache.make_key(bucket)
        transaction = get_redis_connection("default").pipeline(transaction=True)
        transaction.set(key, 0, ex=window_seconds, nx=True)
        transaction.incr(key)
        _, count = transaction.execute()
    except RedisError:
        if not redis_known_down():  # the breaker has said so already
            logger.warning("rate count %s not read: limits let requests through", bucket, exc_info=True)
        return None
    return int(count)
