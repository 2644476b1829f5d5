"""Who may write through Open311: a city's API key, within the key's own rate."""

from __future__ import annotations

from cities.cache import rate_count
from cities.errors import Forbidden, RateLimited
from cities.models import ApiKey, City
from cities.selectors import api_key_active

RATE_WINDOW_SECONDS = 60


def open311_client_admit(*, city: City, plain_key: str) -> ApiKey:
    """The key a POST came with, if it is this city's and within its per-minute rate; Forbidden or
    RateLimited otherwise. Each admitted request counts against the key's minute."""
    key = api_key_active(plain=plain_key)
    if key is None or key.city_id != city.pk:
        raise Forbidden("api_key is missing or not valid for this jurisdiction")
    bucket = f"open311:rate:{key.pk}"
    count = rate_count(bucket, RATE_WINDOW_SECONDS)
    if count is not None and count > key.requests_per_minute:
        raise RateLimited("too many requests for this api_key: try again in a minute", retry_after=RATE_WINDOW_SECONDS)
    return key
