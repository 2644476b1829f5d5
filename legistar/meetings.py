"""One Legistar event: fetched (its items and their roll calls), then stored in one transaction.

What the source's fields mean is decided here; the rows are written by the owning apps' services, each a
set-based statement that inserts the new, updates what differs and leaves equal rows alone: the meeting,
its agenda (meetings), the items' public attachments (meetings), and the votes with their roll calls (votes).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from cities.models import Body, City, CouncilMember
from cities.services.corrections import corrections_reapply
from legistar.agenda import has_outcome, readable_items, source_attendance, source_documents, source_votes
from legistar.cleaning import clean_text, clean_url
from legistar.client import LegistarClient
from legistar.dates import parse_legistar_datetime, parse_legistar_time
from legistar.matters import MatterFetcher
from legistar.report import SyncReport
from meetings.models import Meeting
from meetings.services.matters import MatterBundle, matter_links_refresh, matters_sync_from_source
from meetings.services.meetings import (
    SourceMeeting,
    agenda_items_sync_from_source,
    attendance_sync_from_source,
    documents_sync_from_source,
    meeting_upsert_from_source,
)
from meetings.services.minutes import minutes_document_register
from meetings.tasks import ingest_minutes_document
from votes.services import member_votes_restored, votes_sync_from_source


class Fetched(NamedTuple):
    items: list[Any]
    roll_calls: dict[int, list[Any]]  # the votes of each item that can have some
    attendance: dict[int, list[Any]]  # the roll call of who is present, of items flagged as roll calls
    matters: list[MatterBundle]  # the matters the agenda names that this run reads


@dataclass
class SyncContext:
    """What storing an event needs to know of its city and of the run."""

    city: City
    report: SyncReport
    members: dict[int, CouncilMember]
    vote_values: dict[str, str]
    queue_minutes: bool
    bodies: dict[int, Body] = field(default_factory=dict)
    matters: MatterFetcher | None = None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.city.timezone)


def roll_call_possible(item: dict[str, Any], event_id: int, matters: MatterFetcher | None) -> bool:
    """Whether asking for the item's votes can find any. A decision on the item (pass/fail, a tally) always
    asks. Otherwise the matter's history (read this run) decides when it records this meeting: a decision
    there asks; a hearing held, a referral, a filing does not (steps named like the item's action, if any
    are). Without it the item's action does. Asking costs a request; missing a roll call loses it."""
    if item.get("EventItemPassedFlag") is not None or item.get("EventItemTally"):
        return True
    steps = matters.steps_at(item.get("EventItemMatterId"), event_id) if matters is not None else None
    if not steps:
        return has_outcome(item)
    name = clean_text(item.get("EventItemActionName")).casefold()
    named = [decided for action, decided in steps if action == name] or [decided for _, decided in steps]
    return any(named)


def _attachments_inline(items: list[dict[str, Any]]) -> dict[int, list[Any]]:
    """The attachments the agenda lists with each matter (EventItemMatterAttachments, asked for with
    Attachments=1): the same rows as /matters/{id}/attachments, so that request is not made again."""
    inline: dict[int, list[Any]] = {}
    for item in items:
        matter_id, rows = item.get("EventItemMatterId"), item.get("EventItemMatterAttachments")
        if isinstance(matter_id, int) and isinstance(rows, list):
            inline.setdefault(matter_id, rows)
    return inline


def event_fetch(client: LegistarClient, event_id: int, matters: MatterFetcher | None) -> Fetched:
    """The event's items; the matters they name (read once per run); the votes of the items that can have
    some; the attendance roll calls (several requests in flight at once)."""
    items = [item for item in client.event_items(event_id) if isinstance(item, dict)]
    named = [m for m in (item.get("EventItemMatterId") for item in items) if isinstance(m, int)]
    bundles = matters.fetch(named, attachments=_attachments_inline(items)) if matters is not None else []
    with_ids = [item for item in items if isinstance(item.get("EventItemId"), int)]
    voted = [item["EventItemId"] for item in with_ids if roll_call_possible(item, event_id, matters)]
    present = [item["EventItemId"] for item in with_ids if item.get("EventItemRollCallFlag")]
    return Fetched(
        items=items,
        roll_calls=dict(zip(voted, client.event_items_votes(voted), strict=True)),
        attendance=dict(zip(present, client.event_items_rollcalls(present), strict=True)),
        matters=bundles,
    )


def _meeting_status(event: dict[str, Any], meeting_date: dt.date) -> str:
    status_text = f"{event.get('EventAgendaStatusName') or ''} {event.get('EventComment') or ''}".casefold()
    if "cancel" in status_text:
        return Meeting.Status.CANCELLED
    if "defer" in status_text:
        return Meeting.Status.DEFERRED
    return Meeting.Status.HELD if meeting_date <= timezone.localdate() else Meeting.Status.SCHEDULED


def _body_id(ctx: SyncContext, event: dict[str, Any], name: str) -> int | None:
    body = ctx.bodies.get(event.get("EventBodyId"))  # type: ignore[arg-type]
    if body is None:
        body = next((b for b in ctx.bodies.values() if b.name.casefold() == name.casefold()), None)
    return body.pk if body is not None else None


