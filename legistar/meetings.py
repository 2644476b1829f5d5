"""One Legistar event: fetched (its items and their roll calls), then stored in one transaction.

What the source's fields mean is decided here; the rows are written by the owning apps' services, each a
set-based statement that inserts the new, updates what differs and leaves equal rows alone: the meeting,
its agenda (meetings), the items' public attachments (meetings), and the votes with their roll calls (votes).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from cities.models import City, CouncilMember
from legistar.cleaning import clean_text, clean_url
from legistar.client import LegistarClient, parse_legistar_datetime, parse_legistar_time
from legistar.report import SyncReport
from meetings.models import Meeting
from meetings.services.meetings import (
    SourceAgendaItem,
    SourceDocument,
    SourceMeeting,
    agenda_items_sync_from_source,
    documents_sync_from_source,
    meeting_upsert_from_source,
)
from meetings.services.minutes import minutes_document_register
from meetings.tasks import ingest_minutes_document
from votes.models import Vote, VoteChoice
from votes.services import SourceBallot, SourceVote, votes_sync_from_source
from votes.vote_values import vote_value_normalize

Fetched = tuple[list[Any], dict[int, list[Any]]]  # the event's items, and the roll call of each acted-on item


@dataclass
class SyncContext:
    """What storing an event needs to know of its city and of the run."""

    city: City
    report: SyncReport
    members: dict[int, CouncilMember]
    vote_values: dict[str, str]
    queue_minutes: bool

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.city.timezone)


def _has_outcome(item: dict[str, Any]) -> bool:
    """Worth asking for a roll call: the item was acted on (EventItemRollCallFlag alone is not trusted)."""
    return (
        item.get("EventItemPassedFlag") is not None
        or bool(item.get("EventItemRollCallFlag"))
        or bool(item.get("EventItemTally"))
        or bool(item.get("EventItemActionName"))
    )


def event_fetch(client: LegistarClient, event_id: int) -> Fetched:
    """The event's items, and the roll calls of those acted on (several requests in flight at once)."""
    items = client.event_items(event_id)
    acted_on = [
        item["EventItemId"]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("EventItemId"), int) and _has_outcome(item)
    ]
    return items, dict(zip(acted_on, client.event_items_votes(acted_on), strict=True))


def _meeting_status(event: dict[str, Any], meeting_date: dt.date) -> str:
    status_text = f"{event.get('EventAgendaStatusName') or ''} {event.get('EventComment') or ''}".casefold()
    if "cancel" in status_text:
        return Meeting.Status.CANCELLED
    if "defer" in status_text:
        return Meeting.Status.DEFERRED
    return Meeting.Status.HELD if meeting_date <= timezone.localdate() else Meeting.Status.SCHEDULED


def _source_meeting(event: dict[str, Any], meeting_date: dt.date, tz: zoneinfo.ZoneInfo) -> SourceMeeting:
    time_of_day = parse_legistar_time(event.get("EventTime"))
    body = clean_text(event.get("EventBodyName"), 200) or "Meeting"
    return SourceMeeting(
        meeting_date=meeting_date,
        starts_at=dt.datetime.combine(meeting_date, time_of_day, tzinfo=tz) if time_of_day else None,
        meeting_type=body[:100],
        body_name=body,
        location=clean_text(event.get("EventLocation"), 300),
        status=str(_meeting_status(event, meeting_date)),
        agenda_url=clean_url(event.get("EventAgendaFile")),
        minutes_url=clean_url(event.get("EventMinutesFile")),
        video_url=clean_url(event.get("EventVideoPath")),
        legistar_url=clean_url(event.get("EventInSiteURL")),
        source_modified_at=parse_legistar_datetime(event.get("EventLastModifiedUtc")),
    )


