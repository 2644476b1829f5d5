"""Celery tasks of 311: thin callers of 311's services."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from cities.models import City
from requests311.services.feeds import FeedError, FeedUnavailable, open311_feed_import
from requests311.services.retention import personal_data_expire

logger = logging.getLogger(__name__)


@shared_task(
    name="requests311.import_open311_feed",
    acks_late=True,
    autoretry_for=(FeedUnavailable,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=600,
)
def import_open311_feed(city_id: int, services_url: str, requests_url: str) -> dict[str, Any]:
    """Another Open311 endpoint's services and requests into a city; a feed that is down is retried later,
    one that cannot be used is reported and left."""
    city = City.objects.get(pk=city_id)
    try:
        return open311_feed_import(city=city, services_url=services_url, requests_url=requests_url)
    except FeedError as error:
        logger.warning("open311 feed import into %s refused: %s", city.city_key, error.message)
        return {"city": city.city_key, "error": error.message}


@shared_task(name="requests311.expire_personal_data", acks_late=True)
def expire_personal_data() -> dict[str, int]:
    """Daily: every city's 311 personal data past its retention (requests311.services.retention)."""
    return {city.city_key: personal_data_expire(city=city) for city in City.objects.all()}
