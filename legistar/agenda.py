"""What an event's items say, as rows for the owning apps' services: agenda rows (each classified as an item
of business, a procedural row or a heading), public attachments, votes with their roll calls, attendance."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from legistar.cleaning import clean_text, clean_url
from legistar.report import SyncReport
from meetings.models import AgendaItem
from meetings.services.meetings import SourceAgendaItem, SourceAttendance, SourceDocument
from votes.models import Vote, VoteChoice
from votes.services import SourceBallot, SourceVote
from votes.vote_values import attendance_value_normalize, vote_value_normalize

if TYPE_CHECKING:
    from legistar.meetings import SyncContext


def has_outcome(item: dict[str, Any]) -> bool:
    """The item says it was acted on: a decision, a tally or an action. EventItemRollCallFlag alone marks the
    roll call of who is present (read from /rollcalls), not a vote."""
    return (
        item.get("EventItemPassedFlag") is not None
        or bool(item.get("EventItemTally"))
        or bool(item.get("EventItemActionName"))
    )


PROCEDURAL = re.compile(
    r"\b(call to order|roll call|invocation|pledge|adjourn|approval of (the )?minutes|minutes of|public comment"
    r"|recess|moment of silence|announcements?|closed session|consent agenda)\b",
    re.IGNORECASE,
)


def readable_items(report: SyncReport, items: list[Any]) -> dict[int, tuple[dict[str, Any], SourceAgendaItem]]:
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
        if isinstance(matter_id, int):
            kind = AgendaItem.Kind.MATTER
        elif item.get("EventItemRollCallFlag") or has_outcome(item) or PROCEDURAL.search(title):
            kind = AgendaItem.Kind.PROCEDURAL
        else:
            kind = AgendaItem.Kind.HEADING
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
                kind=str(kind),
            ),
        )
    return readable


def source_documents(report: SyncReport, items: dict[int, dict[str, Any]]) -> tuple[list[SourceDocument], int]:
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


TALLIED = (
    VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSENT, VoteChoice.ABSTAIN, VoteChoice.EXCUSED, VoteChoice.RECUSED,
    VoteChoice.NOT_VOTING,
)  # fmt: skip


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
        excused_count=counts[VoteChoice.EXCUSED],
        recused_count=counts[VoteChoice.RECUSED],
        not_voting_count=counts[VoteChoice.NOT_VOTING],
        mover_id=mover_id,
        seconder_id=seconder_id if seconder_id != mover_id else None,
        mover_name=clean_text(source.get("EventItemMover"), 100),
        seconder_name=clean_text(source.get("EventItemSeconder"), 100),
    )
    return vote, ballots


def source_votes(
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


def source_attendance(ctx: SyncContext, attendance: dict[int, list[Any]]) -> list[SourceAttendance]:
    """Who was at the meeting, from its roll calls (the first answer for a member kept)."""
    rows: dict[int, SourceAttendance] = {}
    for item_id, roll_call in attendance.items():
        for row in roll_call:
            person_id = row.get("RollCallPersonId") if isinstance(row, dict) else None
            member = ctx.members.get(person_id) if isinstance(person_id, int) else None
            if member is None or member.pk is None:
                ctx.report.skip("attendance", person_id, f"unknown person {person_id!r} in the roll call of {item_id}")
                continue
            raw = clean_text(row.get("RollCallValueName"), 50)
            value = attendance_value_normalize(raw, ctx.vote_values)
            if value == VoteChoice.UNKNOWN:
                ctx.report.unknown_vote_values[raw or "(blank)"] += 1
                ctx.report.skip("attendance_value", row.get("RollCallId"), f"unknown roll call value {raw!r} kept raw")
            name = clean_text(row.get("RollCallPersonName"), 100)
            rows.setdefault(member.pk, SourceAttendance(member.pk, str(value), raw, name))
    return list(rows.values())
