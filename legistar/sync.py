"""Keep a city's council, meetings, agenda items and votes in step with its Legistar Web API.

Idempotent: every record is matched by the source's id and compared before writing, so a
second run over unchanged data writes nothing (not even updated_at). One transaction per
meeting: a failure never leaves half a meeting. A malformed record is skipped with its reason
and source id in the DataSyncLog; it never aborts the city. Lives in `votes` because it writes
meetings and votes (votes -> meetings -> cities, never back).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import multiprocessing
import zoneinfo
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.html import strip_tags

from cities.models import City, CouncilMember, DataSyncLog, Term
from cities.sqlfiles import read_sql
from meetings.legistar import (
    LegistarBadResponse,
    LegistarClient,
    LegistarError,
    LegistarUnavailable,
    parse_legistar_date,
    parse_legistar_datetime,
    parse_legistar_time,
)
from meetings.minutes import minutes_ingest_queue
from meetings.models import Meeting
from votes.models import Vote, VoteChoice, VoteValueMapping

# Built-in meanings, used when a city has no mapping row for a value. Exact matches only
# (case-folded): substring tests would read "No" into "Non-voting".
DEFAULT_VOTE_VALUES: dict[str, str] = {
    **dict.fromkeys(["aye", "yea", "yes", "in favor", "affirmative", "approve", "y"], VoteChoice.YES),
    **dict.fromkeys(["nay", "no", "negative", "opposed", "n"], VoteChoice.NO),
    **dict.fromkeys(
        [
            "absent",
            "excused",
            "absent (excused)",
            "medical",
            "medical leave",
            "parental leave",
            "jury duty",
            "vacation",
            "leave",
            "excused absence",
            "not present",
        ],
        VoteChoice.ABSENT,
    ),
    **dict.fromkeys(["abstain", "abstained", "abstention", "recused", "recusal", "conflict"], VoteChoice.ABSTAIN),
}


def vote_value_normalize(raw: Any, city_mapping: dict[str, str]) -> str:
    """A source's vote value as a VoteChoice; VoteChoice.UNKNOWN when nobody said what it means."""
    if not isinstance(raw, str) or not raw.strip():
        return VoteChoice.UNKNOWN
    key = " ".join(raw.split()).casefold()
    return city_mapping.get(key) or DEFAULT_VOTE_VALUES.get(key) or VoteChoice.UNKNOWN


def clean_text(value: Any, limit: int | None = None) -> str:
    """Source text as plain text: tags stripped, entities decoded, whitespace folded, NULs dropped."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:  # most values have neither: skip the HTML parser
        text = html.unescape(strip_tags(text))
    text = " ".join(text.replace("\x00", "").split())
    return text[:limit] if limit else text


def _url(value: Any) -> str:
    text = str(value or "").strip()
    return text[:500] if text.startswith(("http://", "https://")) else ""


@dataclass
class SyncReport:
    city_key: str
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    skipped: list[dict[str, Any]] = field(default_factory=list)
    unknown_vote_values: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0
    seconds: float = 0.0
    error: str = ""
    unavailable: bool = False  # the API was down (worth retrying), as opposed to a bad answer

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[kind][outcome] += n

    def skip(self, kind: str, source_id: Any, reason: str) -> None:
        self.count(kind, "skipped")
        self.skipped.append({"object": kind, "source_id": source_id, "reason": reason})

    def merge(self, other: dict[str, Any]) -> None:
        """Add a worker process's report (`as_parts`)."""
        for kind, outcomes in other["counts"].items():
            for outcome, n in outcomes.items():
                self.count(kind, outcome, n)
        self.skipped.extend(other["skipped"])
        for value, n in other["unknown_vote_values"].items():
            self.unknown_vote_values[value] += n
        self.requests += other["requests"]
        self.error = self.error or other["error"]
        self.unavailable = self.unavailable or other["unavailable"]

    def as_parts(self) -> dict[str, Any]:
        """Plain data, for passing between processes."""
        return {
            "counts": {k: dict(v) for k, v in self.counts.items()},
            "skipped": self.skipped,
            "unknown_vote_values": dict(self.unknown_vote_values),
            "requests": self.requests,
            "error": self.error,
            "unavailable": self.unavailable,
        }

    def total(self, outcome: str) -> int:
        return sum(c.get(outcome, 0) for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "city": self.city_key,
            "counts": {k: dict(v) for k, v in self.counts.items()},
            "skipped": len(self.skipped),
            "unknown_vote_values": dict(self.unknown_vote_values),
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "error": self.error,
        }


