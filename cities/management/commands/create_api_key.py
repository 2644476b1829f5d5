from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cities.errors import NotFound
from cities.selectors import city_by_key
from cities.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key and print it (on the last line). Only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who the key is for")
        parser.add_argument("--city", help="Limit the key to one city (its key); needed for Open311 writes")
        parser.add_argument("--per-minute", type=int, default=120, help="Rate limit (requests per minute)")

    def handle(self, *args: Any, **options: Any) -> None:
        city = None
        if options["city"]:
            try:
                city = city_by_key(city_key=options["city"])
            except NotFound as error:
                raise CommandError(f"No city with key '{options['city']}'.") from error
        if options["per_minute"] < 1:
            raise CommandError("--per-minute must be at least 1.")
        _, plain = api_key_create(name=options["name"], city=city, requests_per_minute=options["per_minute"])
        self.stdout.write(plain)
