"""Which minutes pages match a search, in what order, and about how many: the month-window walk.

The pages table is partitioned by month, and a query walks time windows newest-first - 1 month, then 2,
6, 24, then everything older - each window pruned to its partitions, until the page is full. A common word
or phrase fills the page from the newest month, read in (meeting_date DESC, id DESC) order in bounded
probes; a rare word is found there by the GIN bitmap once a probe shows it is rare, and quickly reaches the
wide windows, where its few matches are cheap to sort. The cursor carries the last (meeting_date, id)
shown, so page 1,000 starts where page 999 ended.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cities.cache import minutes_cache_version
from cities.errors import InvalidInput
from cities.models import City
from cities.sqlfiles import planner_row_estimate, read_sql
from meetings.models import MeetingPage
from meetings.selectors.minutes import PageKey

MAX_QUERY_LENGTH = 300
PAGE_SIZE = 20
ORDERS = ("newest", "relevance")
# Relevance order ranks only the newest matches: a bounded cost per query, and journalists mostly
# want the recent pages that best match. Said on the search page.
RELEVANCE_CANDIDATES = 1000
WINDOWS_MONTHS = (1, 2, 6, 24, None)  # None: everything left
# The first window is read in date order in probes of at least this many pages (see _probed_window).
PROBE_PAGES = 1000
MAX_PROBE_PAGES = 20_000
# What fetching one match by the GIN bitmap costs (heap fetch, recheck, sort) in pages read in date order.
BITMAP_MATCH_COST = 3
PROBE_SQL = "SELECT meeting_date, id FROM ({probed}) AS probe WHERE hit LIMIT %s"


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
                self.q.lower(),
                self.city.id if self.city else None,
                str(self.date_from),
                str(self.date_to),
                self.meeting_type.lower(),
                self.document_kind,
                self.order,
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:24]


def clean_query(raw: str | None) -> str:
    text = " ".join((raw or "").replace("\x00", " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            f"That search is too long: keep it under {MAX_QUERY_LENGTH} characters.", code="query_too_long"
        )
    return text


def searchable_words(q: str) -> str:
    """ "none" (only stop words or punctuation), "only_excluded" (every word is excluded or sits in an OR
    with an excluded one: no index can narrow the pages, so the search would read all of them) or "ok".
    querytree() is the part of a tsquery an index can use; it is 'T' when there is none."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(q), querytree(q) FROM websearch_to_tsquery('english', %s) AS q", [q])
        nodes, indexable = cursor.fetchone()
    if nodes == 0:
        return "none"
    return "only_excluded" if indexable == "T" else "ok"


def _words_match(params: SearchParams) -> RawSQL:
    return RawSQL("search_vector @@ websearch_to_tsquery('english', %s)", [params.q], output_field=BooleanField())


def matches(params: SearchParams) -> QuerySet[MeetingPage]:
    """Matching pages with the filters; relies on meetingpage_search_idx (GIN) per partition."""
    return filtered_pages(params).filter(_words_match(params))


