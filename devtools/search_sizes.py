"""Minutes search measured at several corpus sizes in one run (bench_search --sizes).

Each size is loaded into a scratch database of its own by the bulk path (one bulk-built partition a month, as
a real corpus has), measured and dropped. Topping a smaller corpus up instead would write through the live
indexes and measure a layout no real corpus has.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from cities.backups import database_create, database_drop
from cities.partitions import month_start
from devtools.generators.minutes_corpus import corpus_cities, corpus_meetings_create, corpus_months_load


@contextlib.contextmanager
def scratch_database(name: str) -> Iterator[None]:
    """The default connection uses a new, migrated database `name` until the block ends; then it is dropped."""
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    original = settings_dict["NAME"]
    database_drop(settings_dict=settings_dict, name=name)
    database_create(settings_dict=settings_dict, name=name)
    connections.close_all()
    settings_dict["NAME"] = name
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("maintain_partitions", verbosity=0)
        yield
    finally:
        settings_dict["NAME"] = original
        try:
            connections.close_all()
        finally:
            database_drop(settings_dict=settings_dict, name=name)


def density_month_load(*, pages: int, cities: int = 5, workers: int = 2) -> int:
    """About `pages` pages in the current month (the newest, which newest-first search reads first): what one
    month holds at 100M pages over ten years, beside the corpus's other months."""
    city_ids = corpus_cities(cities)
    pages_per = max(2, pages // len(city_ids))  # a city's month: two meetings, each half of it
    by_month = corpus_meetings_create(city_ids, [month_start(timezone.localdate())], pages_per)
    return corpus_months_load(by_month, pages_per, workers=workers)
