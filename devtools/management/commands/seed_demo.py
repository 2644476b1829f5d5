from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.demo.councils import demo_seed


class Command(BaseCommand):
    help = "Load the demo cities (idempotent). --scale N adds N ten-year benchmark cities (~45k member votes each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=0, help="Benchmark cities to add (bench001..benchNNN).")

    def handle(self, *args: Any, scale: int = 0, **options: Any) -> None:
        stats = demo_seed(scale=scale)
        if not stats.cities:
            self.stdout.write("Demo data already loaded: nothing to do.")
            return
        self.stdout.write(
            f"Loaded {stats.cities} cities, {stats.meetings:,} meetings, {stats.items:,} agenda items, "
            f"{stats.votes:,} votes, {stats.member_votes:,} member votes in {stats.seconds:.1f} s: "
            f"{stats.member_votes_per_second:,.0f} member votes/s loading, then "
            f"{stats.summary_seconds:.1f} s to refresh the voting summary"
        )
