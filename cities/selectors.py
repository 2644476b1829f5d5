"""Reads for cities and staff access."""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections import defaultdict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from cities.cache import city_cached, city_lookup_cached, city_lookup_remember
from cities.errors import NotFound
from cities.models import ApiKey, City, Correction, CouncilMember, DataSyncLog, Membership, StaffCityAssignment


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


def city_today(city: City) -> dt.date:
    """Today in the city's own time zone: what "current" is measured against."""
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(city.timezone)).date()


def current_on_their_day(cities: list[City], *, prefix: str = "") -> Q:
    """Memberships (or rows reached through `prefix`) whose dates span each city's today."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for city in cities:
        by_day[city_today(city)].append(city.pk)
    condition = Q(pk__in=[])
    for day, city_ids in by_day.items():
        ended_later = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
        condition |= Q(**{f"{prefix}city_id__in": city_ids, f"{prefix}start_date__lte": day}) & ended_later
    return condition


SEAT_ORDER: dict[str, int] = {Membership.Role.MAYOR: 0, Membership.Role.PRESIDENT: 1, Membership.Role.SPEAKER: 1,
              Membership.Role.VICE_MAYOR: 2, Membership.Role.VICE_PRESIDENT: 2}  # fmt: skip


def seat_order(membership: Membership) -> tuple[int, int, str]:
    """Mayor (or president, speaker) first, then by district, then by name."""
    return SEAT_ORDER.get(membership.role, 3), membership.district or 0, membership.member.full_name


def current_council(*, cities: list[City]) -> dict[int, list[Membership]]:
    """The sitting members of each city's primary body today, one seat each (their latest membership).
    Body by body_one_primary_per_city, memberships by membership_body_start_idx (body_id, start_date)."""
    memberships = (
        Membership.objects.filter(current_on_their_day(cities), body__is_primary=True)
        .select_related("member")
        .order_by("member_id", "-start_date")
    )
    council: dict[int, list[Membership]] = {city.pk: [] for city in cities}
    seen: set[int] = set()
    for membership in memberships:
        if membership.member_id not in seen:
            seen.add(membership.member_id)
            council[membership.city_id].append(membership)
    for seats in council.values():
        seats.sort(key=seat_order)
    return council


def former_council(*, city: City) -> list[Membership]:
    """Members who sat on the primary body and sit there no more, each with their latest seat (newest
    ends first). Memberships of the primary body by membership_body_start_idx."""
    today = city_today(city)
    sitting = Membership.objects.filter(current_on_their_day([city]), body__is_primary=True).values("member_id")
    ended = (
        Membership.objects.filter(city=city, body__is_primary=True, end_date__lt=today)
        .exclude(member_id__in=sitting)
        .select_related("member")
        .order_by("member_id", "-end_date")
        .distinct("member_id")
    )
    return sorted(ended, key=lambda m: m.end_date or today, reverse=True)


def city_members(*, city: City) -> list[CouncilMember]:
    """Everyone who has sat on one of the city's bodies, by name (for filters; index member_city_name_idx)."""
    members = CouncilMember.objects.filter(city=city).order_by("full_name", "id").only("id", "full_name")
    return city_cached(city.pk, "members", lambda: list(members))


def last_successful_syncs() -> list[tuple[str, str, dt.datetime | None]]:
    """(city key, sync type, when the last successful run of it finished) for every city and sync type
    that has one: DISTINCT ON over sync_log_city_started_idx, one row per city and type."""
    rows = (
        DataSyncLog.objects.filter(status=DataSyncLog.Status.SUCCESS, completed_at__isnull=False)
        .order_by("city_id", "sync_type", "-completed_at")
        .distinct("city_id", "sync_type")
        .values_list("city__city_key", "sync_type", "completed_at")
    )
    return list(rows)


CITY_CHOICES_SECONDS = 60  # how long a page may offer the list without a city added since


def city_choices() -> list[tuple[str, str]]:
    """(key, name) of every city, by name: the search form's city list (unique index on city_key)."""
    return list(City.objects.order_by("name").values_list("city_key", "name"))


def corrections_of(*, city_id: int, rows: dict[str, list[int]]) -> dict[tuple[str, int, str], Correction]:
    """The staff corrections of these rows (model label -> ids), keyed (label, id, field), for a page to say
    what was corrected: correction_unique_field (city_id, model, row_id, field) finds them."""
    condition = Q()
    for label, ids in rows.items():
        if ids:
            condition |= Q(model=label, row_id__in=ids)
    if not condition:
        return {}
    found = Correction.objects.filter(condition, city_id=city_id)
    return {(c.model, c.row_id, c.field): c for c in found}
