from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devtools.generators.minutes_corpus import corpus_generate


class Command(BaseCommand):
    help = "Load realistic synthetic minutes pages (Zipf vocabulary, civic sentences) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pages", type=int, required=True)
        parser.add_argument("--cities", type=int, default=5)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, pages: int, cities: int, years: int, workers: int, **options: Any) -> None:
        if pages < 1 or cities < 1 or years < 1 or workers < 1:
            raise CommandError("--pages, --cities, --years and --workers must be positive.")
        loaded, rate = corpus_generate(pages=pages, cities=cities, years=years, workers=workers)
        self.stdout.write(
            f"loaded {loaded:,} pages at {rate:,.0f} pages/s "
            f"(text generated, tsvector, GIN and btrees built per month; {workers} loaders)"
        )
