import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from cities.errors import ApplicationError, NotFound
from cities.selectors import city_by_key
from legistar.services import legistar_city_sync


class Command(BaseCommand):
    help = "Sync one city from its Legistar Web API now (the same service the Celery task runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("city_key")
        parser.add_argument("--since", help="Only events on or after this date (YYYY-MM-DD)")
        parser.add_argument("--full", action="store_true", help="Ignore the watermark: every event")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Worker processes for a long first load (each keeps the polite rate)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = city_by_key(city_key=options["city_key"])
        except NotFound as error:
            raise CommandError(f"No city with key '{options['city_key']}'.") from error
        if not city.legistar_client:
            raise CommandError(f"{city.name} has no Legistar client name (set it in the admin).")
        try:
            since = dt.date.fromisoformat(options["since"]) if options["since"] else None
        except ValueError as error:
            raise CommandError("--since must be a date like 2024-01-31.") from error
        if not 1 <= options["processes"] <= 16:
            raise CommandError("--processes must be between 1 and 16.")
        with tqdm(unit=" items", desc=city.city_key, disable=options["verbosity"] == 0) as bar:
            try:
                report = legistar_city_sync(
                    city=city, since=since, full=options["full"], processes=options["processes"], progress=bar.update
                )
            except ApplicationError as error:
                raise CommandError(error.message) from error
        self.stdout.write(f"\n{'object':<14}{'created':>9}{'updated':>9}{'unchanged':>11}{'skipped':>9}")
        for kind, counts in sorted(report.counts.items()):
            self.stdout.write(
                f"{kind:<14}{counts.get('created', 0):>9}{counts.get('updated', 0):>9}"
                f"{counts.get('unchanged', 0):>11}{counts.get('skipped', 0):>9}"
            )
        self.stdout.write(f"{report.requests} requests in {report.seconds:.1f} s")
        for value, n in sorted(report.unknown_vote_values.items()):
            self.stdout.write(f"unknown vote value {value!r} x{n}: add a mapping in the admin (Vote value mappings)")
        if report.error:
            raise CommandError(f"Sync stopped: {report.error}")
