"""Generated legislation for the demo and benchmark councils: each agenda item is a matter's appearance at
council, with the history a matter has on its way there (introduced, referred, heard and approved in
committee, voted, signed), its sponsors, and some matters that never leave committee. Rows in COPY order.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Sitting = list[tuple[int, str]]  # (member id, name) in roll-call order

MATTER_COLUMNS = (
    "id", "city_id", "file_number", "file_key", "number_key", "name", "title", "matter_type", "status",
    "intro_date", "agenda_date", "passed_date", "enactment_date", "enactment_number", "version", "body_id",
    "body_name", "summary", "last_action_date", "created_at", "updated_at",
)  # fmt: skip
SPONSOR_COLUMNS = ("matter_id", "city_id", "member_id", "name", "sequence", "is_primary", "matter_version",
                   "matter_last_action_date", "matter_withdrawn", "created_at", "updated_at")  # fmt: skip
ACTION_COLUMNS = (
    "matter_id", "city_id", "action_date", "action_name", "action_text", "body_id", "body_name", "meeting_id",
    "agenda_item_id", "passed", "tally", "mover_id", "mover_name", "seconder_id", "seconder_name", "version",
    "created_at", "updated_at",
)  # fmt: skip
ATTENDANCE_COLUMNS = ("meeting_id", "city_id", "member_id", "value", "raw_value", "raw_member_name", "meeting_date",
                      "created_at", "updated_at")  # fmt: skip
COMMITTEES = ("Committee on Finance", "Committee on Land Use", "Committee on Public Safety")
PREFIXES = {"Ordinance": "ORD", "Resolution": "RES", "Contract": "CON", "Appointment": "APT", "Minutes": "MIN",
            "Budget Amendment": "BUD", "Purchase": "PUR", "Agreement": "AGR", "Appeal": "APL"}  # fmt: skip
OUTSIDE_SPONSORS = ("Mayor's Office", "City Manager", "Planning Commission", "Parks Board", "Library Board")
DEMO_TODAY = dt.date(2026, 11, 23)  # meetings after it are scheduled, before it held (the demo does not drift)
HELD_IN_COMMITTEE = 0.12  # extra matters per agenda item that never reach the council


class Appearance(NamedTuple):
    """Where a matter is on a council agenda."""

    item_id: int
    meeting_id: int
    day: dt.date
    held: bool
    title: str
    matter_type: str


@dataclass(frozen=True)
class Committee:
    body_id: int
    name: str
    member_ids: tuple[int, ...]


@dataclass
class LegislationRows:
    city_id: int
    rng: random.Random
    council_body_id: int
    committees: list[Committee]
    matters: list[tuple[Any, ...]] = field(default_factory=list)
    sponsors: list[tuple[Any, ...]] = field(default_factory=list)
    actions: list[tuple[Any, ...]] = field(default_factory=list)
    attendance: list[tuple[Any, ...]] = field(default_factory=list)
    _numbers: dict[tuple[str, int], int] = field(default_factory=dict)

    def _file_number(self, matter_type: str, year: int) -> tuple[str, str, str]:
        prefix = PREFIXES.get(matter_type, "GEN")
        number = self._numbers[(prefix, year)] = self._numbers.get((prefix, year), 0) + 1
        return f"{prefix} {number:04d}-{year}", f"{prefix.lower()} {number} {year}", f"{number} {year}"

    def _sponsor_rows(self, matter_id: int, council: Sitting, big: bool, last_action: dt.date) -> None:
        """With their matter's copies filled in: the bulk load runs without triggers."""
        rng = self.rng
        people = rng.sample(council, min(len(council), 9 if big else rng.randint(3, 9)))
        names: list[tuple[int | None, str]] = list(people)
        if big:  # a matter many signed on to: members and outside bodies
            names += [(None, f"{OUTSIDE_SPONSORS[n % len(OUTSIDE_SPONSORS)]} ({n // len(OUTSIDE_SPONSORS) + 1})")
                      for n in range(16)]  # fmt: skip
        for sequence, (member_id, name) in enumerate(names):
            self.sponsors.append(
                (
                    matter_id,
                    self.city_id,
                    member_id,
                    name,
                    sequence,
                    sequence == 0,
                    "",
                    last_action,
                    False,
                    "now",
                    "now",
                )
            )

    def _action(self, matter_id: int, day: dt.date, name: str, body: tuple[int | None, str], **extra: Any) -> None:
        self.actions.append((
            matter_id, self.city_id, day, name, extra.get("text", ""), body[0], body[1], extra.get("meeting_id"),
            extra.get("item_id"), extra.get("passed"), extra.get("tally", ""), extra.get("mover_id"),
            extra.get("mover_name", ""), None, "", "", "now", "now",
        ))  # fmt: skip

    def _committee_path(self, matter_id: int, intro: dt.date, committee: Committee, rounds: int) -> dt.date:
        council = (self.council_body_id, "City Council")
        body = (committee.body_id, committee.name)
        self._action(matter_id, intro, "Introduced", council)
        self._action(matter_id, intro, f"Referred to the {committee.name}", council)
        day = intro
        for round_ in range(rounds):
            if day + dt.timedelta(days=7) > DEMO_TODAY:  # no history after the demo's today
                break
            day += dt.timedelta(days=7)
            self._action(matter_id, day, "Hearing Held by Committee", body)
            if round_ < rounds - 1 or self.rng.random() < 0.4:
                self._action(matter_id, day, "Laid Over by Committee", body)
            if self.rng.random() < 0.3:
                self._action(matter_id, day, "Amended by Committee", body, text="Amended in committee.")
        return day

    def matter_at_council(
        self, matter_id: int, at: Appearance, council: Sitting, outcome: tuple[bool, str] | None
    ) -> str:
        """A matter on this agenda, with its history up to (and after) this meeting; returns its file number."""
        rng = self.rng
        item_id, meeting_id, day, held, title, matter_type = at
        big = rng.random() < 0.02
        intro = day - dt.timedelta(days=rng.randint(21, 60))
        committee = rng.choice(self.committees)
        file_number, file_key, number_key = self._file_number(matter_type, intro.year)
        last = self._committee_path(matter_id, intro, committee, rounds=5 if big else rng.choice((1, 2, 2)))
        self._action(matter_id, last, "Approved by Committee", (committee.body_id, committee.name), passed=True,
                     tally=f"{len(committee.member_ids)}-0")  # fmt: skip
        status, passed_date, enacted = "Scheduled for council", None, None
        if held and outcome is not None:
            passed, tally = outcome
            name = "Approved by Council" if passed else "Failed by Council"
            self._action(matter_id, day, name, (self.council_body_id, "City Council"), meeting_id=meeting_id,
                         item_id=item_id, passed=passed, tally=tally)  # fmt: skip
            status, last = ("Adopted", day) if passed else ("Failed", day)
            if passed:
                passed_date, enacted = day, day + dt.timedelta(days=3)
                self._action(matter_id, enacted, "Signed by Mayor", (None, "Mayor"))
                last = enacted
        number = f"{intro.year}-{matter_id % 100000}" if enacted else ""
        self.matters.append((
            matter_id, self.city_id, file_number, file_key, number_key, "", title, matter_type, status, intro, day,
            passed_date, enacted, number, "1", committee.body_id, committee.name, "", last, "now", "now",
        ))  # fmt: skip
        self._sponsor_rows(matter_id, council, big, last)
        return file_number

    def matter_in_committee(
        self, matter_id: int, *, day: dt.date, council: Sitting, title: str, matter_type: str
    ) -> None:
        """A matter introduced and held in committee: it never reaches the council's agenda."""
        rng = self.rng
        day = min(day, DEMO_TODAY - dt.timedelta(days=rng.randint(0, 20)))
        committee = rng.choice(self.committees)
        file_number, file_key, number_key = self._file_number(matter_type, day.year)
        last = self._committee_path(matter_id, day, committee, rounds=2)
        self.matters.append((
            matter_id, self.city_id, file_number, file_key, number_key, "", title,
            matter_type, "In Committee", day, None, None, None, "", "1", committee.body_id, committee.name, "",
            last, "now", "now",
        ))  # fmt: skip
        self._sponsor_rows(matter_id, council, big=False, last_action=last)

    def attended(self, meeting_id: int, day: dt.date, council: Sitting, away: dict[int, str]) -> None:
        for member_id, name in council:
            value = away.get(member_id, "Present")
            self.attendance.append((meeting_id, self.city_id, member_id, value, value, name, day, "now", "now"))
