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
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, transaction

from cities.forks import forget_inherited_connections
from cities.models import Body, Category, City, CouncilMember, Membership
from cities.services import city_create
from cities.services.council import primary_body_ensure
from cities.sqlfiles import read_sql
from devtools.demo.council_plans import (
    CATEGORY_TREE,
    CONSENT_TEMPLATES,
    REGULAR_TEMPLATES,
    CitySpec,
    _meeting_dates,
    demo_city_specs,
    scale_city_spec,
)
from devtools.demo.council_rows import CityRows
from devtools.demo.legislation import COMMITTEES, DEMO_TODAY, HELD_IN_COMMITTEE, Committee, LegislationRows, Sitting
from votes.services import member_voting_summary_refresh


@dataclass
class LoadStats:
    cities: int = 0
    meetings: int = 0
    items: int = 0
    votes: int = 0
    member_votes: int = 0
    matters: int = 0
    actions: int = 0
    sponsors: int = 0
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


def _categories() -> dict[str, int]:
    ids: dict[str, int] = {}
    for name, parent in CATEGORY_TREE.items():
        category, _ = Category.objects.get_or_create(
            city=None, name=name, defaults={"parent_id": ids.get(parent) if parent else None}
        )
        ids[name] = category.id
    return ids


ROLES = {"Mayor": Membership.Role.MAYOR, "Vice Mayor": Membership.Role.VICE_MAYOR}


def _council_create(spec: CitySpec, city: City, rng: random.Random) -> tuple[dict[str, CouncilMember], list[Committee]]:
    """The city's members (by name), their seats on its council, and three committees of sitting members."""
    council = primary_body_ensure(city=city)
    members: dict[str, CouncilMember] = {}
    seats: list[Membership] = []
    for seat in spec.seats:
        for name, start, end, appointment in seat.holders:
            member = members.get(name)
            if member is None:
                member = members[name] = CouncilMember.objects.create(
                    city=city, full_name=name, bio=f"{name} serves on the {spec.name.split(',')[0]} City Council."
                )
            seats.append(Membership(
                member=member, body=council, city=city, role=ROLES.get(seat.position, Membership.Role.MEMBER),
                title=seat.position, district=seat.district, start_date=start, end_date=end,
                appointment_type=appointment,
            ))  # fmt: skip
    committees = []
    long_serving = [m for m in seats if m.end_date is None and m.start_date <= spec.start]
    for name in COMMITTEES:
        body = Body.objects.create(city=city, name=name, kind=Body.Kind.COMMITTEE)
        chosen = rng.sample(long_serving, min(3, len(long_serving)))
        for position, sitting in enumerate(chosen):
            role = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)[min(position, 2)]
            seats.append(Membership(member=sitting.member, body=body, city=city, role=role,
                                    title=role.label.capitalize(), start_date=sitting.start_date))  # fmt: skip
        committees.append(Committee(body.pk, name, tuple(s.member.pk for s in chosen)))
    Membership.objects.bulk_create(seats)
    return members, committees


def _council_on(seat_terms: list[list[tuple[int, str, dt.date, dt.date | None]]], day: dt.date) -> Sitting:
    """Who sits on each seat on a given day (seat order = roll-call order)."""
    sitting = []
    for holders in seat_terms:
        for member_id, name, start, end in holders:
            if start <= day and (end is None or day <= end):
                sitting.append((member_id, name))
                break
    return sitting


def _away(rng: random.Random, council: Sitting) -> dict[int, str]:
    """Who misses a meeting: absent, or excused (a leave the council recorded)."""
    return {
        member_id: ("Excused" if rng.random() < 0.4 else "Absent") for member_id, _ in council if rng.random() < 0.04
    }


def _load_city(
    spec: CitySpec, rng: random.Random, categories: dict[str, int], stats: LoadStats, items_per_meeting: tuple[int, int]
) -> None:
    city = City.objects.get(city_key=spec.key)  # created beforehand by _city_ensure
    members, committees = _council_create(spec, city, rng)
    seat_terms = [[(members[n].id, n, s, e) for n, s, e, _ in seat.holders] for seat in spec.seats]
    legislation = LegislationRows(city.pk, rng, primary_body_ensure(city=city).pk, committees)
    rows = CityRows(city_id=city.pk, spec=spec, rng=rng, categories=categories, legislation=legislation)
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
            away = _away(rng, council)
            if day < DEMO_TODAY and council:
                legislation.attended(meeting_id, day, council, away)
            held_back = sum(rng.random() < HELD_IN_COMMITTEE for _ in range(count))
            item_ids = _reserve_ids(cursor, "meetings_agendaitem", count)
            matter_ids = _reserve_ids(cursor, "meetings_matter", count + held_back)
            for position, ids in enumerate(zip(item_ids, matter_ids, strict=False)):
                rows.item(ids, meeting_id, position, consent=position < consent_count, day=day, previous=previous,
                          council=council, away=away)  # fmt: skip
            for matter_id in matter_ids[count:]:
                pattern, matter_type, _ = rng.choice(CONSENT_TEMPLATES if rng.random() < 0.5 else REGULAR_TEMPLATES)
                legislation.matter_in_committee(matter_id, day=day, council=council, matter_type=matter_type,
                                                title=rows.title(pattern, day, previous))  # fmt: skip
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
    stats.matters += len(legislation.matters)
    stats.actions += len(legislation.actions)
    stats.sponsors += len(legislation.sponsors)


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
            with context.Pool(len(chunks), initializer=forget_inherited_connections) as pool:
                parts = pool.starmap(_load_specs, [(chunk, scale, categories) for chunk in chunks])
        for part in parts:
            for name in ("cities", "meetings", "items", "votes", "member_votes", "matters", "actions", "sponsors"):
                setattr(stats, name, getattr(stats, name) + getattr(part, name))
    if stats.cities and refresh_summary:
        refresh_started = time.perf_counter()
        member_voting_summary_refresh(concurrently=False)
        stats.summary_seconds = time.perf_counter() - refresh_started
    stats.seconds = time.perf_counter() - started
    return stats
