"""p50/p95 of each query class, first page and a deep cursor page, against the OFFSET baseline."""

import datetime as dt
import json
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from psycopg import sql

from cities.keyset import cursor_encode
from cities.models import City
from cities.partitions import monthly_partition_name
from devtools.generators.minutes_corpus import PageWriter, corpus_generate, corpus_meetings_create, corpus_months_load
from devtools.search_sizes import density_month_load, scratch_database
from devtools.timing import p95
from meetings.models import Meeting, MeetingPage, MinutesDocument
from meetings.services.pages import PARENT, pages_copy
from search.matching import PAGE_SIZE, SearchParams, matches
from search.selectors import ranked_candidates, search_minutes

DEEP_PAGE = 1000


def _ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _partition_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = %s::regclass", [PARENT])
        return cursor.fetchone()[0]


def _planning_ms() -> dict[str, float]:
    """What planning a search costs over every monthly partition (EXPLAIN's own figure, no execution)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (SUMMARY, FORMAT JSON) SELECT id FROM meetings_meetingpage WHERE search_vector @@ "
            "websearch_to_tsquery('english', 'zoning') ORDER BY meeting_date DESC, id DESC LIMIT 21"
        )
        plan = cursor.fetchone()[0]
    return {"planning_ms_all_partitions": round(plan[0]["Planning Time"], 2)}


def query_classes() -> dict[str, SearchParams]:
    city = City.objects.filter(city_key="corpus1").first()
    newest = MeetingPage.objects.order_by("-meeting_date").values_list("meeting_date", flat=True).first()
    words = PageWriter(0).words
    top = newest or timezone.localdate()
    return {
        "rare word": SearchParams(q=words[20_000]),
        "medium word": SearchParams(q=words[2_000]),
        "very common word": SearchParams(q="council"),
        "two-word phrase": SearchParams(q='"public hearing"'),
        "exclusion": SearchParams(q="housing -parking"),
        "city filter": SearchParams(q="budget", city=city),
        "date-range filter": SearchParams(
            q="zoning", date_from=top - dt.timedelta(days=730), date_to=top - dt.timedelta(days=365)
        ),
        "relevance order": SearchParams(q="affordable housing", order="relevance"),
    }


def class_timings(name: str, params: SearchParams, runs: int) -> tuple[dict[str, Any], list[float]]:
    """First page and a deep cursor page of one class (p50, p95), and the OFFSET baseline's deep timings."""
    first = [_ms(lambda p=params: search_minutes(p, use_cache=False)) for _ in range(runs)]
    ordered = matches(params).order_by("-meeting_date", "-id").values_list("meeting_date", "id")
    depth = DEEP_PAGE * PAGE_SIZE
    rows: list[Any] = list(ordered[depth - 1 : depth])  # the last row of page 999: the cursor to page 1,000
    reached = f"page {DEEP_PAGE}"
    if not rows:  # fewer matches than that: the deepest page there is
        tail = list(ordered.reverse()[: PAGE_SIZE + 1])
        rows, reached = tail[-1:], "last page"
    if params.order == "relevance":  # ranked candidates are bounded: their last page
        ranked = ranked_candidates(params, use_cache=False)
        rows = ranked[-PAGE_SIZE - 1 :][:1]
        reached = f"last page of {len(ranked)} ranked"
    key = rows[0] if rows else None
    deep: list[float] = []
    offset_deep: list[float] = []
    if key:
        token = cursor_encode(key, purpose=f"search:{params.fingerprint()}")
        deep = [_ms(lambda p=params, t=token: search_minutes(p, cursor=t, use_cache=False)) for _ in range(runs)]
        offset_deep = [_ms(lambda o=ordered, d=depth: list(o[d : d + PAGE_SIZE])) for _ in range(3)]
    entry = {
        "name": name,
        "first_p50_ms": round(statistics.median(first), 2),
        "first_p95_ms": p95(first),
        "deep_p50_ms": round(statistics.median(deep), 2) if deep else None,
        "deep_p95_ms": p95(deep) if deep else None,
        "deep_reached": reached,
    }
    return entry, offset_deep


