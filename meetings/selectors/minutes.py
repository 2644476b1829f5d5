"""Minutes pages as a list shows them: where each is, and a highlighted snippet of why it matched.

Minutes search (search.selectors) decides which pages match and in what order; a matter's story asks for the
pages that mention its file number. Both show them through `minutes_hits`, and every hit links to the page
itself (`document_page`).
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
from meetings.models import MeetingPage, MinutesDocument

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


def meeting_pages_mentioning(
    *, meeting_id: int, meeting_date: dt.date, phrase: str, limit: int = 3
) -> list[MinutesHit]:
    """The pages of one meeting's documents holding `phrase` (an item's file number or name), in page order.
    The meeting's date prunes to one partition; there its documents' pages come from meetingpage_document_idx
    (document_id, page_number) - a meeting has tens of pages - or, for a rare phrase, from the GIN."""
    q = phrase_query(phrase)
    documents = MinutesDocument.objects.filter(meeting_id=meeting_id).values("id")
    pages = MeetingPage.objects.filter(meeting_date=meeting_date, document_id__in=documents).filter(
        RawSQL("search_vector @@ websearch_to_tsquery('english', %s)", [q], output_field=BooleanField())
    )
    keys = list(pages.order_by("document_id", "page_number").values_list("meeting_date", "id")[:limit])
    return minutes_hits(q, keys)


@dataclass
class DocumentPage:
    document: MinutesDocument
    page_number: int
    text_html: str  # the page's whole text, escaped, with the query's words in <mark>
    found: bool  # False: the document has no such page (stored pages may be fewer than its count)


def document_page(*, city: City, document_id: int, page_number: int, q: str = "") -> DocumentPage | None:
    """One page of a city's document, its text with `q`'s words marked. The page is found by the document's
    meeting date (one partition) and meetingpage_document_idx (document_id, page_number)."""
    document = MinutesDocument.objects.filter(city=city, pk=document_id).select_related("meeting").first()
    if document is None:
        return None
    pages = MeetingPage.objects.filter(
        meeting_date=document.meeting.meeting_date, document_id=document.pk, page_number=page_number
    )
    if q:
        marked = RawSQL(
            "ts_headline('english', content, websearch_to_tsquery('english', %s), %s)",
            [q, f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"],
        )
        text = pages.annotate(marked=marked).values_list("marked", flat=True).first()
    else:
        text = pages.values_list("content", flat=True).first()
    if text is None:
        return DocumentPage(document=document, page_number=page_number, text_html="", found=False)
    return DocumentPage(document=document, page_number=page_number, text_html=safe_snippet(text), found=True)


def meeting_documents(*, meeting_id: int) -> list[MinutesDocument]:
    """A meeting's minutes, agenda and transcript documents (minutes_document_meeting_idx), in kind order."""
    return list(MinutesDocument.objects.filter(meeting_id=meeting_id).order_by("kind", "id"))


def minutes_backlog() -> int:
    """Minutes documents still waiting to be read (fetched and split into pages)."""
    return MinutesDocument.objects.filter(status=MinutesDocument.Status.PENDING).count()
