from django.core.management.base import BaseCommand, CommandError

from cities.models import City
from cities.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key and print it (on the last line). Only its hash is stored."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="Who the key is for")
        parser.add_argument("--city", help="Limit the key to one city (its key); needed for Open311 writes")
        parser.add_argument("--per-minute", type=int, default=120, help="Rate limit (requests per minute)")

    def handle(self, *args, name: str, city: str | None = None, per_minute: int = 120, **options) -> None:
        city_obj = None
        if city:
            city_obj = City.objects.filter(city_key=city).first()
            if city_obj is None:
                raise CommandError(f"No city with key '{city}'.")
        if per_minute < 1:
            raise CommandError("--per-minute must be at least 1.")
        _, plain = api_key_create(name=name, city=city_obj, requests_per_minute=per_minute)
        self.stdout.write(plain)
