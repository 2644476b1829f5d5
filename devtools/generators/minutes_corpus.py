"""Realistic synthetic minutes at volume, loaded through the same COPY path as real ingestion.

Text: civic sentences (motions, votes, parcel numbers, council members' names) padded to about
250 words with a Zipf-distributed vocabulary, so common, medium and rare words all exist.
Loading: meetings and documents are created first, then the months are split between two
processes (both cores), each loading whole months through `meeting_pages_month_load` (built beside
the table, indexed once, attached), the bulk path for history.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import random
import time
from dataclasses import dataclass

from django.db import connections
from django.utils import timezone

from cities.forks import forget_inherited_connections
from cities.models import City
from cities.partitions import add_months
from cities.services import city_create
from meetings.models import Meeting, MinutesDocument
from meetings.services.pages import meeting_pages_month_load

CIVIC = [
    "council",
    "motion",
    "seconded",
    "approved",
    "denied",
    "ordinance",
    "resolution",
    "budget",
    "housing",
    "affordable",
    "zoning",
    "rezoning",
    "parcel",
    "variance",
    "hearing",
    "public",
    "comment",
    "staff",
    "report",
    "contract",
    "amendment",
    "infrastructure",
    "transportation",
    "parking",
    "sidewalk",
    "stormwater",
    "utility",
    "water",
    "sewer",
    "police",
    "fire",
    "library",
    "park",
    "recreation",
    "planning",
    "commission",
    "appeal",
    "development",
    "permit",
    "fee",
    "tax",
    "levy",
    "bond",
    "audit",
    "finance",
    "committee",
    "mayor",
    "district",
    "neighborhood",
    "traffic",
    "safety",
    "grant",
    "federal",
    "state",
    "county",
    "vote",
    "unanimous",
    "abstained",
    "recused",
    "absent",
    "quorum",
    "adjourned",
    "minutes",
    "agenda",
    "consent",
    "item",
    "discussion",
    "presentation",
]
FIRST = ["Maria", "James", "Aisha", "Robert", "Linh", "David", "Sofia", "Michael", "Priya", "Daniel", "Grace"]
LAST = ["Alvarez", "Brooks", "Chen", "Delgado", "Foster", "Garcia", "Hughes", "Jensen", "Nguyen", "Okafor"]
SENTENCES = [
    "Councilmember {name} moved to approve item {n} and Councilmember {name2} seconded the motion.",
    "The motion carried {yes} to {no} with {name} voting no.",
    "Public hearing on the rezoning of parcel {parcel} from R-1 to mixed use was opened by the mayor.",
    "Staff presented the {topic} report and answered questions from {name}.",
    "Resolution {year}-{n} authorizing a contract for {topic} in the amount of ${amount} was adopted.",
    "{name} asked that the record reflect concerns about {topic} near {street}.",
]
STREETS = ["Main Street", "Harbor Boulevard", "Elm Street", "Broadway", "Mission Road", "4th Avenue"]


def zipf_vocabulary(size: int = 30_000, exponent: float = 1.07) -> tuple[list[str], list[float]]:
    """Civic words first (the most frequent), then invented words; cumulative Zipf weights."""
    words = CIVIC + [
        f"{a}{b}{c}"
        for a, b, c in itertools.islice(
            itertools.product("bcdfghklmnprstvz", "aeiou", [f"{n:x}" for n in range(4096)]), size - len(CIVIC)
        )
    ]
    weights = list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(words) + 1)))
    return words, weights


@dataclass
class CorpusPlan:
    city_ids: list[int]
    months: list[dt.date]
    pages_per_month_per_city: int


class PageWriter:
    """Pages of four civic sentences and ~190 Zipf-distributed words.

    The words are a window of a pre-drawn Zipf sample (drawing 190 weighted words per page cost
    more CPU than the database's own work per page), so every page is still a Zipf draw.
    """

    POOL_WORDS = 1_000_003
    FILLER_WORDS = 190

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, weights = zipf_vocabulary()
        self.pool = self.rng.choices(self.words, cum_weights=weights, k=self.POOL_WORDS)

    def page(self, names: list[str], year: int) -> str:
        rng = self.rng
        parts = []
        for _ in range(4):
            template = rng.choice(SENTENCES)
            parts.append(
                template.format(
                    name=rng.choice(names),
                    name2=rng.choice(names),
                    n=rng.randint(1, 60),
                    yes=rng.randint(4, 9),
                    no=rng.randint(0, 3),
                    parcel=f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(100, 999)}",
                    topic=rng.choice(CIVIC),
                    year=year,
                    amount=f"{rng.randint(10, 9000) * 1000:,}",
                    street=rng.choice(STREETS),
                )
            )
        start = rng.randrange(len(self.pool) - self.FILLER_WORDS)
        parts.append(" ".join(self.pool[start : start + self.FILLER_WORDS]))
        return " ".join(parts)


def corpus_cities(count: int) -> list[int]:
    ids = []
    for n in range(1, count + 1):
        city = City.objects.filter(city_key=f"corpus{n}").first() or city_create(
            city_key=f"corpus{n}",
            name=f"Corpus City {n}",
            state="CA",
            total_seats=9,
            timezone_name="America/Los_Angeles",
        )
        ids.append(city.id)
    return ids


def corpus_meetings_create(city_ids: list[int], months: list[dt.date], pages_per: int) -> dict[dt.date, list]:
    """Two meetings a month per city, each with one minutes document: {month: [(meeting, document)]}."""
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(city_id=city_id, meeting_date=month + dt.timedelta(days=day), meeting_type=kind)
            for month in months
            for city_id in city_ids
            for day, kind in ((6, "City Council"), (20, "Planning Commission"))
        ]
    )
    documents = MinutesDocument.objects.bulk_create(
        [
            MinutesDocument(
                meeting=m,
                city_id=m.city_id,
                title=f"{m.meeting_type} minutes",
                source=f"corpus:{m.id}",
                status=MinutesDocument.Status.INGESTED,
                page_count=pages_per // 2,
            )
            for m in meetings
        ]
    )
    by_month: dict[dt.date, list] = {}
    for meeting, document in zip(meetings, documents, strict=True):
        by_month.setdefault(meeting.meeting_date.replace(day=1), []).append(
            (meeting.meeting_date, meeting.city_id, meeting.id, document.id, meeting.meeting_type)
        )
    return by_month


def _load_months(months: list[tuple[dt.date, list]], pages_per: int, seed: int) -> int:
    writer = PageWriter(seed)
    names = [f"{f} {last}" for f in FIRST for last in LAST]
    loaded = 0
    for month, documents in months:
        rows = (
            (date, city_id, meeting_id, document_id, number, kind, "minutes", writer.page(names, month.year))
            for date, city_id, meeting_id, document_id, kind in documents
            for number in range(1, pages_per // 2 + 1)
        )
        loaded += meeting_pages_month_load(month=month, rows=rows)
    connections.close_all()
    return loaded


def corpus_generate(*, pages: int, cities: int = 5, years: int = 10, workers: int = 2) -> tuple[int, float]:
    """Load about `pages` pages; returns (pages loaded, pages per second, text generation included)."""
    city_ids = corpus_cities(cities)
    last = timezone.localdate().replace(day=1)
    months = [add_months(last, -k) for k in range(1, years * 12 + 1)]
    # Months already generated for these cities are skipped: running it again only adds what is missing.
    done = set(
        Meeting.objects.filter(
            city_id=city_ids[0],
            meeting_type="City Council",
            meeting_date__in=[m + dt.timedelta(days=6) for m in months],
        ).values_list("meeting_date", flat=True)
    )
    months = [m for m in months if m + dt.timedelta(days=6) not in done]
    if not months:
        return 0, 0.0
    pages_per = max(2, pages // (len(months) * len(city_ids)))
    started = time.perf_counter()
    loaded = corpus_months_load(corpus_meetings_create(city_ids, months, pages_per), pages_per, workers=workers)
    elapsed = time.perf_counter() - started
    return loaded, loaded / elapsed if elapsed else 0.0


def corpus_months_load(by_month: dict[dt.date, list], pages_per: int, *, workers: int = 2) -> int:
    """Generate and load each month's pages, the months split between `workers` processes."""
    ordered = sorted(by_month.items(), reverse=True)
    chunks = [ordered[i::workers] for i in range(workers)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers, initializer=forget_inherited_connections) as pool:
        return sum(pool.starmap(_load_months, [(chunk, pages_per, i) for i, chunk in enumerate(chunks)]))