class Command(BaseCommand):
    help = (
        "Benchmark minutes search (needs pages: generate_minutes_corpus --pages N), or with --sizes at each "
        "corpus size in a scratch database of its own."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--sizes", help="Corpus sizes to load and measure one after another, e.g. 250000,1000000,2000000"
        )
        parser.add_argument(
            "--density",
            type=int,
            default=0,
            help="With --sizes: then load this many pages into the newest month of the largest size and measure "
            "again (830000 is a month at 100M pages over ten years).",
        )

    def handle(self, *args: Any, runs: int, **options: Any) -> None:
        if options["sizes"]:
            self._sizes(runs, [int(size) for size in options["sizes"].split(",")], options["density"])
            return
        measured, offset_deep = self._classes(runs, echo=not options["json"])
        ingest, plain = self._ingest_rates()
        out = {
            "pages": MeetingPage.objects.count(),
            "classes": list(measured.values()),
            "offset_deep_p95_ms": p95(offset_deep) if offset_deep else None,
            "ingest_pages_per_s": ingest,
            "plain_copy_generated_no_index_pages_per_s": plain,
        }
        self.stdout.write(json.dumps(out))

    def _classes(
        self, runs: int, *, label: str | None = None, echo: bool = True
    ) -> tuple[dict[str, dict[str, Any]], list[float]]:
        """Every query class timed: the entries by class, and the OFFSET baseline's deep timings."""
        measured: dict[str, dict[str, Any]] = {}
        offset_deep: list[float] = []
        for name, params in query_classes().items():
            entry, offsets = class_timings(name, params, runs)
            measured[name] = entry
            offset_deep.extend(offsets)
            if echo:
                self.stdout.write(json.dumps(entry if label is None else {"size": label, **entry}))
        return measured, offset_deep

    def _measure(self, runs: int, label: str) -> dict[str, dict[str, Any]]:
        pages = MeetingPage.objects.count()
        partitions = _partition_count()
        planning = _planning_ms()
        self.stdout.write(json.dumps({"size": label, "pages": pages, "partitions": partitions, **planning}))
        return self._classes(runs, label=label)[0]

    def _sizes(self, runs: int, sizes: list[int], density: int) -> None:
        by_size: dict[str, dict[str, dict[str, Any]]] = {}
        for index, size in enumerate(sizes):
            with scratch_database(f"cv_bench_search_{size}"):
                started = time.perf_counter()
                loaded, rate = corpus_generate(pages=size)
                self.stdout.write(json.dumps({"size": size, "loaded": loaded, "pages_per_s": round(rate),
                                              "load_s": round(time.perf_counter() - started, 1)}))  # fmt: skip
                by_size[str(size)] = self._measure(runs, str(size))
                if density and index == len(sizes) - 1:
                    started = time.perf_counter()
                    loaded = density_month_load(pages=density)
                    self.stdout.write(json.dumps({"density_pages": loaded,
                                                  "load_s": round(time.perf_counter() - started, 1)}))  # fmt: skip
                    by_size["density"] = self._measure(runs, f"{size} + {loaded} in the newest month")
        smallest, largest = str(sizes[0]), str(sizes[-1])
        for name in by_size[smallest]:
            first, last = by_size[smallest][name], by_size[largest][name]
            growth = last["first_p95_ms"] / first["first_p95_ms"] if first["first_p95_ms"] else None
            row = {
                "class": name,
                **{f"first_p95_ms@{label}": sizes_[name]["first_p95_ms"] for label, sizes_ in by_size.items()},
                **{f"deep_p95_ms@{label}": sizes_[name]["deep_p95_ms"] for label, sizes_ in by_size.items()},
                f"growth_p95_{largest}_over_{smallest}": round(growth, 2) if growth else None,
            }
            self.stdout.write(json.dumps(row))

    def _ingest_rates(self, pages: int = 40_000) -> tuple[float, float]:
        """Same-run rates: the bulk path (two loaders, one scratch month each, text generation,
        COPY, indexes, attach and ANALYZE included) vs one plain COPY session into an unindexed
        table with the same generated column: `to_tsvector`'s own limit per core."""
        city = City.objects.filter(city_key="corpus1").first()
        if city is None:
            return 0.0, 0.0
        months = [dt.date(1950, 1, 1), dt.date(1950, 2, 1)]  # scratch months, dropped afterwards
        pages_per = pages // len(months)
        by_month = corpus_meetings_create([city.id], months, pages_per)
        try:
            started = time.perf_counter()
            loaded = corpus_months_load(by_month, pages_per, workers=len(months))
            bulk = loaded / (time.perf_counter() - started)
            writer = PageWriter(99)
            date, city_id, meeting_id, document_id, kind = by_month[months[0]][0]
            rows = [
                (date, city_id, meeting_id, document_id, n, kind, "minutes", writer.page(["Maria Alvarez"], 1950))
                for n in range(1, pages // 2 + 1)
            ]
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE bench_plain (LIKE meetings_meetingpage INCLUDING GENERATED INCLUDING IDENTITY)"
                )
                started = time.perf_counter()
                pages_copy(cursor.cursor, rows, table="bench_plain")
                plain = len(rows) / (time.perf_counter() - started)
                cursor.execute("DROP TABLE bench_plain")
        finally:
            with transaction.atomic(), connection.cursor() as cursor:
                for month in months:
                    cursor.execute(
                        sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(monthly_partition_name(PARENT, month)))
                    )
                MinutesDocument.objects.filter(meeting__city=city, meeting__meeting_date__year=1950).delete()
                Meeting.objects.filter(city=city, meeting_date__year=1950).delete()
        return round(bulk), round(plain)
