"""Deterministic demo data (plans in council_plans): three fictional cities with two years of council business, and
`scale` synthetic cities with ten years each for benchmarks.

Rows are generated in Python and loaded with COPY (ids reserved from the tables' sequences), so
the same path serves the three demo cities and millions of member votes. Cities that already
exist are left alone, which makes every run after the first a no-op.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction
from psycopg import sql

from cities.models import Category, City, CouncilMember, Term
from cities.services import city_create
from cities.sqlfiles import read_sql
from devtools.demo.council_plans import (
    CATEGORY_TREE,
    CONSENT_TEMPLATES,
    PARKS,
    RAW_VALUES,
    REGULAR_TEMPLATES,
    SERVICES,
    STREETS,
    TOPICS,
    VENDORS,
    CitySpec,
    _meeting_dates,
    demo_city_specs,
    scale_city_spec,
)
from votes.services import member_voting_summary_refresh


@dataclass
class LoadStats:
    cities: int = 0
    meetings: int = 0
    items: int = 0
    votes: int = 0
    member_votes: int = 0
    seconds: float = 0.0
    summary_seconds: float = 0.0

    @property
    def member_votes_per_second(self) -> float:
        """Load rate, the summary refresh excluded (reported on its own)."""
        load_seconds = self.seconds - self.summary_seconds
        return self.member_votes / load_seconds if load_seconds > 0 else 0.0


def _reserve_ids(cursor, table: str, count: int) -> list[int]:
    if count == 0:
        return []
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _categories() -> dict[str, int]:
    ids: dict[str, int] = {}
    for name, parent in CATEGORY_TREE.items():
        category, _ = Category.objects.get_or_create(
            city=None, name=name, defaults={"parent_id": ids.get(parent) if parent else None}
        )
        ids[name] = category.id
    return ids


def _council_create(spec: CitySpec, city: City) -> dict[str, CouncilMember]:
    """The city's members (by name) and their terms, from the seat plan."""
    members: dict[str, CouncilMember] = {}
    terms: list[Term] = []
    for seat in spec.seats:
        for name, start, end, appointment in seat.holders:
            member = members.get(name)
            if member is None:
                member = members[name] = CouncilMember.objects.create(
                    city=city, full_name=name, bio=f"{name} serves on the {spec.name.split(',')[0]} City Council."
                )
            terms.append(
                Term(
                    member=member,
                    city=city,
                    position=seat.position,
                    district=seat.district,
                    term_start=start,
                    term_end=end,
                    appointment_type=appointment,
                )
            )
    Term.objects.bulk_create(terms)
    return members


MEETING_COLUMNS = (
    "id", "city_id", "meeting_date", "meeting_type", "body_name", "location", "status", "agenda_url", "minutes_url",
    "legistar_url", "video_url", "created_at", "updated_at",
)  # fmt: skip
ITEM_COLUMNS = (
    "id", "meeting_id", "city_id", "sequence", "item_number", "title", "matter_type", "file_number", "is_consent",
    "description", "detail_url", "created_at", "updated_at",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "agenda_item_id",
    "city_id",
    "document_type",
    "title",
    "url",
    "file_size",
    "created_at",
    "updated_at",
)
VOTE_COLUMNS = (
    "id", "agenda_item_id", "city_id", "meeting_date", "kind", "action_name", "passed", "tally", "yes_count",
    "no_count", "absent_count", "abstain_count", "mover_id", "seconder_id", "mover_name", "seconder_name",
    "action_text", "created_at", "updated_at",
)  # fmt: skip
DEMO_TODAY = dt.date(2026, 11, 23)  # meetings after it are scheduled, before it held (the demo does not drift)

Sitting = list[tuple[int, str]]  # (member id, name) in roll-call order


