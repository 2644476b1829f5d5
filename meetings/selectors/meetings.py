"""Reads of meetings for the pages and the API; each names the index it relies on, none queries in a loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from cities.cache import city_cached
from cities.keyset import KeysetPage, cursor_decode, keyset_page
from cities.models import City
from cities.sqlfiles import read_sql
from meetings.models import AgendaItem, Attendance, AttendanceValue, Meeting

MEETINGS_PAGE_SIZE = 50


def latest_meetings(*, city_ids: list[int], latest: int = 3) -> dict[int, list[Meeting]]:
    """The latest held meetings of each city: one short walk of meeting_city_date_idx per city."""
    meetings: dict[int, list[Meeting]] = {city_id: [] for city_id in city_ids}
    rows = Meeting.objects.raw(
        read_sql(__file__, "latest_meetings.sql"),
        {"today": timezone.localdate(), "latest": latest, "city_ids": city_ids},
    )
    for meeting in rows:
        meetings[meeting.city_id].append(meeting)
    return meetings


def cities_latest_met(*, limit: int) -> list[int]:
    """The ids of the `limit` cities whose latest held meeting is the most recent."""
    with connection.cursor() as cursor:
        cursor.execute(read_sql(__file__, "cities_latest_met.sql"), {"today": timezone.localdate(), "limit": limit})
        return [row[0] for row in cursor.fetchall()]


def city_meetings(*, city: City, upcoming: bool, limit: int = 10) -> list[Meeting]:
    """Index meeting_city_date_idx (city_id, meeting_date DESC, id DESC)."""
    today = timezone.localdate()
    qs = Meeting.objects.filter(city=city)
    if upcoming:
        return list(qs.filter(meeting_date__gte=today).order_by("meeting_date", "id")[:limit])
    return list(qs.filter(meeting_date__lt=today).order_by("-meeting_date", "-id")[:limit])


def city_meetings_page(
    *,
    city: City,
    cursor: str | None,
    year: int | None = None,
    body_id: int | None = None,
    size: int = MEETINGS_PAGE_SIZE,
) -> KeysetPage:
    """The city's meetings, newest first, optionally of one year and one body, each with its number of items
    and of votes. Keyset on (meeting_date, id): meeting_city_date_idx (city_id, meeting_date DESC, id DESC),
    or meeting_body_date_idx for one body, so the archive's last page costs what its first does; the counts
    are one grouped read of the page's meetings' items (item_meeting_seq_idx)."""
    meetings = Meeting.objects.filter(city=city)
    if year:
        meetings = meetings.filter(meeting_date__gte=dt.date(year, 1, 1), meeting_date__lte=dt.date(year, 12, 31))
    if body_id:
        meetings = meetings.filter(body_id=body_id)
    purpose = f"meetings:{city.pk}:{year or ''}:{body_id or ''}"  # a cursor of other filters is refused
    page = keyset_page(
        meetings,
        fields=("meeting_date", "id"),
        cursor=cursor_decode(cursor, purpose=purpose, width=2),
        size=size,
        purpose=purpose,
    )
    counts = {
        row["meeting_id"]: row
        for row in AgendaItem.objects.filter(meeting_id__in=[m.pk for m in page.rows], removed_upstream_at__isnull=True)
        .exclude(kind=AgendaItem.Kind.HEADING)
        .values("meeting_id")
        .annotate(items=Count("id"), votes=Count("vote"))
    }
    for meeting in page.rows:
        meeting.item_count = counts.get(meeting.pk, {}).get("items", 0)
        meeting.vote_count = counts.get(meeting.pk, {}).get("votes", 0)
    return page


def meeting_years(*, city: City) -> list[int]:
    """The years the city has meetings in, newest first (meeting_city_date_idx, an index-only read)."""
    years = Meeting.objects.filter(city=city).dates("meeting_date", "year", order="DESC")
    return [day.year for day in years]


def meeting_agenda(*, city: City, meeting_id: int) -> tuple[Meeting, list[AgendaItem], list[AgendaItem]] | None:
    """The meeting, its consent and regular items with their documents and outcomes, in three queries.

    Each item's outcome is its vote, read through the reverse one-to-one `vote` that votes' Vote declares
    on AgendaItem (votes' table; nothing of votes is imported). Items by item_meeting_seq_idx.
    """
    meeting = Meeting.objects.filter(city=city, pk=meeting_id).first()
    if meeting is None:
        return None
    items = list(
        AgendaItem.objects.filter(meeting=meeting, removed_upstream_at__isnull=True)
        .select_related("vote")
        .prefetch_related("documents")
        .order_by("sequence", "id")
    )
    return meeting, [i for i in items if i.is_consent], [i for i in items if not i.is_consent]


@dataclass
class MeetingAttendance:
    present: list[Attendance]
    absent: list[Attendance]
    excused: list[Attendance]
    unknown: list[Attendance]

    @property
    def groups(self) -> list[tuple[str, list[Attendance]]]:
        """Present first (shown even when empty), then absent and excused."""
        return [("Present", self.present), ("Absent", self.absent), ("Excused", self.excused)]

    @property
    def recorded(self) -> int:
        return len(self.present) + len(self.absent) + len(self.excused) + len(self.unknown)


def meeting_attendance(*, meeting_id: int) -> MeetingAttendance:
    """Who the meeting's roll call found present, absent or excused, by name: one read of
    attendance_unique_member (meeting, member, city)."""
    rows = list(Attendance.objects.filter(meeting_id=meeting_id).select_related("member").order_by("member__full_name"))
    by_value: dict[str, list[Attendance]] = {value: [] for value in AttendanceValue.values}
    for row in rows:
        by_value[row.value].append(row)
    return MeetingAttendance(
        present=by_value[AttendanceValue.PRESENT],
        absent=by_value[AttendanceValue.ABSENT],
        excused=by_value[AttendanceValue.EXCUSED],
        unknown=by_value[AttendanceValue.UNKNOWN],
    )


def city_meeting_types(*, city: City) -> list[str]:
    """The names of the city's kinds of meeting (bodies as its meetings are titled), for type-ahead."""
    names = Meeting.objects.filter(city=city).order_by("meeting_type").values_list("meeting_type", flat=True)
    return city_cached(city.pk, "meeting-types", lambda: list(names.distinct()[:200]))
