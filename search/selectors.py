"""Minutes search results: a page newest first or by relevance, keyset cursors, highlighted snippets.

Which pages match and in what order is `search.matching` (the month-window walk); this module turns those
keys into what a page shows, and caches first pages briefly.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from cities.keyset import Cursor, cursor_decode, cursor_encode
from cities.sqlfiles import read_sql
from meetings.selectors.minutes import MinutesHit, minutes_hits
from search.matching import (
    PAGE_SIZE,
    RELEVANCE_CANDIDATES,
    SearchParams,
    estimated_matches,
    oldest_page_date,
    search_cache_key,
    searchable_words,
    walk,
)


@dataclass
class SearchPage:
    hits: list[MinutesHit] = field(default_factory=list)
    next_cursor: str | None = None
    previous_cursor: str | None = None
    estimated_total: int = 0
    message: str = ""
    ranked_within: int | None = None  # relevance order: how many of the newest matches were ranked


def search_minutes(
    params: SearchParams, *, cursor: str | None = None, size: int = PAGE_SIZE, use_cache: bool = True
) -> SearchPage:
    """One page of results, newest first or by relevance. First pages are cached briefly."""
    purpose = f"search:{params.fingerprint()}"
    relevance = params.order == "relevance"
    decoded = cursor_decode(cursor, purpose=purpose, width=3 if relevance else 2)
    if not params.q:
        return SearchPage(message='Type a word, a name, a parcel number or a "quoted phrase".')
    words = searchable_words(params.q)
    if words == "none":
        return SearchPage(
            message="That search has no words we can look for (only very common words or "
            "punctuation). Try a more specific word."
        )
    if words == "only_excluded":
        return SearchPage(
            message="Add a word to look for: words with a minus (-council) only leave pages out, "
            "and a search needs at least one word the pages must contain."
        )
    cache_key = search_cache_key(f"first:{params.fingerprint()}") if decoded is None and use_cache else None
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
            if oldest_page_date()
            else "No meeting minutes have been loaded for search yet."
        )
    if cache_key:
        cache.set(cache_key, page, settings.SEARCH_CACHE_SECONDS)
    return page


def _newest_page(params: SearchParams, decoded: Cursor | None, *, size: int, purpose: str) -> SearchPage:
    backwards = bool(decoded and decoded.backwards)
    keys = walk(params, after=decoded.values if decoded else None, backwards=backwards, size=size + 1)
    if backwards:
        has_more_before = len(keys) > size
        keys = keys[-size:] if has_more_before else keys
        has_more_after = True
    else:
        has_more_after = len(keys) > size
        keys = keys[:size]
        has_more_before = decoded is not None
    return SearchPage(
        hits=minutes_hits(params.q, keys),
        next_cursor=cursor_encode(keys[-1], purpose=purpose) if keys and has_more_after else None,
        previous_cursor=cursor_encode(keys[0], purpose=purpose, backwards=True) if keys and has_more_before else None,
    )


def ranked_candidates(params: SearchParams, *, use_cache: bool) -> list[tuple[float, dt.date, int]]:
    """The newest RELEVANCE_CANDIDATES matches as (rank, meeting_date, id), best first; cached so the
    next pages of the same search reuse them (recomputed at the same bounded cost when expired)."""
    key = search_cache_key(f"ranked:{params.fingerprint()}")
    if use_cache and (cached := cache.get(key)) is not None:
        return cached
    newest = walk(params, after=None, backwards=False, size=RELEVANCE_CANDIDATES)
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
    ranked = ranked_candidates(params, use_cache=use_cache)
    order = [_rank_order(entry) for entry in ranked]
    if decoded is None:
        start = 0
    elif decoded.backwards:
        start = max(bisect.bisect_left(order, _rank_order(decoded.values)) - size, 0)
    else:
        start = bisect.bisect_right(order, _rank_order(decoded.values))
    shown = ranked[start : start + size]
    return SearchPage(
        hits=minutes_hits(params.q, [(day, page_id) for _, day, page_id in shown]),
        next_cursor=cursor_encode(shown[-1], purpose=purpose) if shown and start + size < len(ranked) else None,
        previous_cursor=cursor_encode(shown[0], purpose=purpose, backwards=True) if shown and start > 0 else None,
        ranked_within=len(ranked),
    )