@dataclass
class _CityRows:
    """One city's generated rows, in the column order their COPY writes."""

    city_id: int
    spec: CitySpec
    rng: random.Random
    categories: dict[str, int]
    meetings: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    item_categories: list[tuple[int, int]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    votes: list[tuple[Any, ...]] = field(default_factory=list)
    member_votes: list[str] = field(default_factory=list)
    _ballots: list[tuple[Sitting, list[str]]] = field(default_factory=list)

    def meeting(self, meeting_id: int, day: dt.date, meeting_type: str) -> None:
        held = day < DEMO_TODAY
        agenda = f"https://{self.spec.key}.example.gov/agendas/{day:%Y%m%d}.pdf"
        minutes = f"https://{self.spec.key}.example.gov/minutes/{day:%Y%m%d}.pdf" if held else ""
        status = "held" if held else "scheduled"
        self.meetings.append(
            (meeting_id, self.city_id, day, meeting_type, "City Council", "Council Chambers, City Hall", status,
             agenda, minutes, "", "", "now", "now")
        )  # fmt: skip

    def _title(self, template: str, day: dt.date, previous: dt.date | None) -> str:
        rng = self.rng
        return template.format(
            prev=f"{previous:%B %-d, %Y}" if previous else "previous",
            vendor=rng.choice(VENDORS),
            service=rng.choice(SERVICES),
            amount=rng.randrange(25_000, 4_000_000, 500),
            n=rng.randint(2, 12),
            park=rng.choice(PARKS),
            topic=rng.choice(TOPICS),
            parcel=f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(100, 999)}",
            fy=day.year + 1,
            units=rng.randint(12, 240),
            street=rng.choice(STREETS),
        )

    def item(self, item_id: int, meeting_id: int, position: int, *, consent: bool, day: dt.date,
             previous: dt.date | None) -> None:  # fmt: skip
        pattern, matter_type, category = self.rng.choice(CONSENT_TEMPLATES if consent else REGULAR_TEMPLATES)
        title = self._title(pattern, day, previous)
        file_number = f"{matter_type[:3].upper()}-{day.year}-{self.rng.randint(1, 999):03d}"
        number = f"{'C' if consent else 'R'}{position + 1}"
        self.items.append(
            (item_id, meeting_id, self.city_id, position + 1, number, title, matter_type, file_number, consent,
             "", "", "now", "now")
        )  # fmt: skip
        self.item_categories.append((item_id, self.categories[category]))
        if not consent:
            url = f"https://{self.spec.key}.example.gov/docs/{file_number}.pdf"
            size = self.rng.randint(80_000, 4_000_000)
            self.documents.append(
                (item_id, self.city_id, "Staff Report", f"Staff report: {title[:200]}", url, size, "now", "now")
            )

    def vote(self, item_id: int, day: dt.date, council: Sitting, *, consent: bool) -> None:
        choices = _roll_call(self.rng, len(council), consent=consent)
        yes, no = choices.count("Yes"), choices.count("No")
        present = [m for m, c in zip(council, choices, strict=True) if c in ("Yes", "No")]
        mover, seconder = self.rng.sample(present, 2) if len(present) >= 2 else (None, None)
        self.votes.append(
            (item_id, self.city_id, day, "consent" if consent else "roll_call", "Approved" if yes > no else "Failed",
             yes > no, f"{yes}-{no}", yes, no, choices.count("Absent"), choices.count("Abstain"),
             mover[0] if mover else None, seconder[0] if seconder else None, mover[1] if mover else "",
             seconder[1] if seconder else "", "", "now", "now")
        )  # fmt: skip
        self._ballots.append((council, choices))

    def number_votes(self, vote_ids: list[int]) -> None:
        """Give the votes their ids and write their member votes as COPY text lines, built directly: they are
        most of the volume (names come from fixed lists: no tabs, backslashes or newlines to escape)."""
        self.votes = [(vote_id, *vote[:-3], *vote[-3:]) for vote_id, vote in zip(vote_ids, self.votes, strict=True)]
        for vote, (council, choices) in zip(self.votes, self._ballots, strict=True):
            vote_id, day = vote[0], vote[3]
            tail = f"\t{day.isoformat()}\n"
            self.member_votes.extend(
                f"{self.city_id}\t{vote_id}\t{member_id}\t{choice}\t{RAW_VALUES[choice]}\t{name}{tail}"
                for (member_id, name), choice in zip(council, choices, strict=True)
            )

    def copy_all(self, cursor: Any) -> None:
        _copy(cursor, "meetings_meeting", MEETING_COLUMNS, self.meetings)
        _copy(cursor, "meetings_agendaitem", ITEM_COLUMNS, self.items)
        _copy(cursor, "meetings_agendaitemcategory", ["agenda_item_id", "category_id"], self.item_categories)
        _copy(cursor, "meetings_document", DOCUMENT_COLUMNS, self.documents)
        _copy(cursor, "votes_vote", VOTE_COLUMNS, self.votes)
        with cursor.copy(
            "COPY votes_membervote (city_id, vote_id, member_id, vote_choice, raw_value, raw_member_name,"
            " meeting_date) FROM STDIN"
        ) as copy:
            copy.write("".join(self.member_votes))


