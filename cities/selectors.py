"""Reads for cities and staff access."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from cities.cache import city_lookup_cached, city_lookup_remember
from cities.errors import NotFound
from cities.models import ApiKey, City, StaffCityAssignment


def city_by_key(*, city_key: str, cached: bool = False) -> City:
    """The city with this key, however it was capitalised (keys are lower case; unique index on city_key).
    The one city lookup: pages, the API, Open311, search and commands all go through it. `cached`: kept a
    minute in the cache (pages served from their cache then need no query); admin edits forget it."""
    key = city_key.strip().lower() if city_key else ""
    city = city_lookup_cached(key) if cached and key else None
    if city is None:
        city = City.objects.filter(city_key=key).first() if key else None
        if city is not None and cached:
            city_lookup_remember(city)
    if city is None:
        raise NotFound("We don't have a city with that name.", code="unknown_city")
    return city


def city_ids_for_user(*, user: AbstractBaseUser | AnonymousUser) -> list[int] | None:
    """Cities a staff user may see in the admin; None means all (superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    if user.pk is None:
        return []
    return list(StaffCityAssignment.objects.filter(user_id=user.pk).values_list("city_id", flat=True))


def cities_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[City]:
    ids = city_ids_for_user(user=user)
    return City.objects.all() if ids is None else City.objects.filter(id__in=ids)


def api_key_active(*, plain: str) -> ApiKey | None:
    """The unrevoked key matching `plain` (unique index on key_hash), or None."""
    if not plain or len(plain) > 200:
        return None
    digest = hashlib.sha256(plain.encode()).hexdigest()
    return ApiKey.objects.filter(key_hash=digest, revoked_at__isnull=True).select_related("city").first()
