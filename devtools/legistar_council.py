"""A generated year of a large council, in the Legistar API's shapes, for the ingestion benchmark: what a
first sync has to ask for, and the roll calls it must not lose. No real data here.

Shaped like the recorded agendas and like the year the legislation issue measured (8,526 items, 1,126
roll calls): stated meetings introduce bills by the dozen; most die in committee; some are heard, laid
over, approved in committee and passed by the council. Every meeting opens with its roll call of who is
present, and has a section heading. A roll call is not always visible on its item: most voted items carry
their pass/fail flag and tally, some only the action's name, a few nothing at all (only the matter's
history says a vote was taken there) - what the sync's request planning has to get right.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from devtools.legistar_replay import Route

COMMITTEES = ("Finance", "Land Use", "Public Safety", "Housing and Buildings", "Transportation", "Health",
              "Education")  # fmt: skip
COMMITTEE_SIZE = 7
STATED_EVERY = 14  # one meeting in this many is the council's stated meeting
FATES = (("introduced", 0.50), ("heard", 0.35), ("passed", 0.15))
ATTENDANCE = ["Present"] * 18 + ["Absent", "Excused"]


@dataclass
class _Matter:
    matter_id: int
    committee: int
    fate: str
    history: list[dict[str, Any]] = field(default_factory=list)


class SyntheticCouncil:
    """`events` meetings over the year up to `last_day`, `members` council members, `bills_per_stated`
    bills introduced at each stated meeting. `roll_calls` is how many agenda items have votes."""

    def __init__(
        self, *, events: int = 700, members: int = 35, bills_per_stated: int = 72, last_day: dt.date | None = None
    ) -> None:
        self.rng = random.Random(7)
        self.members = list(range(1, members + 1))
        self.committee_members = [self.rng.sample(self.members, COMMITTEE_SIZE) for _ in COMMITTEES]
        last_day = last_day or dt.datetime.now(dt.UTC).date()
        first_day = last_day - dt.timedelta(days=365)
        self.events = [self._event(n, first_day + dt.timedelta(days=365 * n // events)) for n in range(events)]
        self.items: dict[int, list[dict[str, Any]]] = {e["EventId"]: [] for e in self.events}
        self.votes: dict[int, list[dict[str, Any]]] = {}
        self.rollcalls: dict[int, list[dict[str, Any]]] = {}
        self.matters: dict[int, _Matter] = {}
        for event in self.events:
            self._open(event)
        for n, event in enumerate(self.events):
            if event["EventBodyId"] == 1:
                for _ in range(bills_per_stated):
                    self._bill(n)

    @property
    def roll_calls(self) -> int:
        return len(self.votes)

    @property
    def agenda_items(self) -> int:
        return sum(len(items) for items in self.items.values())

    # --- the year -------------------------------------------------------------------------------

    def _event(self, n: int, day: dt.date) -> dict[str, Any]:
        stated = n % STATED_EVERY == 0
        body_id = 1 if stated else 2 + n % len(COMMITTEES)
        return {
            "EventId": 50_000 + n, "EventBodyId": body_id,
            "EventBodyName": "City Council" if stated else f"Committee on {COMMITTEES[body_id - 2]}",
            "EventDate": f"{day}T00:00:00", "EventTime": "1:30 PM" if stated else "10:00 AM",
            "EventLocation": "Council Chambers", "EventAgendaStatusName": "Final",
            "EventLastModifiedUtc": f"{day + dt.timedelta(days=3)}T10:00:00.12",
            "EventAgendaLastPublishedUTC": f"{day - dt.timedelta(days=4)}T09:00:00",
            "EventMinutesLastPublishedUTC": f"{day + dt.timedelta(days=3)}T10:00:00",
        }  # fmt: skip

    def _body_members(self, body_id: int) -> list[int]:
        return self.members if body_id == 1 else self.committee_members[body_id - 2]

    def _item(self, event: dict[str, Any], **fields: Any) -> dict[str, Any]:
        items = self.items[event["EventId"]]
        item = {"EventItemId": event["EventId"] * 1000 + len(items), "EventItemEventId": event["EventId"],
                "EventItemAgendaSequence": len(items) + 1, "EventItemAgendaNumber": str(len(items) + 1),
                "EventItemConsent": 0, "EventItemRollCallFlag": 0, **fields}  # fmt: skip
        items.append(item)
        return item

    def _open(self, event: dict[str, Any]) -> None:
        """The meeting's roll call of who is present, and a section heading."""
        roll_call = self._item(event, EventItemTitle="ROLL CALL", EventItemRollCallFlag=1)
        self.rollcalls[roll_call["EventItemId"]] = [
            {"RollCallId": roll_call["EventItemId"] * 100 + p, "RollCallPersonId": p,
             "RollCallPersonName": f"Member {p}", "RollCallValueName": self.rng.choice(ATTENDANCE)}
            for p in self._body_members(event["EventBodyId"])
        ]  # fmt: skip
        self._item(event, EventItemTitle="REPORTS OF STANDING COMMITTEES")

    def _bill(self, stated: int) -> None:
        rng = self.rng
        matter = _Matter(matter_id=100_000 + len(self.matters), committee=rng.randrange(len(COMMITTEES)),
                         fate=rng.choices([f for f, _ in FATES], [w for _, w in FATES])[0])  # fmt: skip
        self.matters[matter.matter_id] = matter
        intro = self.events[stated]
        acted = rng.random() < 0.9  # the rest are on the agenda without an action recorded yet
        self._appear(matter, intro, "Introduced by Council" if acted else None, history=["Introduced by Council",
                     "Referred to Comm by Council"])  # fmt: skip
        later = [n for n in range(stated + 1, len(self.events))
                 if self.events[n]["EventBodyId"] == 2 + matter.committee]  # fmt: skip
        if matter.fate == "heard":
            for n in later[: rng.choice((1, 1, 2))]:
                self._appear(
                    matter, self.events[n], rng.choice(("Hearing Held by Committee", "Laid Over by Committee"))
                )
        elif matter.fate == "passed" and len(later) >= 2:
            self._appear(matter, self.events[later[0]], "Hearing Held by Committee")
            self._appear(matter, self.events[later[1]], "Approved by Committee", vote=True)
            council = next((n for n in range(later[1] + 1, len(self.events)) if self.events[n]["EventBodyId"] == 1),
                           None)  # fmt: skip
            if council is not None:
                self._appear(matter, self.events[council], "Approved by Council", vote=True)

    def _appear(
        self, matter: _Matter, event: dict[str, Any], action: str | None, *, vote: bool = False,
        history: list[str] | None = None,
    ) -> None:  # fmt: skip
        """The matter on this meeting's agenda, what its history records there, and its votes if any."""
        rng = self.rng
        fields: dict[str, Any] = {"EventItemMatterId": matter.matter_id, "EventItemTitle": self._title(matter),
                                  "EventItemMatterFile": self._file(matter), "EventItemMatterType": "Introduction",
                                  "EventItemMatterAttachments": self._attachments(matter)}  # fmt: skip
        voters = self._body_members(event["EventBodyId"])
        tally = f"{len(voters) - 1}-1" if vote and rng.random() < 0.3 else f"{len(voters)}-0"
        shown = rng.random() if vote else 0.0
        if action and (not vote or shown < 0.95):  # 5% of votes show on their item as nothing at all
            fields["EventItemActionName"] = action
        if vote and shown < 0.75:  # most show their decision; 20% only the action's name
            fields |= {"EventItemPassedFlag": 1, "EventItemTally": tally}
        item = self._item(event, **fields)
        for name in history or ([action] if action else []):
            matter.history.append({
                "MatterHistoryId": matter.matter_id * 100 + len(matter.history),
                "MatterHistoryEventId": event["EventId"], "MatterHistoryActionDate": event["EventDate"],
                "MatterHistoryActionName": name, "MatterHistoryActionBodyId": event["EventBodyId"],
                "MatterHistoryActionBodyName": event["EventBodyName"],
                "MatterHistoryPassedFlag": 1 if vote else None, "MatterHistoryTally": tally if vote else None,
            })  # fmt: skip
        if vote:
            no = voters[-1] if tally.endswith("-1") else None
            self.votes[item["EventItemId"]] = [
                {"VoteId": item["EventItemId"] * 100 + p, "VotePersonId": p, "VotePersonName": f"Member {p}",
                 "VoteValueName": "Negative" if p == no else "Affirmative"}
                for p in voters
            ]  # fmt: skip

    # --- a matter's parts -----------------------------------------------------------------------

    @staticmethod
    def _file(matter: _Matter) -> str:
        return f"Int {matter.matter_id - 100_000 + 1:04d}-2026"

    @staticmethod
    def _title(matter: _Matter) -> str:
        return f"A Local Law to amend the administrative code, in relation to {COMMITTEES[matter.committee].lower()}"

    @staticmethod
    def _attachments(matter: _Matter) -> list[dict[str, Any]]:
        return [
            {"MatterAttachmentId": matter.matter_id * 10 + k, "MatterAttachmentName": name,
             "MatterAttachmentHyperlink": f"https://legistar.example.org/attachments/{matter.matter_id}-{k}.pdf",
             "MatterAttachmentShowOnInternetPage": True, "MatterAttachmentMatterVersion": "A"}
            for k, name in enumerate(("Bill Text", "Committee Report")[: 1 + matter.matter_id % 2])
        ]  # fmt: skip

    def _detail(self, matter: _Matter) -> dict[str, Any]:
        first = self.events[0]["EventDate"]
        return {
            "MatterId": matter.matter_id, "MatterFile": self._file(matter), "MatterName": None,
            "MatterTitle": self._title(matter), "MatterTypeName": "Introduction",
            "MatterStatusName": {"introduced": "Committee", "heard": "Laid Over in Committee",
                                 "passed": "Enacted"}[matter.fate],
            "MatterIntroDate": matter.history[0]["MatterHistoryActionDate"] if matter.history else first,
            "MatterBodyId": 2 + matter.committee, "MatterBodyName": f"Committee on {COMMITTEES[matter.committee]}",
            "MatterVersion": "A", "MatterLastModifiedUtc": f"{first[:10]}T12:00:00",
            "MatterRestrictViewViaWeb": False,
        }  # fmt: skip

    def _sponsors(self, matter: _Matter) -> list[dict[str, Any]]:
        rng = random.Random(matter.matter_id)
        people = rng.sample(
            self.members, min(len(self.members), 25 if matter.matter_id % 50 == 0 else rng.randint(1, 8))
        )
        return [{"MatterSponsorId": matter.matter_id * 100 + n, "MatterSponsorNameId": p,
                 "MatterSponsorName": f"Member {p}", "MatterSponsorSequence": n, "MatterSponsorMatterVersion": "A"}
                for n, p in enumerate(people)]  # fmt: skip

    def routes(self, client: str) -> dict[str, Route]:
        """Every answer of the year, as replay routes (lists are filtered and paged by the replay)."""
        routes: dict[str, Route] = {
            f"{client}/persons": [{"PersonId": p, "PersonFullName": f"Member {p}", "PersonActiveFlag": 1}
                                  for p in self.members],
            f"{client}/bodies": [{"BodyId": 1, "BodyName": "City Council", "BodyTypeName": "Primary Legislative Body",
                                  "BodyActiveFlag": 1}]
            + [{"BodyId": 2 + n, "BodyName": f"Committee on {name}", "BodyTypeName": "Committee", "BodyActiveFlag": 1}
               for n, name in enumerate(COMMITTEES)],
            f"{client}/events": self.events,
        }  # fmt: skip
        for p in self.members:
            seats = [
                {
                    "OfficeRecordId": p * 100,
                    "OfficeRecordPersonId": p,
                    "OfficeRecordBodyId": 1,
                    "OfficeRecordBodyName": "City Council",
                    "OfficeRecordTitle": "Council Member",
                    "OfficeRecordStartDate": "2022-01-01T00:00:00",
                    "OfficeRecordEndDate": "2029-12-31T00:00:00",
                }
            ]
            seats += [{"OfficeRecordId": p * 100 + 1 + n, "OfficeRecordPersonId": p, "OfficeRecordBodyId": 2 + n,
                       "OfficeRecordBodyName": f"Committee on {name}", "OfficeRecordTitle": "Committee Member",
                       "OfficeRecordStartDate": "2022-01-01T00:00:00", "OfficeRecordEndDate": "2029-12-31T00:00:00"}
                      for n, name in enumerate(COMMITTEES) if p in self.committee_members[n]]  # fmt: skip
            routes[f"{client}/persons/{p}/officerecords"] = seats
        for event_id, items in self.items.items():
            routes[f"{client}/events/{event_id}/eventitems"] = items
        for item_id, votes in self.votes.items():
            routes[f"{client}/eventitems/{item_id}/votes"] = votes
        for item_id, present in self.rollcalls.items():
            routes[f"{client}/eventitems/{item_id}/rollcalls"] = present
        details = [self._detail(m) for m in self.matters.values()]
        routes[f"{client}/matters"] = details
        for matter, detail in zip(self.matters.values(), details, strict=True):
            base = f"{client}/matters/{matter.matter_id}"
            text = {
                "MatterTextId": matter.matter_id,
                "MatterTextPlain": f"Be it enacted by the Council as follows: {self._title(matter)}.",
            }
            routes |= {base: detail, f"{base}/histories": matter.history, f"{base}/sponsors": self._sponsors(matter),
                       f"{base}/attachments": self._attachments(matter),
                       f"{base}/versions": [{"Key": matter.matter_id, "Value": "A"}],
                       f"{base}/texts/{matter.matter_id}": text}  # fmt: skip
        return routes
