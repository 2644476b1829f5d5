"""Legistar Web API client: the endpoints the sync reads, over legistar.transport.

Timestamps named ...Utc carry no zone and a varying number of decimals (legistar.dates reads them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from legistar.transport import (
    LegistarBadResponse,
    LegistarError,
    LegistarNotFound,
    LegistarTransport,
    LegistarUnavailable,
)

MATTERS_PER_REQUEST = 40  # ~900 characters of filter: well inside the URL lengths servers accept

__all__ = ["LegistarBadResponse", "LegistarClient", "LegistarError", "LegistarNotFound", "LegistarUnavailable"]


class LegistarClient(LegistarTransport):
    def persons(self) -> Iterator[dict]:
        return self._get_list("persons", id_field="PersonId")

    def office_records(self, person_id: int) -> Iterator[dict]:
        return self._get_list(f"persons/{int(person_id)}/officerecords", id_field="OfficeRecordId")

    def events(self, *, since: dt.datetime | None = None) -> Iterator[dict]:
        """Oldest first, so a resumed run continues where it stopped. With `since`, only events whose
        date, last change, agenda or minutes publication is on or after it (minutes get published
        without EventLastModifiedUtc changing)."""
        params: dict[str, Any] = {"$orderby": "EventDate asc,EventId asc"}
        if since is not None:
            stamp = since.strftime("%Y-%m-%dT%H:%M:%S")
            params["$filter"] = " or ".join(
                f"{name} ge datetime'{stamp}'"
                for name in (
                    "EventDate",
                    "EventLastModifiedUtc",
                    "EventAgendaLastPublishedUTC",
                    "EventMinutesLastPublishedUTC",
                )
            )
        return self._get_list("events", params, id_field="EventId")

    def event_items(self, event_id: int) -> list[dict]:
        rows = self._get(f"events/{int(event_id)}/eventitems", {"AgendaNote": 1, "MinutesNote": 1, "Attachments": 1})
        if not isinstance(rows, list):
            raise LegistarBadResponse(f"event {event_id} items: expected a list")
        return rows

    def bodies(self) -> Iterator[dict[str, Any]]:
        return self._get_list("bodies", id_field="BodyId")

    def matters(self, *, since: dt.datetime) -> Iterator[dict[str, Any]]:
        """Matters changed on or after `since` (MatterLastModifiedUtc), oldest change first."""
        stamp = since.strftime("%Y-%m-%dT%H:%M:%S")
        params = {"$filter": f"MatterLastModifiedUtc ge datetime'{stamp}'", "$orderby": "MatterId asc"}
        return self._get_list("matters", params, id_field="MatterId")

    def matters_by_id(self, matter_ids: list[int]) -> Iterator[dict[str, Any]]:
        """The matters of `matter_ids` the source publishes (one request per MATTERS_PER_REQUEST ids, as an
        OData `or` filter); a matter it does not answer for is not published any more."""
        for start in range(0, len(matter_ids), MATTERS_PER_REQUEST):
            chunk = matter_ids[start : start + MATTERS_PER_REQUEST]
            clause = " or ".join(f"MatterId eq {int(matter_id)}" for matter_id in chunk)
            yield from self._get_list("matters", {"$filter": clause}, id_field="MatterId")

    def matter_parts(self, matter_id: int, parts: tuple[str, ...]) -> list[Any]:
        """The matter's `parts` (histories, sponsors, attachments, versions), requested together, in that
        order; a part that failed is its LegistarError instead, so the others can still be used."""
        answers = self._get_many([f"matters/{int(matter_id)}/{name}" for name in parts], errors_in_place=True)
        return [
            answer
            if isinstance(answer, LegistarError | list)
            else LegistarBadResponse(f"matter {matter_id} {name}: expected a list")
            for name, answer in zip(parts, answers, strict=True)
        ]

    def matter_text(self, matter_id: int, text_id: int) -> dict[str, Any]:
        row = self._get(f"matters/{int(matter_id)}/texts/{int(text_id)}")
        if not isinstance(row, dict):
            raise LegistarBadResponse(f"matter {matter_id} text {text_id}: expected an object")
        return row

    def event_items_rollcalls(self, event_item_ids: list[int]) -> list[list[dict[str, Any]]]:
        """The attendance roll calls of several items (one request each); [] for an item without one."""
        answers = self._get_many([f"eventitems/{int(i)}/rollcalls" for i in event_item_ids], no_votes_500=True)
        for event_item_id, rows in zip(event_item_ids, answers, strict=True):
            if not isinstance(rows, list):
                raise LegistarBadResponse(f"event item {event_item_id} roll calls: expected a list")
        return answers

    def event_item_votes(self, event_item_id: int) -> list[dict]:
        """Roll call of one item; [] when the API answers 500 for "this item had no roll call"."""
        return self.event_items_votes([event_item_id])[0]

    def event_items_votes(self, event_item_ids: list[int]) -> list[list[dict]]:
        """Roll calls of several items (one request each, several in flight), in the order asked."""
        answers = self._get_many([f"eventitems/{int(i)}/votes" for i in event_item_ids], no_votes_500=True)
        for event_item_id, rows in zip(event_item_ids, answers, strict=True):
            if not isinstance(rows, list):
                raise LegistarBadResponse(f"event item {event_item_id} votes: expected a list")
        return answers