def _changed(obj: Model, values: dict[str, Any]) -> bool:
    """Apply `values` to `obj`; True when any differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _write(
    model: type[Model],
    *,
    new: list[Model],
    changed: list[Model],
    fields: Iterable[str],
    report: SyncReport,
    kind: str,
    unchanged: int,
) -> None:
    if new:
        model.objects.bulk_create(new, batch_size=2000)
    if changed:
        now = timezone.now()
        for obj in changed:
            obj.updated_at = now
        model.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=2000)
    report.count(kind, "created", len(new))
    report.count(kind, "updated", len(changed))
    report.count(kind, "unchanged", unchanged)


class LegistarSync:
    def __init__(self, city: City, client: LegistarClient, report: SyncReport, *, queue_minutes: bool = True) -> None:
        self.city = city
        self.queue_minutes = queue_minutes
        self.client = client
        self.report = report
        self.tz = zoneinfo.ZoneInfo(city.timezone)
        self.vote_values = {
            " ".join(m.raw_value.split()).casefold(): m.vote_choice for m in VoteValueMapping.objects.filter(city=city)
        }
        self.members: dict[int, CouncilMember] = {}
        self._analyzed, self._analyzed_at = 0, 0  # statistics refreshes done, at how many created items
        self._prefetch: ThreadPoolExecutor | None = None

    # --- people ---------------------------------------------------------------------------------

    def sync_people(self) -> None:
        existing = {
            m.legistar_person_id: m
            for m in CouncilMember.objects.filter(city=self.city).exclude(legistar_person_id=None)
        }
        new, changed, unchanged, persons = [], [], 0, []
        for person in self.client.persons():
            person_id = person.get("PersonId")
            name = clean_text(person.get("PersonFullName"), 100) or clean_text(
                f"{person.get('PersonFirstName') or ''} {person.get('PersonLastName') or ''}", 100
            )
            if not isinstance(person_id, int) or not name:
                self.report.skip("person", person_id, "missing PersonId or name")
                continue
            values = {"full_name": name}
            member = existing.get(person_id)
            if member is None:
                member = CouncilMember(city=self.city, legistar_person_id=person_id, **values)
                new.append(member)
            elif _changed(member, values):
                changed.append(member)
            else:
                unchanged += 1
            existing[person_id] = member
            persons.append(person_id)
        with transaction.atomic():
            _write(
                CouncilMember,
                new=new,
                changed=changed,
                fields=["full_name"],
                report=self.report,
                kind="member",
                unchanged=unchanged,
            )
        self.members = existing
        self._sync_terms(persons)

    def _sync_terms(self, person_ids: list[int]) -> None:
        existing = {
            t.legistar_office_record_id: t
            for t in Term.objects.filter(city=self.city).exclude(legistar_office_record_id=None)
        }
        new, changed, unchanged = [], [], 0
        for person_id in person_ids:
            try:
                records = list(self.client.office_records(person_id))
            except LegistarBadResponse as error:
                self.report.skip("office_record", f"person {person_id}", str(error))
                continue
            for record in records:
                record_id = record.get("OfficeRecordId")
                start = parse_legistar_date(record.get("OfficeRecordStartDate"))
                end = parse_legistar_date(record.get("OfficeRecordEndDate"))
                if not isinstance(record_id, int) or start is None:
                    self.report.skip("office_record", record_id, "missing OfficeRecordId or start date")
                    continue
                if end is not None and end < start:
                    self.report.skip("office_record", record_id, "ends before it starts")
                    continue
                title = record.get("OfficeRecordTitle") or record.get("OfficeRecordMemberType")
                position = clean_text(title) or "Member"
                body = clean_text(record.get("OfficeRecordBodyName"))
                if body and "council" not in body.casefold():
                    position = f"{position}, {body}"
                values = {
                    "member": self.members[person_id],
                    "position": position[:50],
                    "term_start": start,
                    "term_end": end,
                }
                term = existing.get(record_id)
                if term is None:
                    new.append(Term(city=self.city, legistar_office_record_id=record_id, **values))
                elif _changed(term, values):
                    changed.append(term)
                else:
                    unchanged += 1
        with transaction.atomic():
            _write(
                Term,
                new=new,
                changed=changed,
                fields=["member", "position", "term_start", "term_end"],
                report=self.report,
                kind="term",
                unchanged=unchanged,
            )

    # --- meetings -------------------------------------------------------------------------------

    PREFETCH = 4  # meetings fetched ahead while the current one is written

    def sync_events(
        self, *, since: dt.datetime | None, progress: Callable[[int], None] | None = None, processes: int = 1
    ) -> None:
        """Oldest first. With `processes` > 1, runs of meetings are synced by that many processes."""
        events = self._readable_events(since)
        if processes > 1:
            self._sync_in_processes(events, progress, processes)
        else:

            def step(items: int) -> None:
                if progress:
                    progress(items)
                self.keep_statistics()

            self.sync_event_list(events, step)

    ANALYZE_AT = (200, 2_000, 20_000, 200_000, 2_000_000)  # agenda items created by this run

    def keep_statistics(self, *, final: bool = False) -> None:
        """A city's first load grows its rows from nothing while the planner's statistics still say the
        tables (or the city) have none. Plans made then scan where they should probe an index: the
        foreign-key checks of each session are planned once, and on an empty votes table they scanned
        the whole table for each member vote (a 600-meeting load: 4.3 s -> 7.4 s with the first refresh
        at 2,000 items instead of 200). So the statistics are refreshed as the load grows (items created:
        200, 2,000, 20,000...), which also makes every session re-plan, and at its end when it has grown
        a good deal since, as autovacuum would later."""
        created = self.report.counts.get("agenda_item", {}).get("created", 0)
        due = sum(1 for threshold in self.ANALYZE_AT if created >= threshold)
        if due > self._analyzed or (final and created >= max(2 * self._analyzed_at, 200)):
            self._analyzed, self._analyzed_at = due, created
            city_statistics_refresh(city_id=self.city.id)

    def _readable_events(self, since: dt.datetime | None) -> Iterator[tuple[dict, dt.date]]:
        for event in self.client.events(since=since):
            event_id = event.get("EventId")
            meeting_date = parse_legistar_date(event.get("EventDate"))
            if not isinstance(event_id, int) or meeting_date is None:
                self.report.skip("meeting", event_id, "missing EventId or a readable EventDate")
                continue
            yield event, meeting_date

    def sync_event_list(self, events: Iterable[tuple[dict, dt.date]], progress: Callable[[int], None] | None) -> None:
        """The next meetings' HTTP runs in the background while this one is written."""
        if self._prefetch is None:
            # One pool for the sync's (or worker process's) whole life: the client keeps a libcurl handle
            # and its open connections per thread, so a pool per run of meetings opened ~16 connections
            # per run and never closed them (3,600 at 5,600 meetings, each a thread in the replay).
            self._prefetch = ThreadPoolExecutor(max_workers=2, thread_name_prefix="legistar-fetch")
        pending: deque = deque()
        try:
            for event, meeting_date in events:
                pending.append((event, meeting_date, self._prefetch.submit(self._fetch_event, event["EventId"])))
                while len(pending) > self.PREFETCH:
                    self._store_fetched(*pending.popleft(), progress)
            while pending:
                self._store_fetched(*pending.popleft(), progress)
        finally:  # stopped by an error: what was fetched ahead is not wanted, and no fetch outlives the run
            for *_, future in pending:
                future.cancel()
            futures.wait([future for *_, future in pending])

    def close(self) -> None:
        if self._prefetch is not None:
            self._prefetch.shutdown(cancel_futures=True)
            self._prefetch = None

    EVENTS_PER_TASK = 25

    def _sync_in_processes(
        self, events: Iterator[tuple[dict, dt.date]], progress: Callable[[int], None] | None, processes: int
    ) -> None:
        """A history's first load is CPU-bound in this process (HTTP, JSON, ORM): runs of meetings go to
        forked worker processes, a few runs in flight so memory stays flat. Each meeting is still one
        transaction; the watermark moves only when the whole run succeeded."""
        if connection.in_atomic_block:
            raise RuntimeError("a sync with several processes cannot run inside a transaction")
        connections.close_all()  # the workers open their own
        context = multiprocessing.get_context("fork")
        with context.Pool(
            processes, initializer=_worker_start, initargs=(self.city.pk, self.client, self.queue_minutes)
        ) as pool:
            in_flight: deque = deque()
            for run in _batched(events, self.EVENTS_PER_TASK):
                in_flight.append(pool.apply_async(_worker_sync, (run,)))
                while len(in_flight) >= 2 * processes:
                    self._merge_worker(in_flight.popleft().get(), progress)
                if self.report.error:
                    break
            while in_flight:
                self._merge_worker(in_flight.popleft().get(), progress)

    def _merge_worker(self, parts: dict[str, Any], progress: Callable[[int], None] | None) -> None:
        self.report.merge(parts)
        if progress:
            progress(parts["items"])
        self.keep_statistics()

    def _fetch_event(self, event_id: int) -> tuple[list, dict[int, list]]:
        items = self.client.event_items(event_id)
        acted_on = [
            item["EventItemId"]
            for item in items
            if isinstance(item, dict) and isinstance(item.get("EventItemId"), int) and _has_outcome(item)
        ]
        # Roll calls are one request per item: several in flight at once (LEGISTAR_CONCURRENCY).
        return items, dict(zip(acted_on, self.client.event_items_votes(acted_on), strict=True))

    def _store_fetched(self, event: dict, meeting_date: dt.date, fetched: Future, progress) -> None:
        try:
            items, votes = fetched.result()
        except LegistarBadResponse as error:
            self.report.skip("meeting", event["EventId"], f"could not read its items: {error}")
            return
        self._store_meeting(event, meeting_date, items, votes)
        if progress:
            progress(len(items))

    @transaction.atomic
    def _store_meeting(self, event: dict, meeting_date: dt.date, items: list[Any], votes: dict[int, list]) -> None:
        """One meeting, its items, documents, votes and member votes: all or nothing. Each kind is one
        set-based statement (votes/sql/legistar_*_upsert.sql) that matches rows by their source ids,
        inserts the new, updates only what differs and leaves equal rows alone."""
        event_id = event["EventId"]
        time_of_day = parse_legistar_time(event.get("EventTime"))
        starts_at = dt.datetime.combine(meeting_date, time_of_day, tzinfo=self.tz) if time_of_day else None
        status_text = f"{event.get('EventAgendaStatusName') or ''} {event.get('EventComment') or ''}".casefold()
        status = (
            Meeting.Status.CANCELLED
            if "cancel" in status_text
            else Meeting.Status.DEFERRED
            if "defer" in status_text
            else Meeting.Status.HELD
            if meeting_date <= timezone.localdate()
            else Meeting.Status.SCHEDULED
        )
        body = clean_text(event.get("EventBodyName"), 200) or "Meeting"
        values = {
            "meeting_date": meeting_date,
            "starts_at": starts_at,
            "meeting_type": body[:100],
            "body_name": body,
            "location": clean_text(event.get("EventLocation"), 300),
            "status": str(status),
            "agenda_url": _url(event.get("EventAgendaFile")),
            "minutes_url": _url(event.get("EventMinutesFile")),
            "video_url": _url(event.get("EventVideoPath")),
            "legistar_url": _url(event.get("EventInSiteURL")),
            "source_modified_at": parse_legistar_datetime(event.get("EventLastModifiedUtc")),
        }
        with _server_cursor() as cursor:
            # For this meeting's transaction: the statements probe indexes by source id whatever the
            # values, so they are planned once (prepared), not per meeting (a sixth of the database's
            # time); and no plan made here scans a table. The foreign-key checks of a session are planned
            # once and kept: planned while a first load's tables were small they scanned the whole
            # votes table for every member vote until the next ANALYZE (two thirds of the checks of a
            # 300-meeting load). Every such check has a unique index to probe.
            cursor.execute(
                "SELECT set_config('plan_cache_mode', 'force_generic_plan', true),"
                " set_config('enable_seqscan', 'off', true)"
            )
            meeting_id, created, updated, minutes_before = _run(
                cursor, "legistar_meeting_upsert.sql", city_id=self.city.id, event_id=event_id, **values
            )
            self.report.count("meeting", "created" if created else "updated" if updated else "unchanged")
            if self.queue_minutes and values["minutes_url"] and values["minutes_url"] != (minutes_before or ""):
                # New or re-published minutes become searchable.
                minutes_ingest_queue(
                    meeting=Meeting(
                        id=meeting_id,
                        city_id=self.city.id,
                        meeting_type=values["meeting_type"],
                        minutes_url=values["minutes_url"],
                    )
                )
                self.report.count("minutes", "queued")
            stored = self._store_items(cursor, meeting_id, items, meeting_created=created)
            self._store_documents(cursor, stored)
            self._store_votes(cursor, meeting_date, stored, votes)

    def _store_items(
        self, cursor: psycopg.Cursor, meeting_id: int, items: list[Any], *, meeting_created: bool
    ) -> dict[int, dict]:
        """The meeting's readable items by source id."""
        stored: dict[int, dict] = {}
        rows: list[list] = []
        for position, item in enumerate(items):
            item_id = item.get("EventItemId") if isinstance(item, dict) else None
            title = (
                clean_text(item.get("EventItemTitle") or item.get("EventItemMatterName"))
                if isinstance(item, dict)
                else ""
            )
            if not isinstance(item_id, int):
                self.report.skip("agenda_item", item_id, "missing EventItemId")
                continue
            if not title:
                self.report.skip("agenda_item", item_id, "no title")
                continue
            if item_id in stored:
                self.report.skip("agenda_item", item_id, "listed twice on the agenda; the first kept")
                continue
            sequence = item.get("EventItemAgendaSequence")
            matter_id = item.get("EventItemMatterId")
            stored[item_id] = item
            rows.append(
                [
                    item_id,
                    sequence if isinstance(sequence, int) and sequence >= 0 else position,
                    clean_text(item.get("EventItemAgendaNumber"), 20),
                    title,
                    clean_text(item.get("EventItemMatterType"), 100),
                    clean_text(item.get("EventItemMatterFile"), 50),
                    bool(item.get("EventItemConsent")),
                    matter_id if isinstance(matter_id, int) else None,
                ]
            )
        created, updated, gone = _run(
            cursor,
            "legistar_items_upsert.sql",
            city_id=self.city.id,
            meeting_id=meeting_id,
            meeting_created=meeting_created,
            items=_json(rows),
        )
        self.report.count("agenda_item", "created", created)
        self.report.count("agenda_item", "updated", updated)
        self.report.count("agenda_item", "unchanged", len(stored) - created - updated)
        # Gone upstream: kept for the record (votes may hang on them), flagged and hidden from agendas.
        self.report.count("agenda_item", "removed_upstream", gone)
        return stored

    def _store_documents(self, cursor: psycopg.Cursor, items: dict[int, dict]) -> None:
        rows: list[list] = []
        seen, repeated = set(), 0
        for item_id, source in items.items():
            for attachment in source.get("EventItemMatterAttachments") or []:
                if not isinstance(attachment, dict):
                    continue
                attachment_id = attachment.get("MatterAttachmentId")
                url = _url(attachment.get("MatterAttachmentHyperlink"))
                if attachment.get("MatterAttachmentShowOnInternetPage") is False:
                    continue  # not public on the city's own site: not public here
                if not isinstance(attachment_id, int) or not url:
                    self.report.skip("document", attachment_id, "missing id or link")
                    continue
                if attachment_id in seen:
                    repeated += 1  # the same file attached twice: stored once, with its first item
                    continue
                seen.add(attachment_id)
                rows.append(
                    [
                        item_id,
                        attachment_id,
                        clean_text(attachment.get("MatterAttachmentName"), 255),
                        url,
                        "Supporting document"
                        if attachment.get("MatterAttachmentIsSupportingDocument")
                        else "Attachment",
                    ]
                )
        if not seen:
            return
        created, updated = _run(cursor, "legistar_documents_upsert.sql", city_id=self.city.id, documents=_json(rows))
        self.report.count("document", "created", created)
        self.report.count("document", "updated", updated)
        self.report.count("document", "unchanged", len(seen) - created - updated + repeated)

    def _store_votes(
        self, cursor: psycopg.Cursor, meeting_date: dt.date, items: dict[int, dict], votes: dict[int, list]
    ) -> None:
        # A Vote row only where there was a decision: a result flag or a roll call (never invented).
        decisions: list[list] = []
        ballots: list[list] = []  # member votes
        for source_id, source in items.items():
            roll_call = votes.get(source_id)
            if source.get("EventItemPassedFlag") is None and not roll_call:
                continue
            counts = dict.fromkeys((VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSENT, VoteChoice.ABSTAIN), 0)
            voters: set[int] = set()
            for row in roll_call or []:
                person_id = row.get("VotePersonId") if isinstance(row, dict) else None
                member = self.members.get(person_id) if isinstance(person_id, int) else None
                if member is None or member.pk is None:
                    self.report.skip(
                        "member_vote",
                        row.get("VoteId") if isinstance(row, dict) else None,
                        f"unknown person {person_id!r} in the roll call of item {source_id}",
                    )
                    continue
                raw = clean_text(row.get("VoteValueName"), 50)
                choice = vote_value_normalize(raw, self.vote_values)
                if choice == VoteChoice.UNKNOWN:
                    self.report.unknown_vote_values[raw or "(blank)"] += 1
                    self.report.skip("vote_value", row.get("VoteId"), f"unknown vote value {raw!r} kept raw")
                if member.pk in voters:
                    self.report.skip(
                        "member_vote",
                        person_id,
                        f"the same person twice in the roll call of item {source_id}; the first kept",
                    )
                    continue
                voters.add(member.pk)
                if choice in counts:
                    counts[choice] += 1
                ballots.append([source_id, member.pk, str(choice), raw, clean_text(row.get("VotePersonName"), 100)])
            passed_flag = source.get("EventItemPassedFlag")
            passed = (
                bool(passed_flag)
                if passed_flag in (0, 1)
                else (counts[VoteChoice.YES] > counts[VoteChoice.NO] if voters else None)
            )
            mover = self.members.get(source.get("EventItemMoverId"))
            seconder = self.members.get(source.get("EventItemSeconderId"))
            mover_id = mover.pk if mover is not None else None
            seconder_id = seconder.pk if seconder is not None and seconder.pk != mover_id else None
            decisions.append(
                [
                    source_id,
                    str(
                        Vote.Kind.ROLL_CALL
                        if voters
                        else Vote.Kind.CONSENT
                        if source.get("EventItemConsent")
                        else Vote.Kind.VOICE
                    ),
                    clean_text(source.get("EventItemActionName") or source.get("EventItemPassedFlagName"), 100),
                    clean_text(source.get("EventItemActionText")),
                    passed,
                    clean_text(source.get("EventItemTally"), 20)
                    or (f"{counts[VoteChoice.YES]}-{counts[VoteChoice.NO]}" if voters else ""),
                    counts[VoteChoice.YES],
                    counts[VoteChoice.NO],
                    counts[VoteChoice.ABSENT],
                    counts[VoteChoice.ABSTAIN],
                    mover_id,
                    seconder_id,
                    clean_text(source.get("EventItemMover"), 100),
                    clean_text(source.get("EventItemSeconder"), 100),
                ]
            )
        if not decisions:
            return
        created, updated, ballots_created, ballots_updated = _run(
            cursor,
            "legistar_votes_upsert.sql",
            city_id=self.city.id,
            meeting_date=meeting_date,
            votes=_json(decisions),
            ballots=_json(ballots),
        )
        self.report.count("vote", "created", created)
        self.report.count("vote", "updated", updated)
        self.report.count("vote", "unchanged", len(decisions) - created - updated)
        self.report.count("member_vote", "created", ballots_created)
        self.report.count("member_vote", "updated", ballots_updated)
        self.report.count("member_vote", "unchanged", len(ballots) - ballots_created - ballots_updated)


