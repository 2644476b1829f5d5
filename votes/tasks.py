from celery import shared_task

from cities.models import City
from meetings.legistar import LegistarUnavailable
from votes.services import legistar_city_sync_locked, member_voting_summary_refresh


@shared_task(name="votes.refresh_member_voting_summary", acks_late=True, soft_time_limit=900)
def refresh_member_voting_summary() -> None:
    member_voting_summary_refresh(concurrently=True)


@shared_task(
    name="votes.sync_legistar_city",
    acks_late=True,
    autoretry_for=(LegistarUnavailable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
    soft_time_limit=3 * 3600,
    time_limit=3 * 3600 + 300,
)
def sync_legistar_city(city_id: int, full: bool = False) -> dict:
    """One city; a lock in Redis makes an overlapping run of the same city a no-op."""
    return legistar_city_sync_locked(city_id=city_id, full=full)


@shared_task(name="votes.sync_all_legistar_cities", acks_late=True, soft_time_limit=60)
def sync_all_legistar_cities() -> int:
    city_ids = list(City.objects.exclude(legistar_client="").values_list("id", flat=True))
    for city_id in city_ids:
        sync_legistar_city.delay(city_id)
    return len(city_ids)
