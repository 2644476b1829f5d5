import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cities.cache import city_cache_bump
from cities.models import City
from votes.legistar_sync import legistar_sync
from votes.services import member_voting_summary_refresh


class Command(BaseCommand):
    help = "Sync one city from its Legistar Web API now (the same service the Celery task runs)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("city_key")
        parser.add_argument("--since", help="Only events on or after this date (YYYY-MM-DD)")
        parser.add_argument("--full", action="store_true", help="Ignore the watermark: every event")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Worker processes for a long first load (each keeps the polite request rate)",
        )

    def handle(
        self, *args, city_key: str, since: str | None = None, full: bool = False, processes: int = 1, **options
    ) -> None:
        city = City.objects.filter(city_key=city_key).first()
        if city is None:
            raise CommandError(f"No city with key '{city_key}'.")
        if not city.legistar_client:
            raise CommandError(f"{city.name} has no Legistar client name (set it in the admin).")
        try:
            since_date = dt.date.fromisoformat(since) if since else None
        except ValueError as error:
            raise CommandError("--since must be a date like 2024-01-31.") from error
        if not 1 <= processes <= 16:
            raise CommandError("--processes must be between 1 and 16.")
        with tqdm(unit=" items", desc=f"{city.city_key}", disable=options["verbosity"] == 0) as bar:
            report = legistar_sync(city=city, since=since_date, full=full, progress=bar.update, processes=processes)
        member_voting_summary_refresh(concurrently=True)
        city_cache_bump(city_id=city.id)
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
