"""The demo and benchmark councils as plans: who sits on which seat when, and what their agendas say.

Deterministic: the same plan and seed give the same councils, so a second load is a no-op.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

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
RAW_VALUES = {"Yes": "Aye", "No": "Nay", "Absent": "Absent", "Abstain": "Abstain", "Excused": "Excused"}
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
