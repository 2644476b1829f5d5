"""Minutes search: newest first, keyset pages, highlighted snippets, an estimated count.

How a page is found (see docs in README "Minutes search"): the pages table is partitioned by
month, and a query walks time windows newest-first - 1 month, then 2, 6, 24, then everything
older - each window pruned to its partitions, until the page is full. A common word or phrase
fills the page from the newest month (GIN bitmap or the (meeting_date DESC, id DESC) walk of one
partition); a rare word quickly reaches the wide windows, where its few matches are cheap to sort.
The cursor carries the last (meeting_date, id) shown, so page 1,000 starts where page 999 ended.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import html
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cities.cache import minutes_cache_version
from cities.errors import InvalidInput
from cities.keyset import Cursor, cursor_decode, cursor_encode
from cities.models import City
from cities.sqlfiles import planner_row_estimate, read_sql
from meetings.models import MeetingPage

MAX_QUERY_LENGTH = 300
PAGE_SIZE = 20
ORDERS = ("newest", "relevance")
# Relevance order ranks only the newest matches: a bounded cost per query, and journalists mostly
# want the recent pages that best match. Said on the search page.
RELEVANCE_CANDIDATES = 1000
WINDOWS_MONTHS = (1, 2, 6, 24, None)  # None: everything left
MARK_START, MARK_END = "\x01", "\x02"  # control characters are removed from page text at ingestion


@dataclass(frozen=True)
class SearchParams:
    q: str
    city: City | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    meeting_type: str = ""
    document_kind: str = ""
    order: str = "newest"

    def fingerprint(self) -> str:
        """Identifies the query, filters and order (not the page): binds cursors and cache keys to them."""
        raw = json.dumps(
            [
                self.q.casefold(),
                self.city.id if self.city else None,
                str(self.date_from),
                str(self.date_to),
                self.meeting_type,
                self.document_kind,
                self.order,
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:24]


@dataclass
class SearchHit:
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


@dataclass
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    next_cursor: str | None = None
    previous_cursor: str | None = None
    estimated_total: int = 0
    message: str = ""
    ranked_within: int | None = None  # relevance order: how many of the newest matches were ranked


def clean_query(raw: str | None) -> str:
    text = " ".join((raw or "").replace("\x00", " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            f"That search is too long: keep it under {MAX_QUERY_LENGTH} characters.", code="query_too_long"
        )
    return text


def _has_searchable_words(q: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery('english', %s))", [q])
        return cursor.fetchone()[0] > 0


def _matches(params: SearchParams) -> QuerySet[MeetingPage]:
    """Matching pages with the filters; relies on meetingpage_search_idx (GIN) per partition."""
    qs = MeetingPage.objects.filter(
        RawSQL("search_vector @@ websearch_to_tsquery('english', %s)", [params.q], output_field=BooleanField())
    )
    if params.city:
        qs = qs.filter(city_id=params.city.id)
    if params.date_from:
        qs = qs.filter(meeting_date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(meeting_date__lte=params.date_to)
    if params.meeting_type:
        qs = qs.filter(meeting_type=params.meeting_type)
    if params.document_kind:
        qs = qs.filter(document_kind=params.document_kind)
    return qs


def _key(name: str) -> str:
    """A cache key of search under the minutes' version: stale as soon as pages are written."""
    return f"search:v{minutes_cache_version()}:{name}"


def _oldest_page_date() -> dt.date | None:
    oldest = cache.get(_key("oldest-page-date"))
    if oldest is None:
        oldest = MeetingPage.objects.order_by("meeting_date").values_list("meeting_date", flat=True).first()
        cache.set(_key("oldest-page-date"), oldest or "none", 600)
    return None if oldest == "none" else oldest