def _source_meeting(ctx: SyncContext, event: dict[str, Any], meeting_date: dt.date) -> SourceMeeting:
    time_of_day = parse_legistar_time(event.get("EventTime"))
    body = clean_text(event.get("EventBodyName"), 200) or "Meeting"
    return SourceMeeting(
        meeting_date=meeting_date,
        starts_at=dt.datetime.combine(meeting_date, time_of_day, tzinfo=ctx.tz) if time_of_day else None,
        meeting_type=body[:100],
        body_name=body,
        body_id=_body_id(ctx, event, body),
        location=clean_text(event.get("EventLocation"), 300),
        status=str(_meeting_status(event, meeting_date)),
        agenda_url=clean_url(event.get("EventAgendaFile")),
        minutes_url=clean_url(event.get("EventMinutesFile")),
        video_url=clean_url(event.get("EventVideoPath")),
        legistar_url=clean_url(event.get("EventInSiteURL")),
        source_modified_at=parse_legistar_datetime(event.get("EventLastModifiedUtc")),
    )


def _plan_for_this_transaction() -> None:
    """The statements probe indexes by source id whatever the values, so they are planned once (prepared),
    not per meeting; and no plan made in this transaction scans a table. The foreign-key checks of a session
    are planned once and kept: planned while a first load's tables were small they would scan the whole
    votes table for every member vote until the next ANALYZE. Every such check has a unique index to probe."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('plan_cache_mode', 'force_generic_plan', true),"
            " set_config('enable_seqscan', 'off', true)"
        )


def matters_store(ctx: SyncContext, bundles: list[MatterBundle]) -> None:
    """A batch of matters and their parts, all or nothing (in the caller's transaction when there is one)."""
    if not bundles:
        return
    stored = matters_sync_from_source(city=ctx.city, bundles=bundles, members=ctx.members, bodies=ctx.bodies)
    for kind, outcomes in stored.counts.items():
        for outcome, n in outcomes.items():
            ctx.report.count(kind, outcome, n)
    for matter_id, reason in stored.skipped:
        ctx.report.skip("matter", matter_id, reason)


@transaction.atomic
def event_store(ctx: SyncContext, event: dict[str, Any], meeting_date: dt.date, fetched: Fetched) -> None:
    """One meeting, the matters its agenda names, its items, documents, votes, member votes and attendance:
    all or nothing."""
    city_id = ctx.city.pk
    _plan_for_this_transaction()
    matters_store(ctx, fetched.matters)
    source_meeting = _source_meeting(ctx, event, meeting_date)
    meeting = meeting_upsert_from_source(city_id=city_id, legistar_event_id=event["EventId"], meeting=source_meeting)
    ctx.report.count("meeting", "created" if meeting.created else "updated" if meeting.updated else "unchanged")
    minutes_url = source_meeting.minutes_url
    if ctx.queue_minutes and minutes_url and minutes_url != meeting.minutes_url_before:
        _minutes_queue(ctx, meeting.id, source_meeting)
    readable = readable_items(ctx.report, fetched.items)
    stored = agenda_items_sync_from_source(
        city_id=city_id,
        meeting_id=meeting.id,
        items=[row for _, row in readable.values()],
        meeting_created=meeting.created,
    )
    ctx.report.count_rows("agenda_item", created=stored.created, updated=stored.updated, total=len(readable))
    # Gone upstream: kept for the record (votes may hang on them), flagged and hidden from agendas.
    ctx.report.count("agenda_item", "removed_upstream", stored.removed_upstream)
    sources = {item_id: source for item_id, (source, _) in readable.items()}
    documents, repeated = source_documents(ctx.report, sources)
    if documents:
        written = documents_sync_from_source(city_id=city_id, documents=documents)
        total = len(documents) + repeated  # a file attached twice is stored once, with its first item
        ctx.report.count_rows("document", created=written.created, updated=written.updated, total=total)
    votes, ballots = source_votes(ctx, sources, fetched.roll_calls)
    if votes:
        result = votes_sync_from_source(city_id=city_id, meeting_date=meeting_date, votes=votes, ballots=ballots)
        ctx.report.count_rows("vote", created=result.created, updated=result.updated, total=len(votes))
        ctx.report.count_rows(
            "member_vote", created=result.ballots_created, updated=result.ballots_updated, total=len(ballots)
        )
    if fetched.attendance:
        rows = source_attendance(ctx, fetched.attendance)
        present = attendance_sync_from_source(
            city_id=city_id, meeting_id=meeting.id, meeting_date=meeting_date, rows=rows
        )
        ctx.report.count_rows("attendance", created=present.created, updated=present.updated, total=len(rows))
        ctx.report.count("attendance", "removed", present.removed_upstream)
    matter_links_refresh(city_id=city_id, meeting_id=meeting.id)
    restored = corrections_reapply(city_id=city_id)  # staff corrections win over what the source just wrote
    member_votes_restored(city_id=city_id, member_vote_ids=restored.get("votes.membervote", []))


def _minutes_queue(ctx: SyncContext, meeting_id: int, source: SourceMeeting) -> None:
    """New or re-published minutes become searchable: read in the background once the meeting commits."""
    meeting = Meeting(
        id=meeting_id, city_id=ctx.city.pk, meeting_type=source.meeting_type, minutes_url=source.minutes_url
    )
    document, needs_reading = minutes_document_register(meeting=meeting, url=source.minutes_url)
    if needs_reading:
        transaction.on_commit(lambda: ingest_minutes_document.delay(document.id))
    ctx.report.count("minutes", "queued")