def _readable_items(report: SyncReport, items: list[Any]) -> dict[int, tuple[dict[str, Any], SourceAgendaItem]]:
    """The event's readable items by source id, each with its agenda row; the rest skipped with a reason."""
    readable: dict[int, tuple[dict[str, Any], SourceAgendaItem]] = {}
    for position, item in enumerate(items):
        item_id = item.get("EventItemId") if isinstance(item, dict) else None
        if not isinstance(item_id, int):
            report.skip("agenda_item", item_id, "missing EventItemId")
            continue
        title = clean_text(item.get("EventItemTitle") or item.get("EventItemMatterName"))
        if not title:
            report.skip("agenda_item", item_id, "no title")
            continue
        if item_id in readable:
            report.skip("agenda_item", item_id, "listed twice on the agenda; the first kept")
            continue
        sequence = item.get("EventItemAgendaSequence")
        matter_id = item.get("EventItemMatterId")
        readable[item_id] = (
            item,
            SourceAgendaItem(
                legistar_item_id=item_id,
                sequence=sequence if isinstance(sequence, int) and sequence >= 0 else position,
                item_number=clean_text(item.get("EventItemAgendaNumber"), 20),
                title=title,
                matter_type=clean_text(item.get("EventItemMatterType"), 100),
                file_number=clean_text(item.get("EventItemMatterFile"), 50),
                is_consent=bool(item.get("EventItemConsent")),
                legistar_matter_id=matter_id if isinstance(matter_id, int) else None,
            ),
        )
    return readable


def _source_documents(report: SyncReport, items: dict[int, dict[str, Any]]) -> tuple[list[SourceDocument], int]:
    """The items' public attachments, each once (with its first item); and how many were repeats."""
    documents: list[SourceDocument] = []
    seen: set[int] = set()
    repeated = 0
    for item_id, source in items.items():
        for attachment in source.get("EventItemMatterAttachments") or []:
            if not isinstance(attachment, dict):
                continue
            if attachment.get("MatterAttachmentShowOnInternetPage") is False:
                continue  # not public on the city's own site: not public here
            attachment_id = attachment.get("MatterAttachmentId")
            url = clean_url(attachment.get("MatterAttachmentHyperlink"))
            if not isinstance(attachment_id, int) or not url:
                report.skip("document", attachment_id, "missing id or link")
                continue
            if attachment_id in seen:
                repeated += 1
                continue
            seen.add(attachment_id)
            kind = "Supporting document" if attachment.get("MatterAttachmentIsSupportingDocument") else "Attachment"
            documents.append(
                SourceDocument(
                    item_id, attachment_id, clean_text(attachment.get("MatterAttachmentName"), 255), url, kind
                )
            )
    return documents, repeated


TALLIED = (VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSENT, VoteChoice.ABSTAIN)


def _roll_call(ctx: SyncContext, item_id: int, roll_call: list[Any]) -> tuple[list[SourceBallot], dict[str, int]]:
    """The members' choices in one item's roll call, and the counts by choice."""
    ballots: list[SourceBallot] = []
    counts: dict[str, int] = dict.fromkeys(TALLIED, 0)
    voters: set[int] = set()
    for row in roll_call:
        person_id = row.get("VotePersonId") if isinstance(row, dict) else None
        member = ctx.members.get(person_id) if isinstance(person_id, int) else None
        if member is None or member.pk is None:
            vote_id = row.get("VoteId") if isinstance(row, dict) else None
            ctx.report.skip("member_vote", vote_id, f"unknown person {person_id!r} in the roll call of item {item_id}")
            continue
        raw = clean_text(row.get("VoteValueName"), 50)
        choice = vote_value_normalize(raw, ctx.vote_values)
        if choice == VoteChoice.UNKNOWN:
            ctx.report.unknown_vote_values[raw or "(blank)"] += 1
            ctx.report.skip("vote_value", row.get("VoteId"), f"unknown vote value {raw!r} kept raw")
        if member.pk in voters:
            reason = f"the same person twice in the roll call of item {item_id}; the first kept"
            ctx.report.skip("member_vote", person_id, reason)
            continue
        voters.add(member.pk)
        if choice in counts:
            counts[choice] += 1
        ballots.append(SourceBallot(item_id, member.pk, str(choice), raw, clean_text(row.get("VotePersonName"), 100)))
    return ballots, counts


def _member_id(ctx: SyncContext, person_id: Any) -> int | None:
    member = ctx.members.get(person_id) if isinstance(person_id, int) else None
    return member.pk if member is not None else None


