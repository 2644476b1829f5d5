from django.core.management.base import BaseCommand, CommandError

from cities.models import City
from cities.services import api_key_create


class Command(BaseCommand):
    help = "Create an Open311 api_key for one city and print it on the last line (only its hash is kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("city_key")
        parser.add_argument("--name", default="Open311 client")
        parser.add_argument("--per-minute", type=int, default=60)

    def handle(self, *args, city_key: str, name: str, per_minute: int, **options) -> None:
        city = City.objects.filter(city_key=city_key).first()
        if city is None:
            raise CommandError(f"No city with key '{city_key}'.")
        _, plain = api_key_create(name=name, city=city, requests_per_minute=max(1, per_minute))
        self.stdout.write(plain)
