"""End-to-end ingestion rate through the real client and sync, against a generated Legistar API
served by a local replay in its own process (so the server does not share this process's GIL)."""

import json
import multiprocessing
import resource
import socket
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from cities.models import City
from cities.services import city_create
from devtools.legistar_replay import LegistarReplay
from devtools.legistar_synthetic import SyntheticLegistar
from legistar.client import LegistarClient
from legistar.sync import legistar_sync
from votes.models import MemberVote


def _serve(port: int, events: int, items: int) -> None:
    LegistarReplay(resolver=SyntheticLegistar(events=events, items_per_event=items).prepare()).start(port)
    while True:
        time.sleep(3600)


def _wait_for(port: int, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 1e6


class Command(BaseCommand):
    help = "Ingest a generated Legistar history (default 5,000 meetings x 10 items x 9 votes) and re-sync it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events", type=int, default=5000)
        parser.add_argument("--items-per-event", type=int, default=10)
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--processes", type=int, default=2)
        parser.add_argument("--json", action="store_true")

    def handle(
        self, *args: Any, events: int, items_per_event: int, concurrency: int, processes: int, **options: Any
    ) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = multiprocessing.get_context("fork").Process(
            target=_serve, args=(port, events, items_per_event), daemon=True
        )
        connection.close()
        server.start()
        _wait_for(port, seconds=300)  # the replay serializes the whole history before it listens
        settings.LEGISTAR_CONCURRENCY = concurrency
        key = f"benchlegistar{events}x{items_per_event}"
        if City.objects.filter(city_key=key).exists():
            self.stdout.write(f"{key} exists: first run will be a re-sync")
        city = City.objects.filter(city_key=key).first() or city_create(
            city_key=key,
            name="Legistar benchmark",
            state="CA",
            total_seats=9,
            legistar_client="bench",
            timezone_name="America/Los_Angeles",
        )
        root = f"http://127.0.0.1:{port}"
        samples: list[float | None] = []

        def progress(_: int) -> None:
            if len(samples) % 250 == 0:
                samples.append(round(_rss_mb(), 1))
            else:
                samples.append(None)

        try:
            with LegistarClient("bench", api_root=root, min_interval_seconds=0, timeout=30) as client:
                first = legistar_sync(city=city, full=True, client=client, progress=progress, processes=processes)
            with LegistarClient("bench", api_root=root, min_interval_seconds=0, timeout=30) as client:
                incremental = legistar_sync(city=city, client=client)
            with LegistarClient("bench", api_root=root, min_interval_seconds=0, timeout=30) as client:
                full_again = legistar_sync(city=city, full=True, client=client, processes=processes)
        finally:
            server.terminate()
        member_votes = first.counted("member_vote", "created")
        result = {
            "events": events,
            "event_items": events * items_per_event,
            "member_votes_created": member_votes,
            "member_votes_in_city": MemberVote.objects.filter(city_id=city.id).count(),
            "first_sync_s": round(first.seconds, 1),
            "member_votes_per_s": round(member_votes / first.seconds) if first.seconds else 0,
            "http_requests": first.requests,
            "rss_mb_samples": [s for s in samples if s is not None],
            "processes": processes,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_rss_mb_workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "incremental_resync_s": round(incremental.seconds, 2),
            "incremental_resync_ratio": round(incremental.seconds / first.seconds, 3) if first.seconds else None,
            "incremental_resync_requests": incremental.requests,
            "incremental_resync_writes": incremental.total("created") + incremental.total("updated"),
            "full_resync_unchanged_s": round(full_again.seconds, 1),
            "full_resync_writes": full_again.total("created") + full_again.total("updated"),
            "full_resync_ratio": round(full_again.seconds / first.seconds, 2) if first.seconds else None,
        }
        self.stdout.write(json.dumps(result) if options["json"] else json.dumps(result, indent=2))
