"""Writes for votes and the derived member voting summary."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection

from cities.cache import city_cache_bump
from cities.models import City
from meetings.legistar import LegistarUnavailable
from votes.legistar_sync import legistar_sync

DERIVED_VIEWS = ("mv_member_voting_summary", "mv_member_agreement")


def member_voting_summary_refresh(*, concurrently: bool = True) -> None:
    """Recompute the per-year summary and colleague agreement; CONCURRENTLY keeps readers served."""
    with connection.cursor() as cursor:
        for view in DERIVED_VIEWS:
            cursor.execute(f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if concurrently else ''}{view}")


SYNC_LOCK_SECONDS = 4 * 3600


def legistar_city_sync_locked(*, city_id: int, full: bool = False) -> dict:
    """Sync one city unless a sync of it is already running; then refresh the derived views and
    make the city's cached pages stale. Unavailability is raised for the task to retry later."""
    lock = f"legistar-sync-lock:{city_id}"
    if not cache.add(lock, "1", timeout=SYNC_LOCK_SECONDS):
        return {"city_id": city_id, "skipped": "a sync of this city is already running"}
    try:
        report = legistar_sync(city=City.objects.get(pk=city_id), full=full)
    finally:
        cache.delete(lock)
    if (
        report.total("created")
        or report.total("updated")
        or report.counts.get("agenda_item", {}).get("removed_upstream")
    ):
        member_voting_summary_refresh(concurrently=True)
        city_cache_bump(city_id=city_id)
    if report.unavailable:
        raise LegistarUnavailable(report.error)
    return report.as_dict()