def city_statistics_refresh(*, city_id: int) -> None:
    """ANALYZE the tables a Legistar sync fills (of member votes, only the city's partition), on the columns
    its statements look rows up by: a fifth of the time of whole tables."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM votes_membervote WHERE city_id = %s LIMIT 1", [city_id])
        partition = cursor.fetchone()
        targets = [
            "meetings_meeting (city_id, legistar_event_id)",
            "meetings_agendaitem (city_id, legistar_item_id, meeting_id)",
            "meetings_document (city_id, legistar_attachment_id)",
            "votes_vote (city_id, agenda_item_id)",
        ]
        if partition:  # a name from the catalog (regclass text is quoted where needed), never from input
            targets.append(f"{partition[0]} (city_id, vote_id, member_id)")
        cursor.execute(f"ANALYZE {', '.join(targets)}")


def _server_cursor() -> psycopg.Cursor:
    """A cursor on Django's connection (so inside its transaction) that binds parameters on the server:
    the statements below take whole columns as arrays, which client-side binding would spell out into
    the text of every query, and once prepared they are neither parsed nor planned again."""
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


_SQL: dict[str, str] = {}


def _json(rows: list[list]) -> str:
    """Rows for a statement's jsonb_array_elements: one parameter, encoded in C (psycopg spells out array
    parameters element by element in Python: 0.5 ms for a meeting's member votes, against 0.04 ms)."""
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _run(cursor: psycopg.Cursor, name: str, **params: Any) -> tuple:
    """Execute votes/sql/<name> and return its one row."""
    sql = _SQL.get(name)
    if sql is None:
        sql = _SQL[name] = read_sql(__file__, name)
    cursor.execute(sql, params)  # prepared from the 5th run (settings: DB_PREPARED_STATEMENTS)
    row = cursor.fetchone()
    assert row is not None, name
    return row


