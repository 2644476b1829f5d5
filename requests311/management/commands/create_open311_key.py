from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cities.errors import NotFound
from cities.selectors import city_by_key
from cities.services import api_key_create


class Command(BaseCommand):
    help = "Create an Open311 api_key for one city and print it on the last line (only its hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("city_key")
        parser.add_argument("--name", default="Open311 client")
        parser.add_argument("--per-minute", type=int, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = city_by_key(city_key=options["city_key"])
        except NotFound as error:
            raise CommandError(f"No city with key '{options['city_key']}'.") from error
        _, plain = api_key_create(name=options["name"], city=city, requests_per_minute=max(1, options["per_minute"]))
        self.stdout.write(plain)
