"""Deterministic demo data: three fictional cities with two years of council business, and
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction

from cities.models import Category, City, CouncilMember, Term
from cities.services import city_create
from cities.sqlfiles import read_sql
from votes.services import member_voting_summary_refresh

FIRST_NAMES = [
    "Maria",
    "James",
    "Aisha",
    "Robert",
    "Linh",
    "David",
    "Sofia",
    "Michael",
    "Priya",
    "Daniel",
    "Grace",
    "Carlos",
    "Hannah",
    "Omar",
    "Elena",
    "Marcus",
    "Naomi",
    "Victor",
    "Rosa",
    "Samuel",
    "Tamika",
    "Henry",
    "Yuki",
    "Andre",
    "Claire",
    "Diego",
    "Fatima",
    "Jonah",
    "Leila",
    "Kevin",
]
LAST_NAMES = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Delgado",
    "Eriksen",
    "Foster",
    "Garcia",
    "Hughes",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Mbeki",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Reyes",
    "Sato",
    "Thompson",
    "Underwood",
    "Vargas",
    "Whitfield",
    "Xu",
    "Yamamoto",
    "Zimmerman",
    "Bishop",
    "Carter",
]
VENDORS = [
    "Granite Construction",
    "Blue Ridge Engineering",
    "CivicTech Solutions",
    "Pacific Paving",
    "Summit Environmental",
    "Harbor Transit Systems",
    "Evergreen Landscaping",
    "Metro Fleet Services",
]
SERVICES = [
    "street resurfacing",
    "storm drain repair",
    "traffic signal upgrades",
    "park irrigation",
    "library HVAC replacement",
    "fire station roof repair",
    "water main replacement",
    "sidewalk accessibility improvements",
    "LED streetlight conversion",
    "IT network services",
]
TOPICS = [
    "short-term rentals",
    "accessory dwelling units",
    "noise limits",
    "sidewalk vending",
    "parking minimums",
    "tree preservation",
    "cannabis retail permits",
    "leaf blower use",
    "inclusionary housing",
    "outdoor dining",
]
PARKS = ["Riverside Park", "Oak Grove", "Veterans Memorial Park", "Central Plaza", "Mill Creek Trail"]

# Item templates: (title pattern, matter type, category, consent?)
CONSENT_TEMPLATES = [
    ("Approve minutes of the {prev} regular meeting", "Minutes", "Administration"),
    ("Approve contract with {vendor} for {service} in the amount of ${amount:,}", "Contract", "Public Works"),
    ("Accept grant from the State Department of Transportation for {service}", "Resolution", "Transportation"),
    ("Approve purchase of {n} replacement vehicles for the Police Department", "Purchase", "Public Safety"),
    ("Approve budget amendment for {park} improvements", "Budget Amendment", "Budget & Finance"),
    ("Authorize application for federal housing assistance funds", "Resolution", "Housing"),
    ("Second reading of ordinance on {topic}", "Ordinance", "Land Use"),
    ("Approve appointments to the Parks and Recreation Commission", "Appointment", "Administration"),
]
REGULAR_TEMPLATES = [
    ("Ordinance amending the Municipal Code regarding {topic}", "Ordinance", "Land Use"),
    ("Public hearing: rezoning of parcel {parcel} from R-1 to mixed use", "Ordinance", "Zoning"),
    ("Resolution adopting the fiscal year {fy} operating budget", "Resolution", "Budget & Finance"),
    ("Award of contract to {vendor} for {service} (${amount:,})", "Contract", "Public Works"),
    ("Resolution establishing water and sewer rates for {fy}", "Resolution", "Utilities"),
    ("Approve development agreement for {units} affordable housing units on {street}", "Agreement", "Housing"),
    ("Appeal of Planning Commission decision on {street} project", "Appeal", "Zoning"),
    ("Resolution on police oversight board membership", "Resolution", "Public Safety"),
    ("Adopt the {park} master plan", "Resolution", "Parks"),
]
# How the demo "source" spells each choice (kept raw beside the normalized value).
RAW_VALUES = {"Yes": "Aye", "No": "Nay", "Absent": "Absent", "Abstain": "Abstain"}
STREETS = ["Main Street", "4th Avenue", "Harbor Boulevard", "Elm Street", "Broadway", "Mission Road"]
CATEGORY_TREE = {
    "Administration": None,
    "Budget & Finance": None,
    "Housing": None,
    "Land Use": None,
    "Zoning": "Land Use",
    "Parks": None,
    "Public Safety": None,
    "Public Works": None,
    "Transportation": "Public Works",
    "Utilities": "Public Works",
}


@dataclass
class SeatPlan:
    position: str
    district: int | None
    # (member name, start, end or None, appointment type)
    holders: list[tuple[str, dt.date, dt.date | None, str]] = field(default_factory=list)


@dataclass
class CitySpec:
    key: str
    name: str
    state: str
    timezone: str
    colors: tuple[str, str]
    seats: list[SeatPlan]
    start: dt.date
    end: dt.date
    meeting_types: tuple[str, ...] = ("Regular Meeting", "Special Meeting")


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


def _names(rng: random.Random, count: int) -> Iterator[str]:
    seen: set[str] = set()
    while len(seen) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            yield name


def demo_city_specs() -> list[CitySpec]:
    """Three councils with the turnover residents see in real ones: a seat change, a resignation."""
    start, end = dt.date(2024, 11, 1), dt.date(2026, 12, 31)
    since = dt.date(2022, 12, 1)
    riverton = CitySpec(
        key="riverton",
        name="Riverton, OR",
        state="OR",
        timezone="America/Los_Angeles",
        colors=("#1b4d3e", "#e0a526"),
        start=start,
        end=end,
        seats=[
            SeatPlan("Mayor", None, [("Elena Vargas", since, None, "elected")]),
            SeatPlan("Council Member", 1, [("Marcus Brooks", since, None, "elected")]),
            # A member who changed seats: district 2 until the 2025 reorganization, then Vice Mayor.
            SeatPlan(
                "Council Member",
                2,
                [
                    ("Linh Nguyen", since, dt.date(2025, 1, 5), "elected"),
                    ("Omar Ibrahim", dt.date(2025, 1, 6), None, "elected"),
                ],
            ),
            SeatPlan(
                "Vice Mayor",
                3,
                [
                    ("Robert Jensen", since, dt.date(2025, 1, 5), "elected"),
                    ("Linh Nguyen", dt.date(2025, 1, 6), None, "elected"),
                ],
            ),
            # A member who left mid-term, replaced by an appointee.
            SeatPlan(
                "Council Member",
                4,
                [
                    ("Claire Whitfield", since, dt.date(2025, 6, 30), "elected"),
                    ("Andre Okafor", dt.date(2025, 7, 15), None, "appointed"),
                ],
            ),
            SeatPlan("Council Member", 5, [("Sofia Delgado", since, None, "elected")]),
            SeatPlan("Council Member", 6, [("Henry Foster", since, None, "elected")]),
        ],
    )
    mesa = CitySpec(
        key="mesa_verde",
        name="Mesa Verde, AZ",
        state="AZ",
        timezone="America/Phoenix",
        colors=("#7a2e0e", "#f4c27a"),
        start=start,
        end=end,
        meeting_types=("Formal Meeting", "Policy Session"),
        seats=[SeatPlan("Mayor", None, [("Rosa Alvarez", since, None, "elected")])]
        + [
            SeatPlan("Council Member", d, [(name, since, None, "elected")])
            for d, name in zip(
                range(1, 9),
                [
                    "Daniel Chen",
                    "Tamika Hughes",
                    "Victor Reyes",
                    "Grace Patel",
                    "Jonah Kowalski",
                    "Fatima Mbeki",
                    "Kevin Sato",
                    "Naomi Quinn",
                ],
                strict=True,
            )
        ],
    )
    lakeside = CitySpec(
        key="lakeside",
        name="Lakeside, MN",
        state="MN",
        timezone="America/Chicago",
        colors=("#0b3c5d", "#9ad1d4"),
        start=start,
        end=end,
        seats=[
            SeatPlan("Mayor", None, [("David Eriksen", since, None, "elected")]),
            SeatPlan("Council Member", None, [("Priya Thompson", since, None, "elected")]),
            SeatPlan(
                "Council Member",
                None,
                [
                    ("Samuel Underwood", since, dt.date(2025, 12, 31), "elected"),
                    ("Yuki Yamamoto", dt.date(2026, 1, 2), None, "elected"),
                ],
            ),
            SeatPlan("Council Member", None, [("Hannah Zimmerman", since, None, "elected")]),
            SeatPlan("Council Member", None, [("Carlos Garcia", since, None, "elected")]),
        ],
    )
    return [riverton, mesa, lakeside]


def scale_city_spec(index: int) -> CitySpec:
    """A synthetic city with ten years of meetings and a council that turns over every election."""
    rng = random.Random(index * 7919)
    start, end = dt.date(2016, 11, 1), dt.date(2026, 10, 31)
    names = _names(rng, 60)
    seats = []
    for seat in range(9):
        plan = SeatPlan("Mayor" if seat == 0 else "Council Member", None if seat == 0 else seat)
        begin = dt.date(2016, 1, 4)
        while begin < end:
            finish = dt.date(begin.year + 4, 1, 3)
            plan.holders.append((next(names), begin, None if finish > end else finish, "elected"))
            begin = dt.date(begin.year + 4, 1, 4)
        seats.append(plan)
    return CitySpec(
        key=f"bench{index:03d}",
        name=f"Benchmark City {index}",
        state="CA",
        timezone="America/Los_Angeles",
        colors=("#333366", "#ffcc00"),
        seats=seats,
        start=start,
        end=end,
    )


def _meeting_dates(spec: CitySpec, rng: random.Random) -> Iterator[tuple[dt.date, str]]:
    """First and third Tuesday (regular) plus an occasional special meeting."""
    day = spec.start
    while day <= spec.end:
        if day.weekday() == 1 and (day.day - 1) // 7 in (0, 2):
            yield day, spec.meeting_types[0]
            if rng.random() < 0.08:
                yield day + dt.timedelta(days=2), spec.meeting_types[1]
        day += dt.timedelta(days=1)


def _reserve_ids(cursor, table: str, count: int) -> list[int]:
    if count == 0:
        return []
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
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


def _load_city(
    spec: CitySpec, rng: random.Random, categories: dict[str, int], stats: LoadStats, items_per_meeting: tuple[int, int]
) -> None:
    city = City.objects.get(city_key=spec.key)  # created beforehand by _city_ensure
    members = _council_create(spec, city)
    # Who sits on each seat on a given day (seat order = roll-call order).
    seat_terms = [[(members[n].id, n, s, e) for n, s, e, _ in seat.holders] for seat in spec.seats]

    def council_on(day: dt.date) -> list[tuple[int, str]]:
        sitting = []
        for holders in seat_terms:
            for member_id, name, start, end in holders:
                if start <= day and (end is None or day <= end):
                    sitting.append((member_id, name))
                    break
        return sitting

    today = dt.date(2026, 11, 23)
    meetings: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    votes: list[list[Any]] = []
    member_votes: list[str] = []
    documents: list[tuple[Any, ...]] = []
    item_categories: list[tuple[int, int]] = []
    dates = list(_meeting_dates(spec, rng))
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        fast = _foreign_key_triggers_off(cursor)
        meeting_ids = _reserve_ids(cursor, "meetings_meeting", len(dates))
        previous = None
        for meeting_id, (day, meeting_type) in zip(meeting_ids, dates, strict=True):
            held = day < today
            meetings.append(
                (
                    meeting_id,
                    city.id,
                    day,
                    meeting_type,
                    "City Council",
                    "Council Chambers, City Hall",
                    "held" if held else "scheduled",
                    f"https://{spec.key}.example.gov/agendas/{day:%Y%m%d}.pdf",
                    f"https://{spec.key}.example.gov/minutes/{day:%Y%m%d}.pdf" if held else "",
                )
            )
            low, high = items_per_meeting
            count = rng.randint(low, high) if meeting_type == spec.meeting_types[0] else rng.randint(1, 3)
            consent_count = count * 3 // 5 if meeting_type == spec.meeting_types[0] else 0
            item_ids = _reserve_ids(cursor, "meetings_agendaitem", count)
            council = council_on(day)
            for position, item_id in enumerate(item_ids):
                consent = position < consent_count
                template = rng.choice(CONSENT_TEMPLATES if consent else REGULAR_TEMPLATES)
                title = template[0].format(
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
                file_number = f"{template[1][:3].upper()}-{day.year}-{rng.randint(1, 999):03d}"
                items.append(
                    (
                        item_id,
                        meeting_id,
                        city.id,
                        position + 1,
                        f"{'C' if consent else 'R'}{position + 1}",
                        title,
                        template[1],
                        file_number,
                        consent,
                    )
                )
                item_categories.append((item_id, categories[template[2]]))
                if not consent:
                    documents.append(
                        (
                            item_id,
                            city.id,
                            "Staff Report",
                            f"Staff report: {title[:200]}",
                            f"https://{spec.key}.example.gov/docs/{file_number}.pdf",
                            rng.randint(80_000, 4_000_000),
                        )
                    )
                if not held or not council:
                    continue
                choices = _roll_call(rng, len(council), consent=consent)
                yes = choices.count("Yes")
                no = choices.count("No")
                present = [m for m, c in zip(council, choices, strict=True) if c in ("Yes", "No")]
                mover, seconder = rng.sample(present, 2) if len(present) >= 2 else (None, None)
                votes.append(
                    [
                        item_id,
                        city.id,
                        day,
                        "consent" if consent else "roll_call",
                        "Approved" if yes > no else "Failed",
                        yes > no,
                        f"{yes}-{no}",
                        yes,
                        no,
                        choices.count("Absent"),
                        choices.count("Abstain"),
                        mover[0] if mover else None,
                        seconder[0] if seconder else None,
                        mover[1] if mover else "",
                        seconder[1] if seconder else "",
                        council,
                        choices,
                    ]
                )
            previous = day
        vote_ids = _reserve_ids(cursor, "votes_vote", len(votes))
        for vote_id, vote in zip(vote_ids, votes, strict=True):
            choices = vote.pop()
            council = vote.pop()
            vote.insert(0, vote_id)
            # COPY text lines built directly: the member-vote rows are most of the volume.
            # (Names come from fixed lists: no tabs, backslashes or newlines to escape.)
            tail = f"\t{vote[3].isoformat()}\n"
            member_votes.extend(
                f"{city.id}\t{vote_id}\t{member_id}\t{choice}\t{RAW_VALUES[choice]}\t{name}{tail}"
                for (member_id, name), choice in zip(council, choices, strict=True)
            )
        _copy(
            cursor,
            "meetings_meeting",
            [
                "id",
                "city_id",
                "meeting_date",
                "meeting_type",
                "body_name",
                "location",
                "status",
                "agenda_url",
                "minutes_url",
                "legistar_url",
                "video_url",
                "created_at",
                "updated_at",
            ],
            ((*m, "", "", "now", "now") for m in meetings),
        )
        _copy(
            cursor,
            "meetings_agendaitem",
            [
                "id",
                "meeting_id",
                "city_id",
                "sequence",
                "item_number",
                "title",
                "matter_type",
                "file_number",
                "is_consent",
                "description",
                "detail_url",
                "created_at",
                "updated_at",
            ],
            ((*i, "", "", "now", "now") for i in items),
        )
        _copy(cursor, "meetings_agendaitemcategory", ["agenda_item_id", "category_id"], item_categories)
        _copy(
            cursor,
            "meetings_document",
            ["agenda_item_id", "city_id", "document_type", "title", "url", "file_size", "created_at", "updated_at"],
            ((*d, "now", "now") for d in documents),
        )
        _copy(
            cursor,
            "votes_vote",
            [
                "id",
                "agenda_item_id",
                "city_id",
                "meeting_date",
                "kind",
                "action_name",
                "passed",
                "tally",
                "yes_count",
                "no_count",
                "absent_count",
                "abstain_count",
                "mover_id",
                "seconder_id",
                "mover_name",
                "seconder_name",
                "action_text",
                "created_at",
                "updated_at",
            ],
            ((*tuple(v), "", "now", "now") for v in votes),
        )
        with cursor.copy(
            "COPY votes_membervote (city_id, vote_id, member_id, vote_choice, raw_value, raw_member_name,"
            " meeting_date) FROM STDIN"
        ) as copy:
            copy.write("".join(member_votes))
        if fast:
            cursor.execute("SET LOCAL session_replication_role = origin")
            # The fresh rows have no statistics yet: without this the planner picks nested loops.
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute(read_sql(__file__, "bulk_load_orphans.sql"), {"city_id": city.id})
            orphans = cursor.fetchone()[0]
            if orphans:
                raise RuntimeError(f"{orphans} rows of {spec.key} reference a missing or foreign parent")
    stats.cities += 1
    stats.meetings += len(meetings)
    stats.items += len(items)
    stats.votes += len(votes)
    stats.member_votes += len(member_votes)


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
