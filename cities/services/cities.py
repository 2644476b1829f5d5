"""Cities: created with the partitions they need; the source watermark their sync resumes from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cities.errors import InvalidInput
from cities.models import City
from cities.partitions import city_partitions_ensure
from cities.services.council import primary_body_ensure


@transaction.atomic
def city_create(
    *,
    city_key: str,
    name: str,
    state: str,
    total_seats: int,
    legistar_client: str = "",
    timezone_name: str = "America/New_York",
    **extra: Any,
) -> City:
    """Create a city, its legislative body and the partitions it needs; a bad or taken key raises InvalidInput."""
    city = City(
        city_key=city_key,
        name=name,
        state=state,
        total_seats=total_seats,
        legistar_client=legistar_client,
        timezone=timezone_name,
        **extra,
    )
    try:
        city.full_clean()
    except ValidationError as error:
        messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in error.message_dict.items())
        raise InvalidInput(messages, code="invalid_city") from error
    city.save()
    primary_body_ensure(city=city)
    city_partitions_ensure(city_id=city.id)
    return city


def city_legistar_watermark_set(*, city_id: int, synced_through: dt.datetime) -> None:
    """Where the next incremental Legistar sync of the city starts (minus its look-back)."""
    City.objects.filter(pk=city_id).update(legistar_synced_through=synced_through)
