"""Generated Legistar API answers at any volume, for the ingestion benchmark (no real data here)."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Any

from devtools.legistar_recorded import filter_events_since
from devtools.legistar_replay import Prepared

MEMBERS = 9
VALUES = ["Aye"] * 16 + ["Nay", "Nay", "Absent", "Excused"]
EVENT_ITEMS = re.compile(r"^[^/]+/events/(\d+)/eventitems$")
ITEM_VOTES = re.compile(r"^[^/]+/eventitems/(\d+)/votes$")
OFFICE_RECORDS = re.compile(r"^[^/]+/persons/(\d+)/officerecords$")


class SyntheticLegistar:
    """`events` meetings of `items_per_event` acted-on items, each with a roll call of 9 members."""

    def __init__(self, *, events: int, items_per_event: int, last_day: dt.date | None = None) -> None:
        """Weekly meetings up to `last_day` (today by default: a live city, so that an incremental run has
        its look-back window's meetings to re-read)."""
        self.items_per_event = items_per_event
        last_day = last_day or dt.datetime.now(dt.UTC).date()
        first_day = last_day - dt.timedelta(days=7 * events)
        self.events = []
        for n in range(events):
            day = first_day + dt.timedelta(days=7 * n)
            self.events.append(
                {
                    "EventId": 10_000 + n,
                    "EventBodyName": "City Council",
                    "EventDate": f"{day}T00:00:00",
                    "EventTime": "6:00 PM",
                    "EventLocation": "Council Chambers",
                    "EventAgendaStatusName": "Final",
                    "EventLastModifiedUtc": f"{day + dt.timedelta(days=2)}T10:00:00.123",
                    "EventAgendaLastPublishedUTC": f"{day - dt.timedelta(days=5)}T09:00:00",
                    "EventMinutesLastPublishedUTC": f"{day + dt.timedelta(days=2)}T10:00:00",
                }
            )
        self.events_route = filter_events_since(self.events)
        self.prepared: dict[str, Prepared] = {}

    def prepare(self) -> SyntheticLegistar:
        """Serialize every meeting's items and every item's roll call now (about 13 KB per meeting),
        so that serving them costs the replay no more than a recorded answer."""
        for event in self.events:
            items = self(f"x/events/{event['EventId']}/eventitems", {})
            self.prepared[f"events/{event['EventId']}/eventitems"] = Prepared.of(items)
            for item in items:
                votes = self(f"x/eventitems/{item['EventItemId']}/votes", {})
                self.prepared[f"eventitems/{item['EventItemId']}/votes"] = Prepared.of(votes)
        return self

    def __call__(self, path: str, query: dict) -> Any:
        if self.prepared and (answer := self.prepared.get(path.split("/", 1)[-1])) is not None:
            return answer
        if path.endswith("/persons"):
            return [{"PersonId": p, "PersonFullName": f"Member {p}"} for p in range(1, MEMBERS + 1)]
        if match := OFFICE_RECORDS.match(path):
            person = int(match[1])
            return [
                {
                    "OfficeRecordId": person,
                    "OfficeRecordPersonId": person,
                    "OfficeRecordTitle": "Council Member",
                    "OfficeRecordBodyName": "City Council",
                    "OfficeRecordStartDate": "2015-01-05T00:00:00",
                }
            ]
        if path.endswith("/events"):
            return self.events_route(query)
        if match := EVENT_ITEMS.match(path):
            event_id = int(match[1])
            return [
                {
                    "EventItemId": event_id * 1000 + k,
                    "EventItemAgendaSequence": k,
                    "EventItemAgendaNumber": str(k),
                    "EventItemTitle": f"Resolution {event_id}-{k} approving a contract for street repair",
                    "EventItemMatterType": "Resolution",
                    "EventItemMatterFile": f"RES-{event_id}-{k}",
                    "EventItemPassedFlag": 1,
                    "EventItemConsent": int(k < self.items_per_event // 2),
                    "EventItemMoverId": 1 + k % MEMBERS,
                    "EventItemSeconderId": 1 + (k + 1) % MEMBERS,
                    "EventItemRollCallFlag": 1,
                }
                for k in range(self.items_per_event)
            ]
        if match := ITEM_VOTES.match(path):
            item_id = int(match[1])
            return [
                {
                    "VoteId": item_id * 10 + p,
                    "VotePersonId": p,
                    "VotePersonName": f"Member {p}",
                    "VoteValueName": VALUES[zlib.crc32(f"{item_id}-{p}".encode()) % len(VALUES)],
                }
                for p in range(1, MEMBERS + 1)
            ]
        return None