def _source_vote(ctx: SyncContext, item_id: int, source: dict[str, Any], roll_call: list[Any] | None
                 ) -> tuple[SourceVote, list[SourceBallot]]:  # fmt: skip
    ballots, counts = _roll_call(ctx, item_id, roll_call or [])
    passed_flag = source.get("EventItemPassedFlag")
    if passed_flag in (0, 1):
        passed: bool | None = bool(passed_flag)
    else:  # derived only when the source does not say
        passed = counts[VoteChoice.YES] > counts[VoteChoice.NO] if ballots else None
    mover_id = _member_id(ctx, source.get("EventItemMoverId"))
    seconder_id = _member_id(ctx, source.get("EventItemSeconderId"))
    kind = Vote.Kind.ROLL_CALL if ballots else Vote.Kind.CONSENT if source.get("EventItemConsent") else Vote.Kind.VOICE
    vote = SourceVote(
        legistar_item_id=item_id,
        kind=str(kind),
        action_name=clean_text(source.get("EventItemActionName") or source.get("EventItemPassedFlagName"), 100),
        action_text=clean_text(source.get("EventItemActionText")),
        passed=passed,
        tally=clean_text(source.get("EventItemTally"), 20)
        or (f"{counts[VoteChoice.YES]}-{counts[VoteChoice.NO]}" if ballots else ""),
        yes_count=counts[VoteChoice.YES],
        no_count=counts[VoteChoice.NO],
        absent_count=counts[VoteChoice.ABSENT],
        abstain_count=counts[VoteChoice.ABSTAIN],
        mover_id=mover_id,
        seconder_id=seconder_id if seconder_id != mover_id else None,
        mover_name=clean_text(source.get("EventItemMover"), 100),
        seconder_name=clean_text(source.get("EventItemSeconder"), 100),
    )
    return vote, ballots


def _source_votes(
    ctx: SyncContext, items: dict[int, dict[str, Any]], roll_calls: dict[int, list[Any]]
) -> tuple[list[SourceVote], list[SourceBallot]]:
    """A vote only where there was a decision: a result flag or a roll call (never invented)."""
    votes: list[SourceVote] = []
    ballots: list[SourceBallot] = []
    for item_id, source in items.items():
        roll_call = roll_calls.get(item_id)
        if source.get("EventItemPassedFlag") is None and not roll_call:
            continue
        vote, item_ballots = _source_vote(ctx, item_id, source, roll_call)
        votes.append(vote)
        ballots.extend(item_ballots)
    return votes, ballots


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


@transaction.atomic
def event_store(ctx: SyncContext, event: dict[str, Any], meeting_date: dt.date, fetched: Fetched) -> None:
    """One meeting, its items, documents, votes and member votes: all or nothing."""
    items, roll_calls = fetched
    city_id = ctx.city.pk
    _plan_for_this_transaction()
    source_meeting = _source_meeting(event, meeting_date, ctx.tz)
    meeting = meeting_upsert_from_source(city_id=city_id, legistar_event_id=event["EventId"], meeting=source_meeting)
    ctx.report.count("meeting", "created" if meeting.created else "updated" if meeting.updated else "unchanged")
    minutes_url = source_meeting.minutes_url
    if ctx.queue_minutes and minutes_url and minutes_url != meeting.minutes_url_before:
        _minutes_queue(ctx, meeting.id, source_meeting)
    readable = _readable_items(ctx.report, items)
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
    documents, repeated = _source_documents(ctx.report, sources)
    if documents:
        written = documents_sync_from_source(city_id=city_id, documents=documents)
        total = len(documents) + repeated  # a file attached twice is stored once, with its first item
        ctx.report.count_rows("document", created=written.created, updated=written.updated, total=total)
    votes, ballots = _source_votes(ctx, sources, roll_calls)
    if votes:
        result = votes_sync_from_source(city_id=city_id, meeting_date=meeting_date, votes=votes, ballots=ballots)
        ctx.report.count_rows("vote", created=result.created, updated=result.updated, total=len(votes))
        ctx.report.count_rows(
            "member_vote", created=result.ballots_created, updated=result.ballots_updated, total=len(ballots)
        )


def _minutes_queue(ctx: SyncContext, meeting_id: int, source: SourceMeeting) -> None:
    """New or re-published minutes become searchable: read in the background once the meeting commits."""
    meeting = Meeting(
        id=meeting_id, city_id=ctx.city.pk, meeting_type=source.meeting_type, minutes_url=source.minutes_url
    )
    document, needs_reading = minutes_document_register(meeting=meeting, url=source.minutes_url)
    if needs_reading:
        transaction.on_commit(lambda: ingest_minutes_document.delay(document.id))
    ctx.report.count("minutes", "queued")
