"""p95 of a city's 311 list page, GeoReport requests.json and a radius query; POST throughput."""

import json
import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test import Client

from cities.models import City
from cities.services import api_key_create
from devtools.timing import p95
from requests311.models import ServiceRequest
from requests311.selectors import requests_page


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = "Benchmark 311 reads and writes (needs generate_311 data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--posts", type=int, default=300)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, runs: int, posts: int, **options: Any) -> None:
        cities = list(City.objects.filter(city_key__startswith="r311city"))
        rng = random.Random(3)
        client = Client()
        client.get("/")
        statuses = ["", "open", "closed", "in_progress"]
        centers = {c.id: ServiceRequest.objects.filter(city_id=c.id).values_list("lat", "long").first() for c in cities}
        list_ms, geo_ms, radius_ms = [], [], []
        for _ in range(runs):
            city, status = rng.choice(cities), rng.choice(statuses)
            list_ms.append(_time(lambda c=city, s=status: client.get(f"/311/{c.city_key}/", {"status": s})))
            geo_ms.append(
                _time(lambda c=city: client.get("/open311/v2/requests.json", {"jurisdiction_id": c.city_key}))
            )
            lat, long = centers[city.id] or (None, None)
            assert lat is not None and long is not None, "generate_311 places every request"
            near = (lat + rng.uniform(-0.01, 0.01), long, 500)
            radius_ms.append(_time(lambda c=city, n=near: requests_page(city=c, near=n)))
        city = cities[0]
        service = city.services311.first()
        assert service is not None, "generate_311 makes services"
        _, key = api_key_create(name="bench", city=city, requests_per_minute=1_000_000)
        started = time.perf_counter()
        for n in range(posts):
            client.post(
                "/open311/v2/requests.json",
                {
                    "jurisdiction_id": city.city_key,
                    "api_key": key,
                    "service_code": service.service_code,
                    "lat": "39.17",
                    "long": "-86.52",
                    "description": f"Benchmark report {n}",
                },
            )
        post_rate = posts / (time.perf_counter() - started)
        result = {
            "requests": ServiceRequest.objects.count(),
            "list_page_p50_ms": round(statistics.median(list_ms), 2),
            "list_page_p95_ms": p95(list_ms),
            "georeport_requests_json_p50_ms": round(statistics.median(geo_ms), 2),
            "georeport_requests_json_p95_ms": p95(geo_ms),
            "radius_p50_ms": round(statistics.median(radius_ms), 2),
            "radius_p95_ms": p95(radius_ms),
            "post_requests_per_s": round(post_rate, 1),
        }
        self.stdout.write(json.dumps(result) if options["json"] else json.dumps(result, indent=2))
