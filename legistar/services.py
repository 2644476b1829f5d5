"""The one way to sync a city from Legistar: under the city's lock, then the steps every sync needs after.

Tasks, the management command and the demo loader all call `legistar_city_sync`; the sync engine itself is
`legistar.sync.legistar_sync`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache

from cities.cache import city_cache_bump
from cities.errors import ApplicationError
from cities.models import City
from legistar.client import LegistarClient
from legistar.report import SyncReport
from legistar.sync import Progress, legistar_sync
from votes.services import member_voting_summary_refresh

logger = logging.getLogger(__name__)

SYNC_LOCK_SECONDS = 4 * 3600


class SyncAlreadyRunning(ApplicationError):
    code = "sync_running"
    status = 409


def _lock_key(city_id: int) -> str:
    return f"legistar-sync-lock:{city_id}"


def legistar_city_sync(
    *,
    city: City,
    since: dt.date | None = None,
    full: bool = False,
    processes: int = 1,
    progress: Progress | None = None,
    client: LegistarClient | None = None,
    queue_minutes: bool = True,
) -> SyncReport:
    """Sync one city unless a sync of it is already running (SyncAlreadyRunning); then refresh the derived
    voting summaries and make the city's cached pages stale when anything changed."""
    lock = _lock_key(city.pk)
    if not cache.add(lock, "1", timeout=SYNC_LOCK_SECONDS):
        raise SyncAlreadyRunning(f"A Legistar sync of {city.name} is already running.")
    try:
        report = legistar_sync(
            city=city,
            since=since,
            full=full,
            client=client,
            progress=progress,
            queue_minutes=queue_minutes,
            processes=processes,
        )
    finally:
        cache.delete(lock)
    if report.changed_anything:
        member_voting_summary_refresh(concurrently=True)
        city_cache_bump(city_id=city.pk)
    return report
