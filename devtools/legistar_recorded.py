"""Recorded Legistar responses of real cities, as routes for the local replay (devtools.legistar_replay):
Philadelphia, New York City, LA Metro, Oakland, Seattle and Dallas (see shared/realdata/PROVENANCE.md).
Where an answer was not recorded, it is built in the API's shape from recorded values, and says so."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devtools.legistar_replay import NO_VOTES_500, Route, odata_rows
from legistar.matters import MATTER_PARTS


def realdata_dir() -> Path:
    from django.conf import settings

    return Path(settings.REALDATA_DIR)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def matter_from_item(item: dict[str, Any]) -> dict[str, Any]:
    """The matter an event item names, in the API's shape, from the item's own recorded matter fields (for
    matters whose /matters/{id} answer was not recorded)."""
    return {
        "MatterId": item["EventItemMatterId"],
        "MatterFile": item.get("EventItemMatterFile"),
        "MatterName": item.get("EventItemMatterName"),
        "MatterTitle": item.get("EventItemTitle") or item.get("EventItemMatterName"),
        "MatterTypeName": item.get("EventItemMatterType"),
        "MatterStatusName": item.get("EventItemMatterStatus"),
        "MatterVersion": item.get("EventItemVersion"),
        "MatterLastModifiedUtc": None,  # unknown: no list of changes names it, its agendas do
        "MatterRestrictViewViaWeb": False,
    }


def matter_routes(client: str, matters: list[dict[str, Any]], parts: dict[str, Any] | None = None) -> dict[str, Route]:
    """/matters/{id} for each matter and its parts: recorded ones from `parts` ("{id}/histories"...), the
    others answered as the API does for a matter without any ([])."""
    routes: dict[str, Route] = {}
    for matter in matters:
        matter_id = matter["MatterId"]
        routes[f"{client}/matters/{matter_id}"] = matter
        for part in MATTER_PARTS:
            routes[f"{client}/matters/{matter_id}/{part}"] = (parts or {}).get(f"{matter_id}/{part}", [])
    return routes


def _item_matters(items: list[dict[str, Any]], recorded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    known = {m["MatterId"] for m in recorded}
    named = {i["EventItemMatterId"]: i for i in items if isinstance(i.get("EventItemMatterId"), int)}
    return recorded + [matter_from_item(item) for matter_id, item in named.items() if matter_id not in known]


def philadelphia_routes(root: Path) -> dict[str, Route]:
    """Recorded Philadelphia responses: persons, office records, bodies, events, one event's items, a matter
    with its history and sponsors (the items' other matters from their own recorded fields)."""
    base = root / "legistar" / "c-tonneslan__convene"
    items = _load(base / "phila_event_6376_items.json")
    recorded = _load(base / "phila_matters.json")
    parts = {"27257/histories": _load(base / "phila_matter_27257_histories.json"),
             "27257/sponsors": _load(base / "phila_matter_27257_sponsors.json")}  # fmt: skip
    return {
        "phila/persons": _load(base / "phila_persons.json"),
        "phila/persons/2/officerecords": _load(base / "phila_person_2_officerecords.json"),
        "phila/persons/3/officerecords": [],
        "phila/persons/6/officerecords": [],
        "phila/bodies": _load(base / "phila_bodies.json"),
        "phila/events": _load(base / "phila_events.json"),
        "phila/events/6376/eventitems": items,
        "phila/events/6378/eventitems": [],
        "phila/events/6373/eventitems": [],
        "phila/matters": (matters := _item_matters(items, recorded)),
        **matter_routes("phila", matters, parts),
    }


def nyc_routes(root: Path) -> dict[str, Route]:
    """Recorded New York City responses: the active bodies, five events and one's items, 25 matters, one
    matter's detail, history and sponsors (a sponsor who is no known person among them), that matter as an
    item of the recorded event."""
    base = root / "legistar" / "umq7573__legistar-monitor"
    items = _load(base / "nyc_event_items_7.json")
    listed: dict[int, dict[str, Any]] = {}
    for name in ("nyc_matters_top5.json", "nyc_matters_filtered.json", "nyc_enacted_matters.json"):
        for matter in _load(base / name):
            listed.setdefault(matter["MatterId"], matter)
    listed[17071] = _load(base / "nyc_matter_detail_17071.json")
    parts = {"17071/histories": _load(base / "nyc_matter_histories_17071.json"),
             "17071/sponsors": _load(base / "nyc_matter_sponsors_17071.json")}  # fmt: skip
    detail = listed[17071]
    # The recorded detail's MatterLastModifiedUtc is null, so no list of changes names it: it reaches the
    # sync as an agenda appearance, constructed here on event 7 from its own fields.
    items = [*items, {"EventItemId": 79499, "EventItemEventId": 7, "EventItemAgendaSequence": len(items) + 1,
                      "EventItemTitle": detail["MatterTitle"], "EventItemMatterId": 17071,
                      "EventItemMatterFile": detail["MatterFile"], "EventItemMatterType": detail["MatterTypeName"],
                      "EventItemMatterName": detail["MatterName"],
                      "EventItemMatterStatus": detail["MatterStatusName"]}]  # fmt: skip
    events = _load(base / "nyc_events_top5.json")
    routes: dict[str, Route] = {
        "nyc/persons": [],
        "nyc/bodies": _load(base / "nyc_active_bodies.json"),
        "nyc/events": events,
        "nyc/matters": (matters := _item_matters(items, list(listed.values()))),
        **{f"nyc/events/{e['EventId']}/eventitems": [] for e in events},
        "nyc/events/7/eventitems": items,
        **matter_routes("nyc", matters, parts),
    }
    return routes


def metro_routes(root: Path) -> dict[str, Route]:
    """Recorded LA Metro responses: one board meeting, its minutes matter and that matter's attachments."""
    base = root / "legistar" / "Metro-Records__scrapers-lametro"
    event = _load(base / "event.json")
    matters = _load(base / "matter_candidates.json")
    matter_id = matters[0]["MatterId"]
    item = {
        "EventItemId": 900001,
        "EventItemEventId": event["EventId"],
        "EventItemAgendaSequence": 1,
        "EventItemAgendaNumber": "2",
        "EventItemTitle": matters[0]["MatterTitle"],
        "EventItemMatterId": matter_id,
        "EventItemMatterFile": matters[0]["MatterFile"],
        "EventItemMatterType": matters[0]["MatterTypeName"],
    }  # fmt: skip  -- the recorded event carries no items: its minutes matter as item 2
    return {
        "metro/persons": [],
        "metro/bodies": [],
        "metro/events": [{k: v for k, v in event.items() if k != "EventItems"}],
        f"metro/events/{event['EventId']}/eventitems": [item],
        "metro/matters": matters,
        **matter_routes("metro", matters, {f"{matter_id}/attachments": _load(base / "minutes_candidates.json")}),
    }


def seattle_vote_rows(root: Path) -> list[dict]:
    """The only raw /votes response recorded (Seattle, item 123047)."""
    return _load(root / "legistar" / "c-tonneslan__convene" / "seattle_votes_123047.json")


def oakland_events(root: Path) -> list[dict]:
    """1,000 recorded Oakland events: exactly the API's page cap."""
    return _load(root / "legistar" / "rbelew__legistar4OO" / "oakland_pubSafety_events.json")


def dallas_routes(root: Path, client: str = "dallas") -> dict[str, Route]:
    """Dallas City Council, Q1 2024: the recorded Legistar events and event items flattened to CSV
    with each member's vote joined from Dallas's roll-call records (Dallas does not publish votes
    through Legistar). Served back in the API's own shapes; person, office-record and body ids are
    assigned here (the CSV has none), everything else is the recorded values; each item's matter from the
    CSV's matter columns."""
    base = root / "legistar" / "Ingramml__CityVotes_DallasTX"
    with open(base / "dallas_2024-Q1-Persons.csv", encoding="utf-8-sig") as handle:
        persons_csv = list(csv.DictReader(handle))
    with open(base / "dallas_2024-Q1-Votes.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    person_ids = {p["voter_name"]: 1000 + n for n, p in enumerate(persons_csv)}
    routes: dict[str, Route] = {
        f"{client}/persons": [
            {"PersonId": pid, "PersonFullName": name, "PersonActiveFlag": 1} for name, pid in person_ids.items()
        ],
    }
    for n, person in enumerate(persons_csv):
        pid = person_ids[person["voter_name"]]
        routes[f"{client}/persons/{pid}/officerecords"] = [
            {
                "OfficeRecordId": 5000 + n,
                "OfficeRecordPersonId": pid,
                "OfficeRecordFullName": person["voter_name"],
                "OfficeRecordTitle": person["title"],
                "OfficeRecordBodyName": "City Council",
                "OfficeRecordStartDate": f"{person['first_seen']}T00:00:00",
                "OfficeRecordEndDate": None,
            }
        ]
    events: dict[str, dict] = {}
    items: dict[str, list] = defaultdict(list)
    # Ten recorded rows came from the roll-call records alone and carry no Legistar ids: they are
    # served on their meeting (same date and body) without an EventItemId, as a malformed record.
    event_of_day = {(r["event_date"], r["event_body"]): r["event_id"] for r in rows if r["event_id"]}
    for row in rows:
        event_id = row["event_id"] or event_of_day.get((row["event_date"], row["event_body"]))
        if not event_id:
            continue
        events.setdefault(
            event_id,
            {
                "EventId": int(event_id),
                "EventBodyName": row["event_body"],
                "EventDate": f"{row['event_date']}T00:00:00",
                "EventTime": row["event_time"],
                "EventLocation": row["event_location"],
                "EventAgendaFile": row["agenda_link"] or None,
                "EventMinutesFile": row["minutes_link"] or None,
                "EventVideoPath": row["video_link"] or None,
                "EventAgendaStatusName": "Final",
            },
        )
        item_id = int(row["event_item_id"]) if row["event_item_id"] else None
        passed = {"1": 1, "0": 0}.get(row["passed"])
        links = [link for link in row["attachment_links"].split("|") if link.strip()]
        items[event_id].append(
            {
                "EventItemId": item_id,
                "EventItemEventId": int(event_id),
                "EventItemAgendaSequence": int(row["agenda_sequence"] or 0),
                "EventItemAgendaNumber": row["agenda_number"] or None,
                "EventItemTitle": row["title"],
                "EventItemMatterFile": row["matter_file"] or None,
                "EventItemMatterType": row["matter_type"] or None,
                "EventItemMatterId": int(row["matter_id"]) if row["matter_id"] else None,
                "EventItemPassedFlag": passed,
                "EventItemConsent": 1 if row["consent"] in ("1", "True", "true") else 0,
                "EventItemTally": row["tally"] or None,
                "EventItemMover": row["mover"] or None,
                "EventItemSeconder": row["seconder"] or None,
                "EventItemRollCallFlag": int(row["roll_call_flag"] or 0),
                "EventItemActionName": row["socrata_final_action"] or None,
                "EventItemMatterAttachments": [
                    {
                        "MatterAttachmentId": (item_id or 0) * 100 + k,
                        "MatterAttachmentName": f"Attachment {k + 1}",
                        "MatterAttachmentHyperlink": link.strip(),
                        "MatterAttachmentShowOnInternetPage": True,
                    }
                    for k, link in enumerate(links)
                ],
            }
        )
        if item_id is None:
            continue
        votes = [
            {
                "VoteId": item_id * 100 + k,
                "VotePersonId": person_ids[name],
                "VotePersonName": name,
                "VoteValueName": row[name],
                "VoteEventItemId": item_id,
            }
            for k, name in enumerate(person_ids)
            if row.get(name)
        ]
        routes[f"{client}/eventitems/{item_id}/votes"] = votes or NO_VOTES_500
    routes[f"{client}/events"] = sorted(events.values(), key=lambda e: (e["EventDate"], e["EventId"]))
    for event_id, event_items in items.items():
        routes[f"{client}/events/{event_id}/eventitems"] = event_items
    body_names = sorted({row["event_body"] for row in rows} | {row["matter_body_name"] for row in rows} - {""})
    body_ids = {name: 100 + n for n, name in enumerate(body_names)}
    routes[f"{client}/bodies"] = [
        {"BodyId": body_id, "BodyName": name, "BodyActiveFlag": 1,
         "BodyTypeName": "Primary Legislative Body" if name == "City Council" else "Committee"}
        for name, body_id in body_ids.items()
    ]  # fmt: skip
    for event in events.values():
        event["EventBodyId"] = body_ids.get(event["EventBodyName"])
    matters = {int(r["matter_id"]): _dallas_matter(r, body_ids) for r in rows if r["matter_id"]}
    routes[f"{client}/matters"] = list(matters.values())
    routes.update(matter_routes(client, list(matters.values())))
    return routes


def _dallas_matter(row: dict[str, str], body_ids: dict[str, int]) -> dict[str, Any]:
    """A Dallas matter in the API's shape, from the recorded CSV's matter columns."""
    intro = row["matter_intro_date"]
    return {
        "MatterId": int(row["matter_id"]),
        "MatterFile": row["matter_file"] or None,
        "MatterTitle": row["matter_title"] or row["title"],
        "MatterTypeName": row["matter_type"] or None,
        "MatterStatusName": row["matter_status"] or None,
        "MatterIntroDate": f"{intro[:10]}T00:00:00" if intro else None,
        "MatterEnactmentNumber": row["matter_enactment_number"] or None,
        "MatterBodyName": row["matter_body_name"] or None,
        "MatterBodyId": body_ids.get(row["matter_body_name"]),
        "MatterRequester": row["matter_requester"] or None,
        "MatterRestrictViewViaWeb": False,
    }


def filter_events_since(events: list[dict]) -> Callable[[dict], list[dict]]:
    """An /events route that honours the `$filter` the client sends (for generated events)."""

    def route(query: dict) -> list[dict]:
        return odata_rows(events, query["$filter"]) if query.get("$filter") else events

    return route
