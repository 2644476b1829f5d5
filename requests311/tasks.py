from celery import shared_task

from cities.models import City
from requests311.services.feeds import FeedError, feed_fetch, requests_import, services_import


@shared_task(name="requests311.import_open311_feed", acks_late=True, max_retries=3, soft_time_limit=600)
def import_open311_feed(city_id: int, services_url: str, requests_url: str) -> dict:
    """Copy another Open311 endpoint's services and requests into a city (upserts; all or nothing)."""
    city = City.objects.get(pk=city_id)
    try:
        services = services_import(city=city, rows=feed_fetch(services_url))
        counts = requests_import(city=city, rows=feed_fetch(requests_url))
    except FeedError as error:
        return {"city": city.city_key, "error": str(error)}
    return {"city": city.city_key, "services": services, **counts}
