"""Synthetic 311 requests at volume (COPY, two loaders), for benchmarks."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import time

from django.db import connection, connections, transaction
from django.utils import timezone

from cities.forks import forget_inherited_connections
from cities.models import City
from cities.services import city_create
from requests311.models import Service

SERVICES = [
    "Pothole",
    "Streetlight out",
    "Graffiti",
    "Illegal dumping",
    "Noise",
    "Abandoned vehicle",
    "Missed trash pickup",
    "Tree down",
    "Sidewalk damage",
    "Water leak",
]
STREETS = ["Main St", "College Ave", "Walnut St", "Kirkwood Ave", "10th St", "Atwater Ave", "Rogers St"]
CENTERS = [(39.1653, -86.5264), (41.8781, -87.6298), (37.7749, -122.4194), (47.6062, -122.3321), (30.2672, -97.7431)]


def _ensure(cities: int) -> list[tuple[int, list[int], tuple[float, float]]]:
    plan = []
    for n in range(1, cities + 1):
        city = City.objects.filter(city_key=f"r311city{n}").first() or city_create(
            city_key=f"r311city{n}", name=f"311 City {n}", state="IN", total_seats=9
        )
        ids = []
        for k, name in enumerate(SERVICES):
            service, _ = Service.objects.get_or_create(
                city=city, service_code=f"S{k:02d}", defaults={"service_name": name, "group": "Streets"}
            )
            ids.append(service.id)
        plan.append((city.id, ids, CENTERS[(n - 1) % len(CENTERS)]))
    return plan


def _load(city_id: int, service_ids: list[int], center: tuple[float, float], count: int, seed: int) -> int:
    rng = random.Random(seed)
    now = timezone.now()
    span = 5 * 365 * 86400
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY requests311_servicerequest (city_id, service_id, description, status, requested_at, updated_at,"
            " address, lat, long, agency_responsible, source) FROM STDIN"
        ) as copy,
    ):
        for _ in range(count):
            requested = now - dt.timedelta(seconds=rng.randrange(span))
            status = "closed" if rng.random() < 0.7 else ("open" if rng.random() < 0.6 else "in_progress")
            copy.write_row(
                (
                    city_id,
                    rng.choice(service_ids),
                    "Reported by a resident: please check.",
                    status,
                    requested,
                    requested,
                    f"{rng.randint(1, 2999)} {rng.choice(STREETS)}",
                    center[0] + rng.uniform(-0.08, 0.08),
                    center[1] + rng.uniform(-0.1, 0.1),
                    "Public Works",
                    "generated",
                )
            )
    connections.close_all()
    return count


def requests_generate(*, requests: int, cities: int = 5, workers: int = 2) -> tuple[int, float]:
    plan = _ensure(cities)
    per_city = requests // cities
    chunks = 4  # several COPY sessions per city so two loaders share the work
    jobs = [
        (cid, sids, center, per_city // chunks, hash((cid, k)) & 0xFFFF)
        for cid, sids, center in plan
        for k in range(chunks)
    ]
    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers, initializer=forget_inherited_connections) as pool:
        loaded = sum(pool.starmap(_load, jobs))
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE requests311_servicerequest")
    return loaded, loaded / elapsed if elapsed else 0.0
