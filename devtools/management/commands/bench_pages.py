"""Server time and SQL queries of the residents' pages (council, votes, legislation, bodies) at the seed's
50-city x 10-year volume."""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cities.cache import city_cache_bump
from cities.keyset import cursor_encode
from cities.models import Body, City, CouncilMember
from devtools.timing import p95
from meetings.models import AgendaItem, Matter, MatterAction, MatterSponsor, Meeting, MinutesDocument
from meetings.selectors.matters import MatterFilters
from votes.models import MemberVote

Sample = tuple[City, str]


def _home(city: City) -> str:
    return "/"


def _city(city: City) -> str:
    return f"/{city.city_key}/"


def _meeting(city: City) -> str:
    meeting = Meeting.objects.filter(city=city).order_by("?").only("id").first()
    assert meeting is not None
    return f"/{city.city_key}/meetings/{meeting.pk}/"


def _item(city: City) -> str:
    item = AgendaItem.objects.filter(city=city, vote__isnull=False).order_by("?").only("id").first()
    assert item is not None
    return f"/{city.city_key}/items/{item.pk}/"


def _member_url(city: City, *, depth: float | None = None) -> str:
    member = CouncilMember.objects.filter(city=city).order_by("?").first()
    assert member is not None
    url = f"/{city.city_key}/members/{member.pk}/"
    if depth is None:
        return url
    # A cursor `depth` of the way down the member's record.
    record = MemberVote.objects.filter(city_id=city.pk, member_id=member.pk)
    row = record.order_by("-meeting_date", "-id").values_list("meeting_date", "id")[int(record.count() * depth)]
    return f"{url}?cursor={cursor_encode(row, purpose=f'member-record:{member.pk}')}"


def _member(city: City) -> str:
    return _member_url(city)


def _member_deep(city: City) -> str:
    return _member_url(city, depth=0.8)


def _legislation(city: City) -> str:
    return f"/{city.city_key}/legislation/"


def _legislation_deep(city: City) -> str:
    """A cursor 80% of the way down the city's legislation."""
    matters = Matter.objects.filter(city=city, removed_upstream_at__isnull=True)
    row = matters.order_by("-last_action_date", "-id").values_list("last_action_date", "id")[int(matters.count() * 0.8)]
    purpose = f"matters:{city.pk}:{MatterFilters().key()}"
    return f"/{city.city_key}/legislation/?cursor={cursor_encode(row, purpose=purpose)}"


def _matter(city: City) -> str:
    """One of the city's longest stories: ~15 actions and ~25 sponsors (the demo's "big" matters)."""
    big = MatterSponsor.objects.filter(city_id=city.pk, sequence=24).order_by("?").values_list("matter_id", flat=True)
    matter_id = big.first()
    assert matter_id is not None
    return f"/{city.city_key}/legislation/{matter_id}/"


def _body(city: City) -> str:
    body = Body.objects.filter(city=city).order_by("?").only("id").first()
    assert body is not None
    return f"/{city.city_key}/bodies/{body.pk}/"


def _minutes_document() -> MinutesDocument | None:
    """A document of the minutes corpus (generate_minutes_corpus: its own cities), when one is loaded."""
    return MinutesDocument.objects.filter(page_count__gt=1).select_related("city").order_by("?").first()


def _document_page(city: City) -> str:
    document = _minutes_document()
    assert document is not None, "load a minutes corpus first (generate_minutes_corpus)"
    page = document.pk % document.page_count + 1  # any page: the sample is the random document
    return f"/{document.city.city_key}/documents/{document.pk}/pages/{page}/?q=budget"


def _meeting_with_documents(city: City) -> str:
    document = _minutes_document()
    assert document is not None, "load a minutes corpus first (generate_minutes_corpus)"
    return f"/{document.city.city_key}/meetings/{document.meeting_id}/"


PAGE_KINDS: dict[str, Callable[[City], str]] = {
    "home": _home,
    "city": _city,
    "meeting": _meeting,
    "item": _item,
    "member": _member,
    "legislation": _legislation,
    "matter": _matter,
    "body": _body,
    "document page": _document_page,
    "meeting with documents": _meeting_with_documents,
}
MINUTES_KINDS = ("document page", "meeting with documents")