def _council_on(seat_terms: list[list[tuple[int, str, dt.date, dt.date | None]]], day: dt.date) -> Sitting:
    """Who sits on each seat on a given day (seat order = roll-call order)."""
    sitting = []
    for holders in seat_terms:
        for member_id, name, start, end in holders:
            if start <= day and (end is None or day <= end):
                sitting.append((member_id, name))
                break
    return sitting


def _load_city(
    spec: CitySpec, rng: random.Random, categories: dict[str, int], stats: LoadStats, items_per_meeting: tuple[int, int]
) -> None:
    city = City.objects.get(city_key=spec.key)  # created beforehand by _city_ensure
    members = _council_create(spec, city)
    seat_terms = [[(members[n].id, n, s, e) for n, s, e, _ in seat.holders] for seat in spec.seats]
    rows = _CityRows(city_id=city.pk, spec=spec, rng=rng, categories=categories)
    dates = list(_meeting_dates(spec, rng))
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        fast = _foreign_key_triggers_off(cursor)
        previous = None
        for meeting_id, (day, meeting_type) in zip(
            _reserve_ids(cursor, "meetings_meeting", len(dates)), dates, strict=True
        ):
            rows.meeting(meeting_id, day, meeting_type)
            regular = meeting_type == spec.meeting_types[0]
            count = rng.randint(*items_per_meeting) if regular else rng.randint(1, 3)
            consent_count = count * 3 // 5 if regular else 0
            council = _council_on(seat_terms, day)
            for position, item_id in enumerate(_reserve_ids(cursor, "meetings_agendaitem", count)):
                consent = position < consent_count
                rows.item(item_id, meeting_id, position, consent=consent, day=day, previous=previous)
                if day < DEMO_TODAY and council:
                    rows.vote(item_id, day, council, consent=consent)
            previous = day
        rows.number_votes(_reserve_ids(cursor, "votes_vote", len(rows.votes)))
        rows.copy_all(cursor)
        if fast:
            _orphans_refuse(cursor, city.pk, spec.key)
    stats.cities += 1
    stats.meetings += len(rows.meetings)
    stats.items += len(rows.items)
    stats.votes += len(rows.votes)
    stats.member_votes += len(rows.member_votes)


def _orphans_refuse(cursor: Any, city_id: int, city_key: str) -> None:
    """With the per-row foreign-key triggers off, the same references are checked set-wise before commit."""
    cursor.execute("SET LOCAL session_replication_role = origin")
    # The fresh rows have no statistics yet: without this the planner picks nested loops.
    cursor.execute("SET LOCAL enable_nestloop = off")
    cursor.execute(read_sql(__file__, "bulk_load_orphans.sql"), {"city_id": city_id})
    orphans = cursor.fetchone()[0]
    if orphans:
        raise RuntimeError(f"{orphans} rows of {city_key} reference a missing or foreign parent")


