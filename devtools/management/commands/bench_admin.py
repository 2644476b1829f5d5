"""Time the admin change lists of the big tables (in-process test client, superuser)."""

import json
import statistics
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from votes.models import MemberVote

PAGES = {
    "member votes": "/admin/votes/membervote/",
    "member votes, filtered by choice": "/admin/votes/membervote/?vote_choice__exact=No",
    "member votes, page 100": "/admin/votes/membervote/?p=100",
    "votes": "/admin/votes/vote/",
    "agenda items": "/admin/meetings/agendaitem/",
    "audit log": "/admin/cities/auditentry/",
}


class Command(BaseCommand):
    help = "p50/p95 server time and query count of the admin change lists (needs data: seed_demo --scale N)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, runs: int = 20, **options: Any) -> None:
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client()
        client.force_login(user)
        total = MemberVote.objects.count()
        results = []
        for name, url in PAGES.items():
            client.get(url)  # warm the connection and template caches
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            timings.sort()
            results.append(
                {
                    "name": name,
                    "status": response.status_code,
                    "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
                    "queries": len(queries),
                }
            )
        if options["json"]:
            self.stdout.write(json.dumps({"member_votes": total, "pages": results}))
            return
        self.stdout.write(f"member votes: {total:,}")
        for row in results:
            self.stdout.write(
                f"{row['name']:<36} {row['status']}  p50 {row['p50_ms']:>7} ms  "
                f"p95 {row['p95_ms']:>7} ms  {row['queries']} queries"
            )
