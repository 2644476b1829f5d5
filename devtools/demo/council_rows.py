"""One generated city's rows in the column order their COPY writes: meetings, agenda items (each a matter's
appearance), documents, votes and member votes; legislation and attendance through devtools.demo.legislation."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql

from devtools.demo.council_plans import (
    CONSENT_TEMPLATES,
    PARKS,
    RAW_VALUES,
    REGULAR_TEMPLATES,
    SERVICES,
    STREETS,
    TOPICS,
    VENDORS,
    CitySpec,
)
from devtools.demo.legislation import (
    ACTION_COLUMNS,
    ATTENDANCE_COLUMNS,
    DEMO_TODAY,
    MATTER_COLUMNS,
    SPONSOR_COLUMNS,
    Appearance,
    LegislationRows,
    Sitting,
)


def copy_rows(cursor: Any, table: str, columns: tuple[str, ...] | list[str], rows: list[tuple[Any, ...]]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _roll_call(rng: random.Random, council: Sitting, *, consent: bool, away: dict[int, str]) -> list[str]:
    """Mostly unanimous; some split regular votes; those away from the meeting absent or excused in every vote
    of it; the odd abstention."""
    seats = len(council)
    choices = [away.get(member_id, "Yes") for member_id, _ in council]
    if not consent and rng.random() < 0.18:
        for index in rng.sample(range(seats), rng.randint(1, max(1, seats // 2))):
            if choices[index] == "Yes":
                choices[index] = "No"
    if not consent and rng.random() < 0.03:
        index = rng.randrange(seats)
        if choices[index] == "Yes":
            choices[index] = "Abstain"
    return choices


MEETING_COLUMNS = (
    "id", "city_id", "meeting_date", "meeting_type", "body_name", "body_id", "location", "status", "agenda_url",
    "minutes_url", "legistar_url", "video_url", "created_at", "updated_at",
)  # fmt: skip
ITEM_COLUMNS = (
    "id", "meeting_id", "city_id", "sequence", "item_number", "title", "matter_type", "file_number", "is_consent",
    "matter_id", "kind", "description", "detail_url", "created_at", "updated_at",
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
    "no_count", "absent_count", "abstain_count", "excused_count", "recused_count", "not_voting_count", "mover_id",
    "seconder_id", "mover_name", "seconder_name", "action_text", "created_at", "updated_at",
)  # fmt: skip


@dataclass
class CityRows:
    """One city's generated rows, in the column order their COPY writes."""

    city_id: int
    spec: CitySpec
    rng: random.Random
    categories: dict[str, int]
    legislation: LegislationRows
    meetings: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    item_categories: list[tuple[int, int, int]] = field(default_factory=list)
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
            (meeting_id, self.city_id, day, meeting_type, "City Council", self.legislation.council_body_id,
             "Council Chambers, City Hall", status, agenda, minutes, "", "", "now", "now")
        )  # fmt: skip

    def title(self, template: str, day: dt.date, previous: dt.date | None) -> str:
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

    def item(self, ids: tuple[int, int], meeting_id: int, position: int, *, consent: bool, day: dt.date,
             previous: dt.date | None, council: Sitting, away: dict[int, str]) -> None:  # fmt: skip
        """An agenda item, the matter it is an appearance of (with its history), its vote when held."""
        item_id, matter_id = ids
        pattern, matter_type, category = self.rng.choice(CONSENT_TEMPLATES if consent else REGULAR_TEMPLATES)
        title = self.title(pattern, day, previous)
        held = day < DEMO_TODAY and bool(council)
        outcome = self.vote(item_id, day, council, consent=consent, away=away) if held else None
        at = Appearance(item_id, meeting_id, day, held, title, matter_type)
        file_number = self.legislation.matter_at_council(matter_id, at, council, outcome)
        number = f"{'C' if consent else 'R'}{position + 1}"
        self.items.append(
            (item_id, meeting_id, self.city_id, position + 1, number, title, matter_type, file_number, consent,
             matter_id, "matter", "", "", "now", "now")
        )  # fmt: skip
        self.item_categories.append((item_id, self.categories[category], self.city_id))
        if not consent:
            url = f"https://{self.spec.key}.example.gov/docs/{file_number.replace(' ', '-')}.pdf"
            size = self.rng.randint(80_000, 4_000_000)
            self.documents.append(
                (item_id, self.city_id, "Staff Report", f"Staff report: {title[:200]}", url, size, "now", "now")
            )

    def vote(self, item_id: int, day: dt.date, council: Sitting, *, consent: bool, away: dict[int, str]
             ) -> tuple[bool, str]:  # fmt: skip
        choices = _roll_call(self.rng, council, consent=consent, away=away)
        yes, no = choices.count("Yes"), choices.count("No")
        present = [m for m, c in zip(council, choices, strict=True) if c in ("Yes", "No")]
        mover, seconder = self.rng.sample(present, 2) if len(present) >= 2 else (None, None)
        self.votes.append(
            (item_id, self.city_id, day, "consent" if consent else "roll_call", "Approved" if yes > no else "Failed",
             yes > no, f"{yes}-{no}", yes, no, choices.count("Absent"), choices.count("Abstain"),
             choices.count("Excused"), 0, 0, mover[0] if mover else None, seconder[0] if seconder else None,
             mover[1] if mover else "", seconder[1] if seconder else "", "", "now", "now")
        )  # fmt: skip
        self._ballots.append((council, choices))
        return yes > no, f"{yes}-{no}"

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
        legislation = self.legislation
        copy_rows(cursor, "meetings_matter", MATTER_COLUMNS, legislation.matters)
        copy_rows(cursor, "meetings_meeting", MEETING_COLUMNS, self.meetings)
        copy_rows(cursor, "meetings_agendaitem", ITEM_COLUMNS, self.items)
        copy_rows(
            cursor, "meetings_agendaitemcategory", ["agenda_item_id", "category_id", "city_id"], self.item_categories
        )
        copy_rows(cursor, "meetings_document", DOCUMENT_COLUMNS, self.documents)
        copy_rows(cursor, "votes_vote", VOTE_COLUMNS, self.votes)
        with cursor.copy(
            "COPY votes_membervote (city_id, vote_id, member_id, vote_choice, raw_value, raw_member_name,"
            " meeting_date) FROM STDIN"
        ) as copy:
            copy.write("".join(self.member_votes))
        copy_rows(cursor, "meetings_mattersponsor", SPONSOR_COLUMNS, legislation.sponsors)
        copy_rows(cursor, "meetings_matteraction", ACTION_COLUMNS, legislation.actions)
        copy_rows(cursor, "meetings_attendance", ATTENDANCE_COLUMNS, legislation.attendance)