def _foreign_key_triggers_off(cursor) -> bool:
    """Bulk path: skip per-row FK triggers for this transaction when we may (superuser only).

    The load then checks the same references set-wise (bulk_load_orphans.sql) before commit.
    Without the privilege the triggers stay on: slower, equally correct.
    """
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _roll_call(rng: random.Random, seats: int, *, consent: bool) -> list[str]:
    """Mostly unanimous; some split regular votes; the odd absence and abstention."""
    choices = ["Absent" if rng.random() < 0.04 else "Yes" for _ in range(seats)]
    if not consent and rng.random() < 0.18:
        for index in rng.sample(range(seats), rng.randint(1, max(1, seats // 2))):
            if choices[index] == "Yes":
                choices[index] = "No"
    if not consent and rng.random() < 0.03:
        index = rng.randrange(seats)
        if choices[index] == "Yes":
            choices[index] = "Abstain"
    return choices


def _load_specs(keys: list[str], scale: int, categories: dict[str, int]) -> LoadStats:
    specs = {s.key: s for s in demo_city_specs() + [scale_city_spec(i) for i in range(1, scale + 1)]}
    stats = LoadStats()
    for key in keys:
        rng = random.Random(f"cityvotes-demo-{key}")
        per_meeting = (16, 25) if key.startswith("bench") else (8, 16)
        with transaction.atomic():
            _load_city(specs[key], rng, categories, stats, per_meeting)
    connections.close_all()
    return stats


def _city_ensure(spec: CitySpec) -> City:
    """Create the city (and its partitions) in its own committed transaction. Creating partitions locks
    the partitioned parents until commit, so doing it inside the parallel loaders deadlocked them."""
    return City.objects.filter(city_key=spec.key).first() or city_create(
        city_key=spec.key,
        name=spec.name,
        state=spec.state,
        total_seats=len(spec.seats),
        timezone_name=spec.timezone,
        primary_color=spec.colors[0],
        secondary_color=spec.colors[1],
        meeting_types=list(spec.meeting_types),
    )


def demo_seed(*, scale: int = 0, workers: int = 2, refresh_summary: bool = True) -> LoadStats:
    """Load the demo cities (and `scale` benchmark cities) that are not there yet.

    Benchmark cities load in `workers` processes (one database session each) so both cores work.
    """
    started = time.perf_counter()
    specs = demo_city_specs() + [scale_city_spec(i) for i in range(1, scale + 1)]
    # A city is loaded once it has meetings (a crash rolls a city's data back, not the city).
    loaded = set(
        City.objects.filter(city_key__in=[s.key for s in specs], meetings__isnull=False).values_list(
            "city_key", flat=True
        )
    )
    categories = _categories()
    todo = [s.key for s in specs if s.key not in loaded]
    for spec in specs:
        if spec.key in todo:
            _city_ensure(spec)
    demo_keys = [k for k in todo if not k.startswith("bench")]
    bench_keys = [k for k in todo if k.startswith("bench")]
    stats = _load_specs(demo_keys, scale, categories)
    if bench_keys:
        chunks = [bench_keys[i::workers] for i in range(max(1, min(workers, len(bench_keys))))]
        if len(chunks) == 1:
            parts = [_load_specs(chunks[0], scale, categories)]
        else:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(len(chunks)) as pool:
                parts = pool.starmap(_load_specs, [(chunk, scale, categories) for chunk in chunks])
        for part in parts:
            for name in ("cities", "meetings", "items", "votes", "member_votes"):
                setattr(stats, name, getattr(stats, name) + getattr(part, name))
    if stats.cities and refresh_summary:
        refresh_started = time.perf_counter()
        member_voting_summary_refresh(concurrently=False)
        stats.summary_seconds = time.perf_counter() - refresh_started
    stats.seconds = time.perf_counter() - started
    return stats
