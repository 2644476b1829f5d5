"""The requests the load benchmarks send (bench_load through wrk, bench_requests one at a time in-process),
and the environment of the web process that answers them."""

from __future__ import annotations

import os
import random
import secrets

from django.core.management.base import CommandError
from django.db.models import Exists, OuterRef

from cities.models import City, CouncilMember
from devtools.generators.minutes_corpus import CIVIC
from meetings.models import AgendaItem, Meeting, MeetingPage

WORDS = CIVIC  # the minutes corpus's own vocabulary, so the uncached searches find pages


def server_env(*, behind_proxy: bool) -> dict[str, str]:
    """The web's environment as deployed, with the per-address limits lifted (every request comes from
    127.0.0.1) and a cache key prefix of its own, so that no page an earlier run cached is answered."""
    return {
        **os.environ,
        "PROCESS_ROLE": "web",
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
        "SEARCH_RATE_PER_IP_PER_MINUTE": "100000000",
        "OPEN311_READS_PER_IP_PER_MINUTE": "100000000",
        "API_RATE_PER_IP": "100000000/min",
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
        "TRUSTED_PROXY_COUNT": "1" if behind_proxy else "0",
    }


def sampled_cities(count: int) -> list[City]:
    """The first `count` cities that have council members, the pages both mixes are built from."""
    cities = list(City.objects.filter(members__isnull=False).distinct().order_by("id")[:count])
    if not cities:
        raise CommandError("no city has council members: load the demo (make run) or a benchmark corpus first")
    return cities


def cached_urls(cities: list[City]) -> list[str]:
    """A fixed set of public pages: home, and per city its page, meetings, legislation, bodies, members,
    newest meetings and voted items."""
    urls = ["/"]
    for city in cities:
        key = city.city_key
        urls += [f"/{key}/", f"/{key}/meetings/", f"/{key}/legislation/", f"/{key}/bodies/"]
        members = CouncilMember.objects.filter(city=city).values_list("id", flat=True)[:20]
        urls += [f"/{key}/members/{pk}/" for pk in members]
        meetings = Meeting.objects.filter(city=city).order_by("-meeting_date").values_list("id", flat=True)[:10]
        urls += [f"/{key}/meetings/{pk}/" for pk in meetings]
        items = AgendaItem.objects.filter(city=city, vote__isnull=False).order_by("-id").values_list("id", flat=True)
        urls += [f"/{key}/items/{pk}/" for pk in items[:10]]
    return urls


def uncached_requests(cities: list[City], rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(kind, URL) pairs, each URL built to miss every cache: member records filtered by a random year and
    word, minutes search and the search API with random words, legislation by a random title word. Searches
    filter by a city that has minutes (a search of a city without any reads nothing)."""
    has_minutes = Exists(MeetingPage.objects.filter(city_id=OuterRef("pk")))
    with_minutes: list[str | None] = list(City.objects.filter(has_minutes).values_list("city_key", flat=True)[:20])
    with_minutes = with_minutes or [None]
    members = {
        city.city_key: list(CouncilMember.objects.filter(city=city).values_list("id", flat=True)[:50])
        for city in cities
    }
    requests = []
    for _ in range(count):
        city = rng.choice(cities).city_key
        word = rng.choice(WORDS)
        kind = rng.randrange(4)
        if kind == 0 and members[city]:
            member = rng.choice(members[city])
            requests.append(("member record", f"/{city}/members/{member}/?year={rng.randint(2015, 2026)}&q={word}"))
        elif kind == 1:
            searched = rng.choice(with_minutes)
            query = f"/search/?q={word}+{rng.choice(WORDS)}" + (f"&city={searched}" if searched else "")
            requests.append(("minutes search", query))
        elif kind == 2:
            requests.append(("search API", f"/api/search/?q={word}&order={rng.choice(['newest', 'relevance'])}"))
        else:
            requests.append(("legislation", f"/{city}/legislation/?q={word}&cursor="))
    return requests


def uncached_urls(cities: list[City], rng: random.Random, count: int) -> list[str]:
    return [url for _, url in uncached_requests(cities, rng, count)]
