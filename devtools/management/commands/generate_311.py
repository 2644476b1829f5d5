from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.generators.service_requests import requests_generate


class Command(BaseCommand):
    help = "Load synthetic 311 requests over N cities (COPY, two loaders) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, required=True)
        parser.add_argument("--cities", type=int, default=5)

    def handle(self, *args: Any, requests: int, cities: int, **options: Any) -> None:
        if requests < 1 or cities < 1:
            raise CommandError("--requests and --cities must be positive.")
        loaded, rate = requests_generate(requests=requests, cities=cities)
        self.stdout.write(f"loaded {loaded:,} requests at {rate:,.0f} rows/s")
