"""Minutes pages as a list shows them: where each is, and a highlighted snippet of why it matched.

Minutes search (search.selectors) decides which pages match and in what order; a matter's story asks for the
pages that mention its file number. Both show them through `minutes_hits`.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from cities.models import City
from cities.sqlfiles import read_sql
from meetings.models import MeetingPage

MARK_START, MARK_END = "\x01", "\x02"  # control characters are removed from page text at ingestion
HEADLINE_OPTIONS = (
    f'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)

PageKey = tuple[dt.date, int]  # (meeting_date, id): a page's place in newest-first order


@dataclass
class MinutesHit:
    id: int
    meeting_date: dt.date
    city_name: str
    city_key: str
    meeting_id: int
    meeting_type: str
    document_id: int
    document_title: str
    document_url: str
    page_number: int
    snippet_html: str


def safe_snippet(headline: str) -> str:
    """Minutes text is untrusted: escape all of it, then let only our own <mark> through."""
    return html.escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def minutes_hits(q: str, keys: list[PageKey]) -> list[MinutesHit]:
    """The pages of `keys`, in that order, with ts_headline snippets for `q`: one query, shown rows only."""
    if not keys:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            read_sql(__file__, "minutes_hits.sql"),
            {"q": q, "ids": [k[1] for k in keys], "dates": [k[0] for k in keys], "options": HEADLINE_OPTIONS},
        )
        columns = [c.name for c in cursor.description]
        details = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    hits = []
    for meeting_date, page_id in keys:
        if (d := details.get(page_id)) is not None:
            headline = d.pop("headline")
            hits.append(MinutesHit(meeting_date=meeting_date, snippet_html=safe_snippet(headline), **d))
    return hits


def phrase_query(text: str) -> str:
    """`text` as one quoted phrase for websearch_to_tsquery (its own quotes dropped)."""
    return '"' + text.replace('"', " ") + '"'


def pages_mentioning(*, city: City, phrase: str, since: dt.date | None, limit: int = 5) -> list[MinutesHit]:
    """The city's newest minutes pages holding `phrase` (a file number), from `since` on: partitions before it
    are pruned, and ordering by `meeting_date + 0` keeps the planner on each partition's GIN
    (meetingpage search_vector), which answers a rare phrase from a handful of rows."""
    q = phrase_query(phrase)
    pages = MeetingPage.objects.filter(city=city).filter(
        RawSQL("search_vector @@ websearch_to_tsquery('english', %s)", [q], output_field=BooleanField())
    )
    if since is not None:
        pages = pages.filter(meeting_date__gte=since)
    day = RawSQL("meeting_date + 0", [])
    keys = list(pages.order_by(day.desc(), "-id").values_list("meeting_date", "id")[:limit])
    return minutes_hits(q, keys)
