"""A city's page answered from the page cache: the city, its version and the copy read in one round trip,
and a copy of another version never served."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from cities import cache as city_cache
from cities.cache import city_cache_bump

pytestmark = pytest.mark.django_db

READS = ("get", "get_many", "get_or_set", "add", "incr", "set")


@pytest.fixture
def cache_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the cache calls made, in order (each is one round trip to Redis)."""
    calls: list[str] = []
    for name in READS:
        method = getattr(cache, name)

        def spy(*args: Any, _name: str = name, _method: Any = method, **kwargs: Any) -> Any:
            calls.append(_name)
            return _method(*args, **kwargs)

        monkeypatch.setattr(cache, name, spy)
    return calls


def test_a_page_answered_from_its_copy_reads_the_cache_once(client, council, cache_calls):
    first = client.get("/springfield/")
    cache_calls.clear()
    again = client.get("/springfield/")
    assert again.content == first.content
    assert cache_calls == ["get_many"]


def test_a_copy_of_an_older_version_is_not_served(client, council):
    client.get("/springfield/")
    city = council["city"]
    type(city).objects.filter(pk=city.pk).update(name="Springfield, Oregon")
    city_cache_bump(city_id=city.pk)
    city_cache.city_lookup_forget(city.city_key)
    assert b"Springfield, Oregon" in client.get("/springfield/").content


def test_a_city_found_under_another_id_is_looked_up_again(client, council, monkeypatch):
    """This process's memory of the key's id may be stale (the city was removed and the key reused)."""
    client.get("/springfield/")
    monkeypatch.setitem(city_cache._city_ids, "springfield", council["city"].pk + 1000)
    assert client.get("/springfield/").status_code == 200
    assert city_cache._city_ids["springfield"] == council["city"].pk
