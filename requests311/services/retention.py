"""Personal data of 311 requests is kept only as long as the city says: after a request has been closed or
deleted for `City.requests311_retention_days`, its reporter's name, email and phone are erased and the photo
the report form stored is deleted. What the public sees of the request (its text, place, history) stays."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cities.models import City
from requests311.models import ServiceRequest

logger = logging.getLogger(__name__)


def _stored_photo_name(media_url: str) -> str | None:
    """The storage name of a photo the report form stored (None for a link to a photo elsewhere)."""
    path = urlsplit(media_url).path
    prefix = f"{settings.MEDIA_URL}311/"
    return path[len(settings.MEDIA_URL) :] if path.startswith(prefix) else None


def personal_data_expire(*, city: City, now: dt.datetime | None = None) -> int:
    """Erase what is past the city's retention; the number of requests erased. One UPDATE per city (its
    partition of requests311_servicerequest); the photo files go once it has committed."""
    if not city.requests311_retention_days:
        return 0
    cutoff = (now or timezone.now()) - dt.timedelta(days=city.requests311_retention_days)
    own_photo = Q(media_url__contains=f"{settings.MEDIA_URL}311/")
    expired = ServiceRequest.objects.filter(city_id=city.pk).filter(Q(closed_at__lt=cutoff) | Q(deleted_at__lt=cutoff))
    holding = expired.filter(~Q(reporter_name="") | ~Q(reporter_email="") | ~Q(reporter_phone="") | own_photo)
    with transaction.atomic():
        photos = [name for url in holding.filter(own_photo).values_list("media_url", flat=True)
                  if (name := _stored_photo_name(url))]  # fmt: skip
        erased = holding.update(reporter_name="", reporter_email="", reporter_phone="")
        expired.filter(own_photo).update(media_url="")
        transaction.on_commit(lambda: _photos_delete(photos))
    if erased:
        logger.info("311 personal data erased from %s requests of %s", erased, city.city_key)
    return erased


def _photos_delete(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("311 photo %s could not be deleted; it is no longer linked", name, exc_info=True)
