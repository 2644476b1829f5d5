"""manage.py top_queries [--by total|mean|calls] [--limit N] [--reset]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cities.query_stats import ORDERS, QueryStatsUnavailable, query_stats_reset, top_queries


class Command(BaseCommand):
    help = "The statements that cost the database most, from pg_stat_statements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", choices=list(ORDERS), default="total", help="Order by total or mean time.")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--containing", default="", help="Only statements whose text contains this.")
        parser.add_argument("--reset", action="store_true", help="Clear the counts instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["reset"]:
                query_stats_reset()
                self.stdout.write("pg_stat_statements counts cleared.")
                return
            costs = top_queries(order=options["by"], limit=options["limit"], containing=options["containing"])
        except QueryStatsUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{'total ms':>12} {'mean ms':>9} {'calls':>9} {'rows':>10}  query")
        for cost in costs:
            self.stdout.write(
                f"{cost.total_ms:12.1f} {cost.mean_ms:9.2f} {cost.calls:9d} {cost.rows:10d}  {cost.query}"
            )