class Command(BaseCommand):
    help = "p50/p95 server time (cold and warm cache) and query counts per page type; builds data if needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cities", type=int, default=50, help="Benchmark cities (seed_demo --scale N).")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="Print one JSON object on the last line.")
        parser.add_argument("--pages", nargs="+", choices=list(PAGE_KINDS), help="Only these page types.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("seed_demo", scale=options["cities"], stdout=self.stdout)
        self.rng = random.Random(7)
        self.bench = list(City.objects.filter(city_key__startswith="bench").order_by("id")[: options["cities"]])
        self.client = Client()
        self.client.get("/")  # import templates, open the connection
        pages = []
        minutes_loaded = _minutes_document() is not None
        for kind, url_of in PAGE_KINDS.items():
            if options["pages"] and kind not in options["pages"]:
                continue
            if kind in MINUTES_KINDS and not minutes_loaded:
                continue  # those pages need a minutes corpus (generate_minutes_corpus)
            entry = self._measure(kind, url_of, options["runs"])
            deep_of = {"member": _member_deep, "legislation": _legislation_deep}.get(kind)
            if deep_of is not None:
                deep_ms, deep_queries = self._timed(self._samples(deep_of, options["runs"]), cold=True)
                entry.update(
                    deep_cold_p50_ms=round(statistics.median(deep_ms), 2),
                    deep_cold_p95_ms=p95(deep_ms),
                    deep_queries=deep_queries,
                    deep_to_first_ratio=round(p95(deep_ms) / entry["cold_p95_ms"], 2),
                )
            pages.append(entry)
            if not options["json"]:
                self.stdout.write(json.dumps(entry))
        volume = {
            "member_votes": MemberVote.objects.count(),
            "matters": Matter.objects.count(),
            "matter_actions": MatterAction.objects.count(),
            "sponsorships": MatterSponsor.objects.count(),
        }
        result = {**volume, "pages": pages}
        self.stdout.write(json.dumps(result) if options["json"] else json.dumps(volume))

    def _samples(self, url_of: Callable[[City], str], runs: int) -> list[Sample]:
        return [(city, url_of(city)) for city in (self.rng.choice(self.bench) for _ in range(runs))]

    def _measure(self, kind: str, url_of: Callable[[City], str], runs: int) -> dict[str, Any]:
        samples = self._samples(url_of, runs)
        cold_ms, queries = self._timed(samples, cold=True)
        warm_ms, _ = self._timed(samples, cold=False)
        return {
            "name": kind,
            "cold_p50_ms": round(statistics.median(cold_ms), 2),
            "cold_p95_ms": p95(cold_ms),
            "warm_p50_ms": round(statistics.median(warm_ms), 2),
            "warm_p95_ms": p95(warm_ms),
            "queries": queries,
        }

    def _timed(self, samples: list[Sample], *, cold: bool) -> tuple[list[float], int]:
        """Server time of each sample; cold: the city's cached pages made stale first (buffers stay warm).
        The queries are counted on a second, identical request, so that recording them is not timed."""
        timings, queries = [], 0
        for city, url in samples:
            self._prepare(city, url, cold=cold)
            started = time.perf_counter()
            response = self.client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            self._prepare(city, url, cold=cold)
            with CaptureQueriesContext(connection) as captured:
                self.client.get(url)
            queries = max(queries, len(captured))
        return timings, queries

    def _prepare(self, city: City, url: str, *, cold: bool) -> None:
        if cold:
            # The page's own city: a minutes document's page belongs to a corpus city, not the sample's.
            key = url.split("/")[1]
            city_id = city.pk if key in ("", city.city_key) else City.objects.only("id").get(city_key=key).pk
            city_cache_bump(city_id=city_id)
            cache.delete("page:home")
        else:
            self.client.get(url)  # this very page in the cache (another sample of its city may have bumped it)
