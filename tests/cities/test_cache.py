from django.core.cache import cache

from cities.cache import city_cache_bump, city_cache_version, city_cached, rate_count
from cities.request_stats import RequestStats, current_stats


def test_a_city_list_is_built_once_per_city_version():
    built = []
    for _ in range(2):
        city_cached(7, "bodies", lambda: built.append(1) or ["Council"])
    assert built == [1]


def test_a_change_to_the_city_makes_its_lists_build_again():
    city_cached(8, "bodies", lambda: ["Council"])
    city_cache_bump(city_id=8)
    assert city_cached(8, "bodies", lambda: ["Council", "Parks Board"]) == ["Council", "Parks Board"]


def test_each_city_keeps_its_own_lists():
    city_cached(9, "bodies", lambda: ["Council of nine"])
    assert city_cached(10, "bodies", lambda: ["Council of ten"]) == ["Council of ten"]


def test_a_request_reads_a_city_version_from_redis_once():
    token = current_stats.set(RequestStats())
    try:
        first = city_cache_version(city_id=11)
        cache.set("cities:version:11", first + 5, timeout=None)  # another process's change, mid-request
        assert city_cache_version(city_id=11) == first  # the request's parts keep agreeing on one version
    finally:
        current_stats.reset(token)
    assert city_cache_version(city_id=11) == first + 5  # the next request sees the change


def test_a_request_that_changes_its_city_reads_the_new_version():
    token = current_stats.set(RequestStats())
    try:
        before = city_cache_version(city_id=12)
        city_cache_bump(city_id=12)
        assert city_cache_version(city_id=12) == before + 1
    finally:
        current_stats.reset(token)


def test_nothing_found_is_not_kept():
    built = []
    for _ in range(2):
        assert city_cached(13, "member-profile:404", lambda: built.append(1)) is None
    assert built == [1, 1]


def test_a_rate_count_counts_each_request_in_its_window():
    assert [rate_count("rate:test:192.0.2.1", 60) for _ in range(3)] == [1, 2, 3]


def test_a_rate_count_never_outlives_its_window():
    for _ in range(2):
        rate_count("rate:test:192.0.2.2", 60)
    assert 0 < cache.ttl("rate:test:192.0.2.2") <= 60
