"""Agenda item title search: what contains the words, items of business first; close titles for a typo.

The matches come from item_title_upper_trgm_idx (GIN on UPPER(title), which is what icontains compares) for
a rare word, and from the city's own items for a common one; the close titles, when nothing contains the
words, from comparing the city's own items (their city_id index) by word similarity.
"""

from __future__ import annotations

from django.db import connections, transaction
from django.db.models import BooleanField, Case, FloatField, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from cities.keyset import KeysetPage, cursor_decode, keyset_page
from cities.models import City
from meetings.models import AgendaItem

ITEM_SEARCH_PAGE_SIZE = 50
CLOSE_TITLES = 8
# How much of the typed text must appear, as trigrams, in one stretch of the title. pg_trgm's default
# (0.6) misses one wrong letter in a six-letter word ("budjet" is 0.43 of "budget"); they are ranked by closeness.
CLOSE_TITLE_THRESHOLD = 0.4
# Items of business (the ones with a matter first) rank above procedural rows, and those above headings.
KIND_RANK = Case(
    When(kind=AgendaItem.Kind.HEADING, then=Value(0)),
    When(kind=AgendaItem.Kind.PROCEDURAL, then=Value(1)),
    When(matter_id__isnull=True, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _city_items(city: City) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(city=city, removed_upstream_at__isnull=True).select_related(
        "meeting", "matter", "vote"
    )


def item_title_search(*, city: City, text: str, cursor: str | None, size: int = ITEM_SEARCH_PAGE_SIZE) -> KeysetPage:
    """Titles containing `text`: items of business before headings, each kind newest first, a page at a
    time (the keyset on rank, meeting date and id pages them whatever the depth)."""
    purpose = f"item-search:{city.id}:{text.casefold()}"
    matches = _city_items(city).filter(title__icontains=text).annotate(rank=KIND_RANK)
    return keyset_page(
        matches,
        fields=("rank", "meeting__meeting_date", "id"),
        cursor=cursor_decode(cursor, purpose=purpose, width=3),
        size=size,
        purpose=purpose,
        key=lambda item: (item.rank, item.meeting.meeting_date, item.id),
    )


def close_titles(*, city: City, text: str, limit: int = CLOSE_TITLES) -> list[AgendaItem]:
    """Items whose titles hold something close to `text` (a typo, a missing letter), closest first and one
    per short title: what to suggest when no title contains it."""
    similar = RawSQL("%s <%% meetings_agendaitem.title", [text], output_field=BooleanField())
    closeness = RawSQL("word_similarity(%s, meetings_agendaitem.title)", [text], output_field=FloatField())
    candidates = (
        _city_items(city)
        .exclude(kind=AgendaItem.Kind.HEADING)
        .filter(similar)
        .annotate(closeness=closeness)
        .order_by("-closeness", "-meeting__meeting_date", "-id")
    )
    alias = candidates.db  # the router's choice: the settings must be made on the connection that reads
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # The planner prices word_similarity like a comparison and, for some cities, scans every city's items;
        # without a sequential scan it reads the city's own items by their city_id index and compares those.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true),"
            " set_config('enable_seqscan', 'off', true)",
            [str(CLOSE_TITLE_THRESHOLD)],
        )
        rows = list(candidates[: limit * 4])
    distinct: dict[str, AgendaItem] = {}
    for item in rows:
        distinct.setdefault(item.short_title.casefold(), item)
    return list(distinct.values())[:limit]
