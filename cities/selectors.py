"""Reads for cities and staff access."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from cities.models import ApiKey, City, StaffCityAssignment


def city_ids_for_user(*, user) -> list[int] | None:
    """Cities a staff user may see in the admin; None means all (superuser)."""
    if user.is_superuser:
        return None
    return list(StaffCityAssignment.objects.filter(user=user).values_list("city_id", flat=True))


def cities_for_user(*, user) -> QuerySet[City]:
    ids = city_ids_for_user(user=user)
    return City.objects.all() if ids is None else City.objects.filter(id__in=ids)


def api_key_active(*, plain: str) -> ApiKey | None:
    """The unrevoked key matching `plain` (unique index on key_hash), or None."""
    if not plain or len(plain) > 200:
        return None
    digest = hashlib.sha256(plain.encode()).hexdigest()
    return ApiKey.objects.filter(key_hash=digest, revoked_at__isnull=True).select_related("city").first()
