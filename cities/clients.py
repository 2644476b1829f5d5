"""Who a request comes from, read one way for every limit: its address, and per-address rate limits.

Behind `TRUSTED_PROXY_COUNT` proxies (0: the web server faces the clients), the client is the address the
outermost trusted proxy saw: that many entries from the right of X-Forwarded-For. Entries further left
were written by the client and prove nothing; a client-sent header is ignored when no proxy is trusted.
A value that is not an IP address is never used (the direct peer's address is); a request made inside the
process (no peer at all) counts as 0.0.0.0.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from cities.cache import rate_count
from cities.errors import RateLimited

WINDOW_SECONDS = 60


def _ip(text: object) -> str | None:
    try:
        return str(ipaddress.ip_address(str(text).strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    remote = _ip(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104 - a label, nothing binds to it
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [address for address in forwarded.split(",") if address.strip()]
    return (_ip(addresses[-min(proxies, len(addresses))]) if addresses else None) or remote


def address_over_limit(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Whether this address is past `limit` requests of this scope in the window, this one counted. With
    Redis down the count is unknown and the answer is no (see cities.cache.rate_count)."""
    count = rate_count(f"rate:{scope}:{client_address(request)}", window_seconds)
    return count is not None and count > limit


def address_rate_limit(request: HttpRequest, *, scope: str, per_minute: int) -> None:
    """RateLimited (429 with Retry-After) past `per_minute` requests of this scope from this address."""
    if address_over_limit(request, scope=scope, limit=per_minute, window_seconds=WINDOW_SECONDS):
        raise RateLimited(
            "Too many requests from your address: wait a minute and try again.", retry_after=WINDOW_SECONDS
        )
