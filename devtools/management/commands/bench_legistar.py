"""End-to-end ingestion through the real client and sync, against a generated Legistar API served by a local
replay in its own process (so the server does not share this process's GIL).

Two shapes: `dense` (every item a roll call: the rate of member votes stored) and `council` (a year of a large
council, devtools.legistar_council: the requests a first sync makes, by kind and per agenda item, and that no
roll call is lost). `--polite` runs the first sync at the client's default interval between requests, as a
real city's sync runs; otherwise without one."""

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
from devtools.legistar_council import SyntheticCouncil
from devtools.legistar_replay import LegistarReplay
from devtools.legistar_synthetic import SyntheticLegistar
from devtools.purge import city_purge
from legistar.client import LegistarClient
from legistar.sync import legistar_sync
from meetings.models import AgendaItem, Matter
from votes.models import MemberVote, Vote


def _serve(port: int, events: int, items: int, shape: str) -> None:
    if shape == "council":
        LegistarReplay(routes=SyntheticCouncil(events=events).routes("bench")).start(port)
    else:
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
    help = "Ingest a generated Legistar history (dense: 5,000 meetings x 10 items x 9 votes; council: a year of a "
    "large council) and re-sync it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--shape", choices=("dense", "council"), default="dense")
        parser.add_argument("--events", type=int, help="Default: 5,000 (dense), 700 (council).")
        parser.add_argument("--items-per-event", type=int, default=10, help="dense only")
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--processes", type=int, default=2)
        parser.add_argument("--polite", action="store_true", help="The client's default interval between requests.")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        shape, processes = options["shape"], options["processes"]
        events = options["events"] or (700 if shape == "council" else 5000)
        items_per_event = options["items_per_event"]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = multiprocessing.get_context("fork").Process(
            target=_serve, args=(port, events, items_per_event, shape), daemon=True
        )
        connection.close()
        server.start()
        _wait_for(port, seconds=300)  # the replay serializes the whole history before it listens
        settings.LEGISTAR_CONCURRENCY = options["concurrency"]
        interval = settings.LEGISTAR_MIN_INTERVAL_SECONDS if options["polite"] else 0
        key = f"benchlegistar{shape}{events}x{items_per_event}" + ("polite" if options["polite"] else "")
        if (previous := City.objects.filter(city_key=key).first()) is not None:
            city_purge(city_id=previous.pk)  # the first sync starts from nothing
        city = city_create(
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
            samples.append(round(_rss_mb(), 1) if len(samples) % 250 == 0 else None)

        def client() -> LegistarClient:
            return LegistarClient("bench", api_root=root, min_interval_seconds=interval, timeout=30)

        try:
            with client() as first_client:
                first = legistar_sync(city=city, full=True, client=first_client, progress=progress, processes=processes)
            with client() as incremental_client:
                incremental = legistar_sync(city=city, client=incremental_client)
            full_again = None
            if not options["polite"]:  # at the polite interval a full re-read takes as long as the first
                with client() as full_client:
                    full_again = legistar_sync(city=city, full=True, client=full_client, processes=processes)
        finally:
            server.terminate()
        result = self._result(city, first, incremental, full_again, shape=shape, events=events, interval=interval)
        result |= {
            "rss_mb_samples": [s for s in samples if s is not None],
            "processes": processes,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_rss_mb_workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        }
        self.stdout.write(json.dumps(result) if options["json"] else json.dumps(result, indent=2))

    @staticmethod
    def _result(
        city: City, first: Any, incremental: Any, full_again: Any, *, shape: str, events: int, interval: float
    ) -> dict[str, Any]:
        items = AgendaItem.objects.filter(city=city).count()
        member_votes = first.counted("member_vote", "created")
        result: dict[str, Any] = {
            "shape": shape,
            "events": events,
            "agenda_items": items,
            "min_interval_s": interval,
            "member_votes_created": member_votes,
            "member_votes_in_city": MemberVote.objects.filter(city_id=city.id).count(),
            "roll_calls_stored": Vote.objects.filter(city=city).count(),
            "first_sync_s": round(first.seconds, 1),
            "member_votes_per_s": round(member_votes / first.seconds) if first.seconds else 0,
            "http_requests": first.requests,
            "requests_per_item": round(first.requests / items, 2) if items else None,
            "requests_by_kind": dict(first.requests_by_kind.most_common()),
            "incremental_resync_s": round(incremental.seconds, 2),
            "incremental_resync_ratio": round(incremental.seconds / first.seconds, 3) if first.seconds else None,
            "incremental_resync_requests": incremental.requests,
            "incremental_resync_writes": incremental.total("created") + incremental.total("updated"),
        }
        if shape == "council":
            source = SyntheticCouncil(events=events)  # the same year the server answers with
            result |= {"roll_calls_in_source": source.roll_calls, "matters_in_source": len(source.matters),
                       "matters_stored": Matter.objects.filter(city=city).count()}  # fmt: skip
        if full_again is not None:
            result |= {
                "full_resync_unchanged_s": round(full_again.seconds, 1),
                "full_resync_writes": full_again.total("created") + full_again.total("updated"),
                "full_resync_ratio": round(full_again.seconds / first.seconds, 2) if first.seconds else None,
            }
        return result
