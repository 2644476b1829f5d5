"""Meetings, agenda items and documents as a source (Legistar) describes them, matched by the source's ids.

Each function is one set-based statement (sql/source_*_upsert.sql): new rows are inserted, rows whose values
differ are updated, equal rows are neither written nor locked, so re-running with the same input changes
nothing. They run inside the caller's transaction: a sync stores a meeting and everything on it in one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.db import connection

from cities.sqlfiles import rows_json, sql_file_row
from meetings.models import Attendance


class SourceMeeting(NamedTuple):
    meeting_date: dt.date
    starts_at: dt.datetime | None
    meeting_type: str
    body_name: str
    body_id: int | None
    location: str
    status: str
    agenda_url: str
    minutes_url: str
    video_url: str
    legistar_url: str
    source_modified_at: dt.datetime | None


class SourceAgendaItem(NamedTuple):
    """One agenda row; its field order is the JSON row order of source_items_upsert.sql."""

    legistar_item_id: int
    sequence: int
    item_number: str
    title: str
    matter_type: str
    file_number: str
    is_consent: bool
    legistar_matter_id: int | None
    kind: str


class SourceDocument(NamedTuple):
    """One public attachment of an item; field order as in source_documents_upsert.sql."""

    legistar_item_id: int
    legistar_attachment_id: int
    title: str
    url: str
    document_type: str


class MeetingStored(NamedTuple):
    id: int
    created: bool
    updated: bool
    minutes_url_before: str


class RowsStored(NamedTuple):
    created: int
    updated: int
    removed_upstream: int = 0


def meeting_upsert_from_source(*, city_id: int, legistar_event_id: int, meeting: SourceMeeting) -> MeetingStored:
    """The meeting of a source event, matched by (city_id, legistar_event_id) (unique index)."""
    meeting_id, created, updated, minutes_before = sql_file_row(
        __file__, "source_meeting_upsert.sql", city_id=city_id, event_id=legistar_event_id, **meeting._asdict()
    )
    return MeetingStored(meeting_id, created, updated, minutes_before or "")


def agenda_items_sync_from_source(
    *, city_id: int, meeting_id: int, items: Sequence[SourceAgendaItem], meeting_created: bool
) -> RowsStored:
    """The meeting's agenda as the source lists it (no duplicate item ids). Items the source no longer lists
    are kept for the record (votes may hang on them) and flagged `removed_upstream_at`."""
    created, updated, gone = sql_file_row(
        __file__,
        "source_items_upsert.sql",
        city_id=city_id,
        meeting_id=meeting_id,
        meeting_created=meeting_created,
        items=rows_json(items),
    )
    return RowsStored(created, updated, gone)


def documents_sync_from_source(*, city_id: int, documents: Sequence[SourceDocument]) -> RowsStored:
    """Public attachments of a meeting's items (no duplicate attachment ids); a document stays with the item
    it was first stored under when the source lists it again on a later agenda."""
    if not documents:
        return RowsStored(0, 0)
    created, updated = sql_file_row(
        __file__, "source_documents_upsert.sql", city_id=city_id, documents=rows_json(documents)
    )
    return RowsStored(created, updated)


class SourceAttendance(NamedTuple):
    member_id: int
    value: str
    raw_value: str
    raw_member_name: str


def attendance_sync_from_source(
    *, city_id: int, meeting_id: int, meeting_date: dt.date, rows: Sequence[SourceAttendance]
) -> RowsStored:
    """A meeting's roll call of who attended, as the source recorded it (one row per member); members the
    source no longer lists for the meeting are removed. Runs in the caller's transaction."""
    existing = {a.member_id: a for a in Attendance.objects.filter(meeting_id=meeting_id)}
    new: list[Attendance] = []
    changed: list[Attendance] = []
    for row in rows:
        values = {"value": row.value, "raw_value": row.raw_value[:50], "raw_member_name": row.raw_member_name[:100],
                  "meeting_date": meeting_date}  # fmt: skip
        stored = existing.pop(row.member_id, None)
        if stored is None:
            new.append(Attendance(city_id=city_id, meeting_id=meeting_id, member_id=row.member_id, **values))
        elif any(getattr(stored, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(stored, name, value)
            changed.append(stored)
    if existing:
        Attendance.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()
    Attendance.objects.bulk_create(new)
    if changed:
        Attendance.objects.bulk_update(changed, ["value", "raw_value", "raw_member_name", "meeting_date"])
    return RowsStored(len(new), len(changed), len(existing))


def meeting_statistics_refresh() -> None:
    """ANALYZE the meeting tables a source sync fills, on the columns its statements look rows up by.

    A city's first load grows these tables from nothing while the planner still thinks they are empty;
    the sync calls this as the load grows so its statements (and foreign-key checks) probe indexes.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE meetings_meeting (city_id, legistar_event_id),"
            " meetings_agendaitem (city_id, legistar_item_id, meeting_id),"
            " meetings_document (city_id, legistar_attachment_id)"
        )
