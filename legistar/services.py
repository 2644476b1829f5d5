"""The one way to sync a city from Legistar: under the city's lock, then the steps every sync needs after.

Tasks, the management command and the demo loader all call `legistar_city_sync`; the sync engine itself is
`legistar.sync.legistar_sync`.
"""

from __future__ import annotations

import datetime as dt
import logging

from cities.cache import city_cache_bump
from cities.errors import ApplicationError
from cities.locks import LockHeld, held
from cities.models import City
from cities.services.sync_logs import sync_logs_interrupted_close
from legistar.client import LegistarClient
from legistar.report import SyncReport
from legistar.sync import Progress, legistar_sync
from votes.services import member_voting_summary_refresh

logger = logging.getLogger(__name__)


class SyncAlreadyRunning(ApplicationError):
    code = "sync_running"
    status = 409


def legistar_city_sync(
    *,
    city: City,
    since: dt.date | None = None,
    full: bool = False,
    processes: int = 1,
    progress: Progress | None = None,
    client: LegistarClient | None = None,
    queue_minutes: bool = True,
    holder: str | None = None,
) -> SyncReport:
    """Sync one city unless a sync of it is already running (SyncAlreadyRunning); then refresh the derived
    voting summaries and make the city's cached pages stale when anything changed. `holder` (a task id)
    takes back its own lock when the task is delivered again after its worker died."""
    try:
        with held(f"legistar-sync:{city.pk}", holder=holder):
            sync_logs_interrupted_close(city=city, sync_type="legistar")  # a dead run's row, closed as such
            report = legistar_sync(
                city=city,
                since=since,
                full=full,
                client=client,
                progress=progress,
                queue_minutes=queue_minutes,
                processes=processes,
            )
    except LockHeld as error:
        raise SyncAlreadyRunning(f"A Legistar sync of {city.name} is already running.") from error
    if report.changed_anything:
        member_voting_summary_refresh(concurrently=True)
        city_cache_bump(city_id=city.pk)
    return report
