"""The data sync log: one row per ingestion run, with what it fetched, stored and skipped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cities.models import City, DataSyncLog

SKIPPED_KEPT = 5000


def sync_log_open(*, city: City, sync_type: str, started_at: dt.datetime | None = None) -> DataSyncLog:
    return DataSyncLog.objects.create(city=city, sync_type=sync_type, started_at=started_at or timezone.now())


def sync_log_close(
    *,
    log: DataSyncLog,
    error: str,
    counts: dict[str, dict[str, int]],
    skipped: list[dict[str, Any]],
    records_processed: int,
) -> DataSyncLog:
    """Finish a run: failed when it stopped on an error, partial when records were skipped."""
    log.completed_at = timezone.now()
    log.status = (
        DataSyncLog.Status.FAILED if error else DataSyncLog.Status.PARTIAL if skipped else DataSyncLog.Status.SUCCESS
    )
    log.records_processed = records_processed
    log.counts = counts
    log.skipped = skipped[:SKIPPED_KEPT]
    log.error_message = error
    log.save(update_fields=["completed_at", "status", "records_processed", "counts", "skipped", "error_message"])
    return log


def sync_logs_interrupted_close(*, city: City, sync_type: str) -> int:
    """Rows a run left "running" when its worker died, closed as interrupted: called by the next run of the
    same city and type, which holds the lock, so no live run owns them."""
    return DataSyncLog.objects.filter(city=city, sync_type=sync_type, status=DataSyncLog.Status.RUNNING).update(
        status=DataSyncLog.Status.INTERRUPTED,
        completed_at=timezone.now(),
        error_message="The run stopped before it finished (its worker was stopped); the next run went on.",
    )