def _month_floor(day: dt.date, months_back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _beyond(key: tuple[dt.date, int], *, older: bool) -> RawSQL:
    """Pages strictly past `key` as a row comparison, which is an index condition on
    meetingpage_date_idx (meeting_date DESC, id DESC): the scan starts at the cursor. The usual
    `date < d OR (date = d AND id < i)` form bounds only the date, and one meeting day holds
    thousands of pages that the scan would read and discard (measured: 16 ms vs 0.6 ms)."""
    if older:
        return RawSQL("(meeting_date, id) < (%s, %s)", [key[0], key[1]], output_field=BooleanField())
    return RawSQL("(meeting_date, id) > (%s, %s)", [key[0], key[1]], output_field=BooleanField())


PageKey = tuple[dt.date, int]  # (meeting_date, id): a page's place in newest-first order


def _walk(params: SearchParams, *, after: PageKey | None, backwards: bool, size: int) -> list[PageKey]:
    """Up to `size` (meeting_date, id) keys in order, walking month windows away from the cursor."""
    oldest = _oldest_page_date()
    if oldest is None:
        return []
    low_limit = max(params.date_from or oldest, oldest)
    high_limit = min(params.date_to or dt.date.max, timezone.localdate() + dt.timedelta(days=3660))
    if backwards and after is not None:
        return _walk_newer(params, after=after, high_limit=high_limit, size=size)
    return _walk_older(params, after=after, low_limit=low_limit, high_limit=high_limit, size=size)


def _walk_older(
    params: SearchParams, *, after: PageKey | None, low_limit: dt.date, high_limit: dt.date, size: int
) -> list[PageKey]:
    """Newest first from the cursor (or the newest page), one widening month window at a time."""
    matches = _matches(params).values_list("meeting_date", "id")
    found: list[PageKey] = []
    top = after[0] if after else min(high_limit, _newest_bound(params))
    for number, months in enumerate(WINDOWS_MONTHS):
        if top < low_limit or len(found) >= size:
            break
        bottom = low_limit if months is None else max(_window_bottom(top, number, months), low_limit)
        window = matches.filter(meeting_date__gte=bottom, meeting_date__lte=top)
        if after:
            window = window.filter(_beyond(after, older=True))
        rows = list(window.order_by(*_window_order(number, descending=True))[: size - len(found)])
        found.extend(rows)
        if rows:
            after = rows[-1]
        top = bottom - dt.timedelta(days=1)
    return found


def _walk_newer(params: SearchParams, *, after: PageKey, high_limit: dt.date, size: int) -> list[PageKey]:
    """The page before a cursor: oldest first from it, returned newest first."""
    matches = _matches(params).values_list("meeting_date", "id")
    found: list[PageKey] = []
    bottom = after[0]
    for number, months in enumerate(WINDOWS_MONTHS):
        if bottom > high_limit or len(found) >= size:
            break
        top = high_limit if months is None else min(_month_floor(bottom, -months) - dt.timedelta(days=1), high_limit)
        window = matches.filter(meeting_date__gte=bottom, meeting_date__lte=top).filter(_beyond(after, older=False))
        rows = list(window.order_by(*_window_order(number, descending=False))[: size - len(found)])
        found.extend(rows)
        if rows:
            after = rows[-1]
        bottom = top + dt.timedelta(days=1)
    return found[::-1]


def _window_bottom(top: dt.date, number: int, months: int) -> dt.date:
    """The first window is the 30 days up to `top` (a cursor or a date filter may put `top` on a
    month's first day, and a one-day window would say nothing about how common the words are);
    later windows end on month boundaries."""
    return top - dt.timedelta(days=29) if number == 0 else _month_floor(top, months - 1)


def _window_order(number: int, *, descending: bool) -> list:
    """The first window lets the planner walk (meeting_date, id) or use the GIN, as it sees fit. A later
    window only runs because recent months had too few matches - the words are rare there - and there
    the planner's over-estimate of rare words would pick a date-order walk through every page of the
    window (SEARCH-NOTES: 200-400 ms). Ordering by `meeting_date + 0` makes the index order unusable,
    so the GIN bitmap finds the few matches and they are sorted."""
    if number == 0:
        return ["-meeting_date", "-id"] if descending else ["meeting_date", "id"]
    day = RawSQL("meeting_date + 0", [])
    return [day.desc(), F("id").desc()] if descending else [day.asc(), F("id").asc()]


def _newest_bound(params: SearchParams) -> dt.date:
    newest = cache.get(_key("newest-page-date"))
    if newest is None:
        newest = MeetingPage.objects.order_by("-meeting_date").values_list("meeting_date", flat=True).first()
        cache.set(_key("newest-page-date"), newest or "none", 600)
    if newest in (None, "none"):
        return params.date_to or timezone.localdate()
    return min(newest, params.date_to) if params.date_to else newest


def estimated_matches(params: SearchParams) -> int:
    """About how many pages match: never a COUNT(*) of every match, and not even a plan over every
    partition (planning 120+ partitions costs ~90 ms). The planner estimates one month - the newest
    in the filters - and the share is scaled by the pages of the months in range (pg_class.reltuples)."""
    key = _key(f"estimate:{params.fingerprint()}")
    if (cached := cache.get(key)) is not None:
        return cached
    newest = _newest_bound(params)
    month = newest.replace(day=1)
    month_end = _month_floor(newest, -1) - dt.timedelta(days=1)
    sample = _matches(params).filter(
        meeting_date__gte=max(month, params.date_from or month), meeting_date__lte=month_end
    )
    in_month = planner_row_estimate(sample.values("id"))
    with connection.cursor() as cursor:
        cursor.execute(read_sql(__file__, "pages_per_month.sql"))
        sizes = {row[0]: max(row[1], 0.0) for row in cursor.fetchall()}
    low = (params.date_from or dt.date.min).replace(day=1)
    in_range = sum(n for start, n in sizes.items() if low <= start <= month)
    sample_size = sizes.get(month) or 0.0
    estimate = int(in_month * in_range / sample_size) if sample_size else int(in_month)
    cache.set(key, estimate, settings.SEARCH_CACHE_SECONDS * 10)
    return estimate


def _snippets(q: str, keys: list[tuple[dt.date, int]]) -> dict[int, dict[str, Any]]:
    """ts_headline for the shown rows only, in one query, with everything the result row shows."""
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            read_sql(__file__, "search_results.sql"),
            {
                "q": q,
                "ids": [k[1] for k in keys],
                "dates": [k[0] for k in keys],
                "options": f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=12, MaxFragments=2, "
                'FragmentDelimiter=" … "',
            },
        )
        columns = [c.name for c in cursor.description]
        return {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


def safe_snippet(headline: str) -> str:
    """Minutes text is untrusted: escape all of it, then let only our own <mark> through."""
    return html.escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search_minutes(
    params: SearchParams, *, cursor: str | None = None, size: int = PAGE_SIZE, use_cache: bool = True
) -> SearchPage:
    """One page of results, newest first or by relevance. First pages are cached briefly."""
    purpose = f"search:{params.fingerprint()}"
    relevance = params.order == "relevance"
    decoded = cursor_decode(cursor, purpose=purpose, width=3 if relevance else 2)
    if not params.q:
        return SearchPage(message='Type a word, a name, a parcel number or a "quoted phrase".')
    if not _has_searchable_words(params.q):
        return SearchPage(
            message="That search has no words we can look for (only very common words or "
            "punctuation). Try a more specific word."
        )
    cache_key = _key(f"first:{params.fingerprint()}") if decoded is None and use_cache else None
    if cache_key and (cached := cache.get(cache_key)) is not None:
        return cached
    if relevance:
        page = _relevance_page(params, decoded, size=size, purpose=purpose, use_cache=use_cache)
    else:
        page = _newest_page(params, decoded, size=size, purpose=purpose)
    # The planner's estimate can be far below what is on screen for a small corpus or a rare word:
    # never say fewer than the page shows (plus one when there is a next page).
    page.estimated_total = max(estimated_matches(params), len(page.hits) + (1 if page.next_cursor else 0))
    if not page.hits:
        page.message = (
            "No pages match. Check the spelling, or remove a filter."
            if _oldest_page_date()
            else "No meeting minutes have been loaded for search yet."
        )
    if cache_key:
        cache.set(cache_key, page, settings.SEARCH_CACHE_SECONDS)
    return page


def _newest_page(params: SearchParams, decoded: Cursor | None, *, size: int, purpose: str) -> SearchPage:
    backwards = bool(decoded and decoded.backwards)
    keys = _walk(params, after=decoded.values if decoded else None, backwards=backwards, size=size + 1)
    if backwards:
        has_more_before = len(keys) > size
        keys = keys[-size:] if has_more_before else keys
        has_more_after = True
    else:
        has_more_after = len(keys) > size
        keys = keys[:size]
        has_more_before = decoded is not None
    return SearchPage(
        hits=_hits(params.q, keys),
        next_cursor=cursor_encode(keys[-1], purpose=purpose) if keys and has_more_after else None,
        previous_cursor=cursor_encode(keys[0], purpose=purpose, backwards=True) if keys and has_more_before else None,
    )


def _ranked_candidates(params: SearchParams, *, use_cache: bool) -> list[tuple[float, dt.date, int]]:
    """The newest RELEVANCE_CANDIDATES matches as (rank, meeting_date, id), best first; cached so the
    next pages of the same search reuse them (recomputed at the same bounded cost when expired)."""
    key = _key(f"ranked:{params.fingerprint()}")
    if use_cache and (cached := cache.get(key)) is not None:
        return cached
    newest = _walk(params, after=None, backwards=False, size=RELEVANCE_CANDIDATES)
    ranked: list[tuple[float, dt.date, int]] = []
    if newest:
        with connection.cursor() as cursor:
            cursor.execute(
                read_sql(__file__, "rank_candidates.sql"),
                {"q": params.q, "dates": sorted({k[0] for k in newest}), "ids": [k[1] for k in newest]},
            )
            ranked = [(float(rank), day, page_id) for rank, day, page_id in cursor.fetchall()]
    if use_cache:
        cache.set(key, ranked, settings.SEARCH_CACHE_SECONDS)
    return ranked


def _rank_order(entry: tuple[float, dt.date, int]) -> tuple[float, int, int]:
    """Ascending sort key of (rank DESC, meeting_date DESC, id DESC)."""
    return -entry[0], -entry[1].toordinal(), -entry[2]


def _relevance_page(
    params: SearchParams, decoded: Cursor | None, *, size: int, purpose: str, use_cache: bool
) -> SearchPage:
    ranked = _ranked_candidates(params, use_cache=use_cache)
    order = [_rank_order(entry) for entry in ranked]
    if decoded is None:
        start = 0
    elif decoded.backwards:
        start = max(bisect.bisect_left(order, _rank_order(decoded.values)) - size, 0)
    else:
        start = bisect.bisect_right(order, _rank_order(decoded.values))
    shown = ranked[start : start + size]
    return SearchPage(
        hits=_hits(params.q, [(day, page_id) for _, day, page_id in shown]),
        next_cursor=cursor_encode(shown[-1], purpose=purpose) if shown and start + size < len(ranked) else None,
        previous_cursor=cursor_encode(shown[0], purpose=purpose, backwards=True) if shown and start > 0 else None,
        ranked_within=len(ranked),
    )


def _hits(q: str, keys: list[tuple[dt.date, int]]) -> list[SearchHit]:
    details = _snippets(q, keys)
    return [
        SearchHit(
            id=k[1],
            meeting_date=k[0],
            city_name=d["city_name"],
            city_key=d["city_key"],
            meeting_id=d["meeting_id"],
            meeting_type=d["meeting_type"],
            document_id=d["document_id"],
            document_title=d["document_title"],
            document_url=d["document_url"],
            page_number=d["page_number"],
            snippet_html=safe_snippet(d["headline"]),
        )
        for k in keys
        if (d := details.get(k[1]))
    ]
