"""What every page of one city shares: the city from the URL, and a cache of the whole page per city version.

A page is a function of its path, the city's data version and the query parameters its view reads (named
with `reads=`): the view sees only those, and the cache key is made of them, so a query string of anything
else (`?x=1`, `?x=2`, ...) is the same page and one cache entry, never a new build.

Each copy is kept with the city's data version (bumped by ingestion and admin edits,
`cities.cache.city_cache_bump`), and a copy of an older version is not served: a change reaches every page at
once, and the rebuilt copy replaces the stale one. The ETag names the city, version and page, so a browser
revalidating an unchanged page gets a 304 with no work. A page answered from its copy reads the city, its
version and the copy in one round trip to Redis.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponsePermanentRedirect, QueryDict
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cities.cache import (
    city_cache_version,
    city_changed_recently,
    city_page_cached,
    city_page_copy,
    city_page_keep,
)
from cities.models import City
from cities.replica import primary_reads, reading_replica
from cities.selectors import city_by_key

PAGE_CACHE_SECONDS = 300

CityView = Callable[..., HttpResponseBase]


def city_from_url(request: HttpRequest, city_key: str) -> City:
    """The URL's city (NotFound otherwise), remembered on the request for the error page's links."""
    city = city_by_key(city_key=city_key, cached=True)
    request.city = city  # type: ignore[attr-defined]
    return city


def _only(query: QueryDict, names: tuple[str, ...]) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in names:
        if values := query.getlist(name):
            kept.setlist(name, values)
    kept._mutable = False
    return kept


def city_page(view: CityView | None = None, *, reads: tuple[str, ...] = ()) -> Any:
    """A GET page of one city: the view gets `city=` and only the query parameters in `reads`; its 200
    answers are cached per city version, path and those parameters. `@city_page` or `@city_page(reads=...)`."""
    if view is None:
        return functools.partial(city_page, reads=reads)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, city_key: str, **kwargs: Any) -> HttpResponseBase:
        request.GET = _only(request.GET, reads)  # type: ignore[assignment]  # an immutable QueryDict like the original
        digest = hashlib.sha256(f"{request.path}?{request.GET.urlencode()}".encode()).hexdigest()[:32]
        found = city_page_cached(city_key=city_key, digest=digest)
        if found is not None:
            city, version, copy = found.city, found.version, found.copy
            request.city = city  # type: ignore[attr-defined]
        else:
            city = city_from_url(request, city_key)
            if city_key != city.city_key:  # typed with capitals: one address per page
                return HttpResponsePermanentRedirect(request.get_full_path().replace(city_key, city.city_key, 1))
            version = city_cache_version(city_id=city.pk)
            copy = city_page_copy(city_id=city.pk, version=version, digest=digest)
        etag = f'"page:{city.pk}:v{version}:{digest}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponse(status=304, headers={"ETag": etag})
        if copy is not None:
            content, content_type = copy
            response: HttpResponseBase = HttpResponse(content, content_type=content_type)
        else:
            # Just after the city changed, the replica may not show it yet: the copy cached now must.
            just_changed = reading_replica() and (
                found.changed_recently if found is not None else city_changed_recently(city_id=city.pk)
            )
            with primary_reads() if just_changed else contextlib.nullcontext():
                response = view(request, city=city, **kwargs)
            if response.status_code == 200 and isinstance(response, HttpResponse):
                city_page_keep(city_id=city.pk, version=version, digest=digest, content=response.content,
                               content_type=response["Content-Type"], seconds=PAGE_CACHE_SECONDS)  # fmt: skip
        if response.status_code == 200:
            response["ETag"] = etag
            # Browsers ask again every time, and the versioned ETag makes that a 304 until the city changes: an
            # editor (who may have seen the page before signing in) sees a correction at once.
            patch_cache_control(response, public=True, no_cache=True)
            proxy_cacheable(response)
        return response

    return require_safe(wrapper)


def proxy_cacheable(response: HttpResponseBase) -> None:
    """Lets the proxy in front keep this page for PROXY_CACHE_SECONDS (X-Accel-Expires, which nginx reads
    and never passes on): only for a page every reader sees alike. A change reaches readers that much
    later; signed-in staff reach the app (deploy/nginx)."""
    if settings.PROXY_CACHE_SECONDS > 0:
        response["X-Accel-Expires"] = str(settings.PROXY_CACHE_SECONDS)


def query_without_cursor(request: HttpRequest, *, also: tuple[str, ...] = ()) -> str:
    """The page's query string for its pager links, which add their own cursor (and the `also` parameters)."""
    query = request.GET.copy()
    for name in ("cursor", *also):
        query.pop(name, None)
    return query.urlencode()