_worker: LegistarSync | None = None


def _worker_start(city_id: int, client: LegistarClient, queue_minutes: bool) -> None:
    global _worker
    city = City.objects.get(pk=city_id)
    _worker = LegistarSync(city, client.copy(), SyncReport(city_key=city.city_key), queue_minutes=queue_minutes)
    _worker.members = {
        m.legistar_person_id: m for m in CouncilMember.objects.filter(city=city).exclude(legistar_person_id=None)
    }


def _worker_sync(events: list[tuple[dict, dt.date]]) -> dict[str, Any]:
    """Sync a run of meetings in a worker; returns what it counted (the requests made for them)."""
    report = _worker.report = SyncReport(city_key=_worker.city.city_key)
    requests_before, items = _worker.client.requests_made, [0]
    try:
        _worker.sync_event_list(events, lambda n: items.__setitem__(0, items[0] + n))
    except LegistarError as error:
        report.error, report.unavailable = str(error), isinstance(error, LegistarUnavailable)
    report.requests = _worker.client.requests_made - requests_before
    return {**report.as_parts(), "items": items[0]}


def _batched(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    run: list[Any] = []
    for entry in iterable:
        run.append(entry)
        if len(run) == size:
            yield run
            run = []
    if run:
        yield run


def _has_outcome(item: dict) -> bool:
    """Worth asking for a roll call: the item was acted on (EventItemRollCallFlag alone is not trusted)."""
    return (
        item.get("EventItemPassedFlag") is not None
        or bool(item.get("EventItemRollCallFlag"))
        or bool(item.get("EventItemTally"))
        or bool(item.get("EventItemActionName"))
    )


def legistar_sync(
    *,
    city: City,
    since: dt.date | None = None,
    full: bool = False,
    client: LegistarClient | None = None,
    progress: Callable[[int], None] | None = None,
    queue_minutes: bool = True,
    processes: int = 1,
) -> SyncReport:
    """Sync one city. Incremental from the city's watermark (minus a look-back) unless `full` or `since`."""
    if not city.legistar_client and client is None:
        raise ValueError(f"{city.city_key} has no Legistar client name")
    started = timezone.now()
    city.refresh_from_db(fields=["legistar_synced_through"])  # another run may have moved it
    report = SyncReport(city_key=city.city_key)
    log = DataSyncLog.objects.create(city=city, sync_type="legistar", started_at=started)
    if since is not None:
        since_at = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    elif full or city.legistar_synced_through is None:
        since_at = None
    else:
        since_at = city.legistar_synced_through - dt.timedelta(days=settings.LEGISTAR_LOOKBACK_DAYS)
    own_client = client is None
    client = client or LegistarClient(city.legistar_client)
    sync = LegistarSync(city, client, report, queue_minutes=queue_minutes)
    try:
        sync.sync_people()
        sync.sync_events(since=since_at, progress=progress, processes=processes)
        sync.keep_statistics(final=True)
    except LegistarError as error:
        report.error = str(error)
        report.unavailable = isinstance(error, LegistarUnavailable)
    finally:
        sync.close()
        report.requests += client.requests_made  # worker processes added their own
        if own_client:
            client.close()
    finished = timezone.now()
    report.seconds = (finished - started).total_seconds()
    log.completed_at = finished
    log.status = (
        DataSyncLog.Status.FAILED
        if report.error
        else DataSyncLog.Status.PARTIAL
        if report.skipped
        else DataSyncLog.Status.SUCCESS
    )
    log.records_processed = report.total("created") + report.total("updated") + report.total("unchanged")
    log.counts = {k: dict(v) for k, v in report.counts.items()}
    log.skipped = report.skipped[:5000]
    log.error_message = report.error
    log.save()
    if not report.error:
        City.objects.filter(pk=city.pk).update(legistar_synced_through=started)
    return report
