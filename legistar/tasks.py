"""Celery tasks of the Legistar sync: thin callers of `legistar.services`."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings

from cities.models import City
from legistar.client import LegistarUnavailable
from legistar.services import SyncAlreadyRunning, legistar_city_sync

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="legistar.sync_city",
    acks_late=True,
    autoretry_for=(LegistarUnavailable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
    soft_time_limit=3 * 3600,
    time_limit=3 * 3600 + 300,
)
def sync_city(self: Task, city_id: int, full: bool = False) -> dict[str, Any]:
    """One city; an overlapping run of the same city is a no-op. An API outage is retried with backoff. A
    run whose worker died is delivered again (late acks) and continues from the city's watermark: every
    write is an upsert, so nothing is lost or stored twice."""
    city = City.objects.get(pk=city_id)
    try:
        report = legistar_city_sync(
            city=city, full=full, holder=self.request.id, queue_minutes=settings.LEGISTAR_QUEUE_MINUTES
        )
    except SyncAlreadyRunning as error:
        logger.info("legistar sync of %s skipped: %s", city.city_key, error.message)
        return {"city_id": city_id, "skipped": error.message}
    if report.unavailable:
        raise LegistarUnavailable(report.error)
    return report.as_dict()


@shared_task(name="legistar.sync_all_cities", acks_late=True, soft_time_limit=60)
def sync_all_cities() -> int:
    """Queue a sync of every city that has a Legistar client."""
    city_ids = list(City.objects.exclude(legistar_client="").values_list("id", flat=True))
    for city_id in city_ids:
        sync_city.delay(city_id)
    logger.info("legistar sync queued for %s cities", len(city_ids))
    return len(city_ids)
