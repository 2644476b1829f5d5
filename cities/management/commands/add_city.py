from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cities.errors import InvalidInput
from cities.services import city_create


class Command(BaseCommand):
    help = "Create a city (and the partitions it needs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("city_key", help="URL key, e.g. santa_ana")
        parser.add_argument("--name", required=True, help='Display name, e.g. "Santa Ana, CA"')
        parser.add_argument("--state", required=True, help="Two-letter state code")
        parser.add_argument("--seats", required=True, type=int, help="Number of council seats")
        parser.add_argument("--legistar-client", default="", help="Legistar Web API client name")
        parser.add_argument("--timezone", default="America/New_York", help="IANA time zone")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            city = city_create(
                city_key=opts["city_key"],
                name=opts["name"],
                state=opts["state"].upper(),
                total_seats=opts["seats"],
                legistar_client=opts["legistar_client"],
                timezone_name=opts["timezone"],
            )
        except InvalidInput as error:
            raise CommandError(f"City not created: {error.message}") from error
        self.stdout.write(self.style.SUCCESS(f"Created {city.name} ({city.city_key}), id {city.id}"))
