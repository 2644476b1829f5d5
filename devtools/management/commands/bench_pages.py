"""Server time and SQL queries of the residents' pages at the seed's 50-city x 10-year volume."""

import json
import random
import statistics
import time

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cities.cache import city_cache_bump
from cities.keyset import cursor_encode
from cities.models import City, CouncilMember
from meetings.models import AgendaItem, Meeting
from votes.models import MemberVote


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[int(0.95 * (len(ordered) - 1))], 2)


class Command(BaseCommand):
    help = "p50/p95 server time (cold and warm cache) and query counts per page type; builds data if needed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cities", type=int, default=50, help="Benchmark cities (seed_demo --scale N).")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="Print one JSON object on the last line.")

    def handle(self, *args, cities: int, runs: int, **options) -> None:
        call_command("seed_demo", scale=cities, stdout=self.stdout)
        rng = random.Random(7)
        bench = list(City.objects.filter(city_key__startswith="bench").order_by("id")[:cities])
        client = Client()

        def cold(city: City, url: str) -> None:
            city_cache_bump(city_id=city.id)
            cache.delete_many(["page:home", f"cities:by-key:{city.city_key}"])

        def sample_urls(kind: str) -> list[tuple[City, str]]:
            urls = []
            for _ in range(runs):
                city = rng.choice(bench)
                if kind == "home":
                    urls.append((city, "/"))
                elif kind == "city":
                    urls.append((city, f"/{city.city_key}/"))
                elif kind == "meeting":
                    meeting = Meeting.objects.filter(city=city).order_by("?").only("id").first()
                    urls.append((city, f"/{city.city_key}/meetings/{meeting.id}/"))
                elif kind == "item":
                    item = AgendaItem.objects.filter(city=city, vote__isnull=False).order_by("?").only("id").first()
                    urls.append((city, f"/{city.city_key}/items/{item.id}/"))
                else:
                    member = CouncilMember.objects.filter(city=city).order_by("?").first()
                    base = f"/{city.city_key}/members/{member.id}/"
                    if kind == "member-deep":
                        # A cursor ~80% down the member's record (page ~ N/50 * 0.8).
                        record = MemberVote.objects.filter(city_id=city.id, member_id=member.id)
                        depth = int(record.count() * 0.8)
                        row = record.order_by("-meeting_date", "-id").values_list("meeting_date", "id")[depth]
                        token = cursor_encode(row, purpose=f"member-record:{member.id}")
                        base = f"{base}?cursor={token}"
                    urls.append((city, base))
            return urls

        def timed(urls: list[tuple[City, str]], make_cold: bool) -> tuple[list[float], int]:
            timings, queries = [], 0
            for city, url in urls:
                if make_cold:
                    cold(city, url)
                else:
                    client.get(url)  # this very page in the cache (another sample of its city may have bumped it)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries = max(queries, len(captured))
            return timings, queries

        client.get("/")  # import templates, open the connection
        member_votes = MemberVote.objects.count()
        pages = []
        for kind in ("home", "city", "meeting", "item", "member"):
            urls = sample_urls(kind)
            cold_ms, queries = timed(urls, make_cold=True)
            warm_ms, _ = timed(urls, make_cold=False)
            entry = {
                "name": kind,
                "cold_p50_ms": round(statistics.median(cold_ms), 2),
                "cold_p95_ms": p95(cold_ms),
                "warm_p50_ms": round(statistics.median(warm_ms), 2),
                "warm_p95_ms": p95(warm_ms),
                "queries": queries,
            }
            if kind == "member":
                deep_urls = sample_urls("member-deep")
                deep_ms, deep_queries = timed(deep_urls, make_cold=True)
                entry.update(
                    deep_cold_p50_ms=round(statistics.median(deep_ms), 2),
                    deep_cold_p95_ms=p95(deep_ms),
                    deep_queries=deep_queries,
                    deep_to_first_ratio=round(p95(deep_ms) / p95(cold_ms), 2),
                )
            pages.append(entry)
            if not options["json"]:
                self.stdout.write(json.dumps(entry))
        result = {"member_votes": member_votes, "pages": pages}
        self.stdout.write(json.dumps(result) if options["json"] else f"member votes: {member_votes:,}")
