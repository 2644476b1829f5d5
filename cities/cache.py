"""Per-city cache versions: every cached page of a city carries its version in the key, so a bump
(ingestion finished, an admin edit) makes all of them stale at once, with no key scans."""

from __future__ import annotations

from django.core.cache import cache


def _version_key(city_id: int) -> str:
    return f"cities:version:{city_id}"


def city_cache_version(*, city_id: int) -> int:
    return cache.get_or_set(_version_key(city_id), 1, timeout=None)


def city_cache_bump(*, city_id: int) -> None:
    try:
        cache.incr(_version_key(city_id))
    except ValueError:  # no version yet: nothing cached under one either
        cache.set(_version_key(city_id), 2, timeout=None)


MINUTES_VERSION_KEY = "minutes:version"


def minutes_cache_version() -> int:
    """Search spans cities: its cached answers (first pages, estimates, the oldest and newest page
    dates) carry one version for all minutes, bumped whenever pages are written."""
    return cache.get_or_set(MINUTES_VERSION_KEY, 1, timeout=None)


def minutes_cache_bump() -> None:
    try:
        cache.incr(MINUTES_VERSION_KEY)
    except ValueError:
        cache.set(MINUTES_VERSION_KEY, 2, timeout=None)