def filtered_pages(params: SearchParams) -> QuerySet[MeetingPage]:
    """The pages the filters allow, whatever their words."""
    qs = MeetingPage.objects.all()
    if params.city:
        qs = qs.filter(city_id=params.city.id)
    if params.date_from:
        qs = qs.filter(meeting_date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(meeting_date__lte=params.date_to)
    if params.meeting_type:
        # Any part of the name: "finance" finds "Budget and Finance Committee". No index has meeting_type,
        # so this is a check on the rows the other conditions find, as an exact name would be.
        qs = qs.filter(meeting_type__icontains=params.meeting_type)
    if params.document_kind:
        qs = qs.filter(document_kind=params.document_kind)
    return qs


def search_cache_key(name: str) -> str:
    """A cache key of search under the minutes' version: stale as soon as pages are written."""
    return f"search:v{minutes_cache_version()}:{name}"


def oldest_page_date(city: City | None = None) -> dt.date | None:
    """The oldest page's date; of one city's pages when given, so that its searches walk no month before it."""
    return _page_date(city, newest=False)


def _page_date(city: City | None, *, newest: bool) -> dt.date | None:
    """The newest or oldest page's date, of one city's pages when given (meetingpage_city_date_idx); a city
    without minutes has none, and its searches read no month at all."""
    key = search_cache_key(f"{'newest' if newest else 'oldest'}-page-date:{city.pk if city else 'all'}")
    found = cache.get(key)
    if found is None:
        pages = MeetingPage.objects.filter(city_id=city.pk) if city else MeetingPage.objects.all()
        order = "-meeting_date" if newest else "meeting_date"
        found = pages.order_by(order).values_list("meeting_date", flat=True).first()
        cache.set(key, found or "none", 600)
    return None if found == "none" else found


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


def walk(params: SearchParams, *, after: PageKey | None, backwards: bool, size: int) -> list[PageKey]:
    """Up to `size` (meeting_date, id) keys in order, walking month windows away from the cursor."""
    oldest = oldest_page_date(params.city)
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
    found: list[PageKey] = []
    top = after[0] if after else min(high_limit, newest_bound(params))
    for number, months in enumerate(WINDOWS_MONTHS):
        if top < low_limit or len(found) >= size:
            break
        bottom = low_limit if months is None else max(_window_bottom(top, number, months), low_limit)
        rows = _window_matches(
            params, bottom=bottom, top=top, after=after, descending=True, need=size - len(found), first=number == 0
        )
        found.extend(rows)
        if rows:
            after = rows[-1]
        top = bottom - dt.timedelta(days=1)
    return found


def _walk_newer(params: SearchParams, *, after: PageKey, high_limit: dt.date, size: int) -> list[PageKey]:
    """The page before a cursor: oldest first from it, returned newest first."""
    found: list[PageKey] = []
    bottom = after[0]
    for number, months in enumerate(WINDOWS_MONTHS):
        if bottom > high_limit or len(found) >= size:
            break
        top = high_limit if months is None else min(_month_floor(bottom, -months) - dt.timedelta(days=1), high_limit)
        rows = _window_matches(
            params, bottom=bottom, top=top, after=after, descending=False, need=size - len(found), first=number == 0
        )
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


def _window_matches(
    params: SearchParams,
    *,
    bottom: dt.date,
    top: dt.date,
    after: PageKey | None,
    descending: bool,
    need: int,
    first: bool,
) -> list[PageKey]:
    """Up to `need` matching keys between `bottom` and `top`, past `after` in the walk's direction.

    A later window only runs because the months nearer the cursor had too few matches: the words are rare
    there, and the GIN bitmap finds their few matches, which are then sorted. The first window does not
    know yet, so it probes."""
    window = filtered_pages(params).filter(meeting_date__gte=bottom, meeting_date__lte=top)
    if first:
        return _probed_window(params, window, bottom=bottom, top=top, after=after, descending=descending, need=need)
    if after:
        window = window.filter(_beyond(after, older=descending))
    return _sorted_matches(params, window, descending=descending, need=need)


def _probed_window(
    params: SearchParams,
    window: QuerySet[MeetingPage],
    *,
    bottom: dt.date,
    top: dt.date,
    after: PageKey | None,
    descending: bool,
    need: int,
) -> list[PageKey]:
    """The first window's matches, read in date order (meetingpage_date_idx or meetingpage_city_date_idx,
    each page's vector tested as it is read) in bounded probes, until the page is full or the probes show
    the words are rare enough that the GIN bitmap over the rest of the window costs less.

    The planner cannot make that choice: it estimates a month's rare and medium-frequency words alike, and
    walks a dense month page by page for a rare word's few matches, or fetches and sorts all of a medium
    word's thousands by the bitmap. A probe measures the words' frequency among the pages it read, and the
    pages left in the window (partition statistics) say what the bitmap would fetch."""
    found: list[PageKey] = []
    read = hits = 0
    probe = PROBE_PAGES
    window_pages = _pages_between(bottom, top)
    while True:
        rest = window if after is None else window.filter(_beyond(after, older=descending))
        matched, last_read = _probe(params, rest, descending=descending, pages=probe, need=need - len(found))
        found.extend(matched)
        if last_read is None:  # the page is full, or the window had no more pages
            return found
        after = last_read
        read, hits = read + probe, hits + len(matched)
        pages_to_read = (need - len(found)) * read / max(hits, 1)
        bitmap_cost = BITMAP_MATCH_COST * hits / read * max(window_pages - read, 0)
        if bitmap_cost < pages_to_read:
            rest = window.filter(_beyond(after, older=descending))
            return found + _sorted_matches(params, rest, descending=descending, need=need - len(found))
        probe = min(max(int(pages_to_read * 1.5), PROBE_PAGES), MAX_PROBE_PAGES)


def _probe(
    params: SearchParams, window: QuerySet[MeetingPage], *, descending: bool, pages: int, need: int
) -> tuple[list[PageKey], PageKey | None]:
    """The matches, at most `need`, among the window's next `pages` pages in date order; and the key of the
    last of those pages when the probe read them all without filling the page (None: full, or no more pages).

    The words are tested on each page as the date index yields it, and reading stops at the `need`-th match:
    a common word costs the few pages that fill the page, not the whole probe."""
    probed = window.annotate(hit=_words_match(params)).order_by(*_date_order(descending))
    compiled, values = probed.values_list("meeting_date", "id", "hit")[:pages].query.sql_with_params()
    with connections[probed.db].cursor() as cursor:  # where the router sends the window's other reads
        cursor.execute(PROBE_SQL.format(probed=compiled), [*values, need])
        matched = [(day, page_id) for day, page_id in cursor.fetchall()]
    if len(matched) >= need:
        return matched, None
    last = list(window.order_by(*_date_order(descending)).values_list("meeting_date", "id")[pages - 1 : pages])
    return matched, (last[0] if last else None)


def _sorted_matches(
    params: SearchParams, pages: QuerySet[MeetingPage], *, descending: bool, need: int
) -> list[PageKey]:
    ordered = pages.filter(_words_match(params)).order_by(*_sorted_order(descending))
    return list(ordered.values_list("meeting_date", "id")[:need])


def _date_order(descending: bool) -> list[str]:
    """The order of the (meeting_date, id) indexes: rows come in order as the index is walked."""
    return ["-meeting_date", "-id"] if descending else ["meeting_date", "id"]


def _sorted_order(descending: bool) -> list:
    """The same order, written so that no index can give it (`meeting_date + 0`): the planner then finds
    the matches by the GIN bitmap and sorts them, instead of over-estimating rare words and walking every
    page of the window in date order (SEARCH-NOTES: 200-400 ms)."""
    day = RawSQL("meeting_date + 0", [])
    return [day.desc(), F("id").desc()] if descending else [day.asc(), F("id").asc()]


def _pages_per_month() -> dict[dt.date, float]:
    """Pages per monthly partition, from the statistics (pg_class.reltuples): no scan."""
    key = search_cache_key("pages-per-month")
    if (cached := cache.get(key)) is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(read_sql(__file__, "pages_per_month.sql"))
        sizes = {row[0]: max(row[1], 0.0) for row in cursor.fetchall()}
    cache.set(key, sizes, 600)
    return sizes


def _pages_between(bottom: dt.date, top: dt.date) -> float:
    """About how many pages the months from `bottom` to `top` hold (whole months: an upper bound)."""
    return sum(n for start, n in _pages_per_month().items() if bottom.replace(day=1) <= start <= top)


def newest_bound(params: SearchParams) -> dt.date:
    newest = _page_date(params.city, newest=True)
    if newest is None:
        return params.date_to or timezone.localdate()
    return min(newest, params.date_to) if params.date_to else newest


def estimated_matches(params: SearchParams) -> int:
    """About how many pages match: never a COUNT(*) of every match, and not even a plan over every
    partition (planning 120+ partitions costs ~90 ms). The planner estimates one month - the newest
    in the filters - and the share is scaled by the pages of the months in range (pg_class.reltuples)."""
    key = search_cache_key(f"estimate:{params.fingerprint()}")
    if (cached := cache.get(key)) is not None:
        return cached
    newest = newest_bound(params)
    month = newest.replace(day=1)
    month_end = _month_floor(newest, -1) - dt.timedelta(days=1)
    sample = matches(params).filter(
        meeting_date__gte=max(month, params.date_from or month), meeting_date__lte=month_end
    )
    in_month = planner_row_estimate(sample.values("id"))
    sizes = _pages_per_month()
    low = (params.date_from or dt.date.min).replace(day=1)
    in_range = sum(n for start, n in sizes.items() if low <= start <= month)
    sample_size = sizes.get(month) or 0.0
    estimate = int(in_month * in_range / sample_size) if sample_size else int(in_month)
    cache.set(key, estimate, settings.SEARCH_CACHE_SECONDS * 10)
    return estimate
