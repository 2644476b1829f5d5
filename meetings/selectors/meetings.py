"""Reads of meetings for the pages and the API; each names the index it relies on, none queries in a loop."""

from __future__ import annotations

from django.utils import timezone

from cities.keyset import KeysetPage, cursor_decode, keyset_page
from cities.models import City
from cities.sqlfiles import read_sql
from meetings.models import AgendaItem, Meeting

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


def city_meetings(*, city: City, upcoming: bool, limit: int = 10) -> list[Meeting]:
    """Index meeting_city_date_idx (city_id, meeting_date DESC, id DESC)."""
    today = timezone.localdate()
    qs = Meeting.objects.filter(city=city)
    if upcoming:
        return list(qs.filter(meeting_date__gte=today).order_by("meeting_date", "id")[:limit])
    return list(qs.filter(meeting_date__lt=today).order_by("-meeting_date", "-id")[:limit])


def city_meetings_page(*, city: City, cursor: str | None, size: int = MEETINGS_PAGE_SIZE) -> KeysetPage:
    """Every meeting of the city, newest first, keyset on (meeting_date, id): index meeting_city_date_idx
    (city_id, meeting_date DESC, id DESC), so the archive's last page costs what its first does."""
    purpose = f"meetings:{city.pk}"
    return keyset_page(
        Meeting.objects.filter(city=city),
        fields=("meeting_date", "id"),
        cursor=cursor_decode(cursor, purpose=purpose, width=2),
        size=size,
        purpose=purpose,
    )


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
