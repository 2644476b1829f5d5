"""Reads of legislation: the list with its filters, a file number as typed (a matter's story, with its roll
calls, is votes.selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cities.cache import city_cached
from cities.keyset import KeysetPage, cursor_decode, keyset_page
from cities.models import City
from meetings.file_numbers import file_keys, looks_like_file_number
from meetings.models import Matter, MatterSponsor

MATTERS_PAGE_SIZE = 25


@dataclass(frozen=True)
class MatterFilters:
    matter_type: str = ""
    status: str = ""
    sponsor_id: int | None = None
    body_id: int | None = None
    introduced_from: dt.date | None = None
    introduced_to: dt.date | None = None
    words: str = ""
    file_number: str = ""

    def key(self) -> str:
        """Binds a cursor to the filters it was made under."""
        return repr(tuple(self.__dict__.values()))


def public_matters(*, city: City) -> QuerySet[Matter]:
    """The city's matters the source still publishes."""
    return Matter.objects.filter(city=city, removed_upstream_at__isnull=True)


def matters_filtered(*, city: City, filters: MatterFilters) -> QuerySet[Matter]:
    """Indexes: matter_city_last_action_idx (city_id, last_action_date DESC, id DESC) walks the list; a sponsor
    filter probes sponsor_member_matter_idx, a body matter_body_last_action_idx, rare words in the title
    matter_title_upper_trgm_idx (UPPER(title), as icontains compares; common words walk the list's order),
    a file number matter_city_file_key_idx / matter_city_number_key_idx."""
    qs = public_matters(city=city)
    if filters.matter_type:
        qs = qs.filter(matter_type=filters.matter_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.sponsor_id:
        qs = qs.filter(id__in=MatterSponsor.objects.filter(member_id=filters.sponsor_id).values("matter_id"))
    if filters.body_id:
        qs = qs.filter(body_id=filters.body_id)
    if filters.introduced_from:
        qs = qs.filter(intro_date__gte=filters.introduced_from)
    if filters.introduced_to:
        qs = qs.filter(intro_date__lte=filters.introduced_to)
    if filters.words:
        qs = qs.filter(title__icontains=filters.words)
    if filters.file_number:
        qs = qs.filter(_file_number_condition(filters.file_number))
    return qs


def _file_number_condition(text: str) -> Q:
    keys = file_keys(text)
    has_prefix = keys.file_key != keys.number_key
    return Q(file_key=keys.file_key) if has_prefix else Q(number_key=keys.number_key) | Q(file_key=keys.file_key)


def matters_page(
    *, city: City, filters: MatterFilters, cursor: str | None, size: int = MATTERS_PAGE_SIZE
) -> KeysetPage:
    """Newest action first, a keyset page on (last_action_date, id): a deep page costs what the first does."""
    purpose = f"matters:{city.pk}:{filters.key()}"
    rows = matters_filtered(city=city, filters=filters).select_related("body").only(
        "id", "file_number", "name", "title", "matter_type", "status", "intro_date", "last_action_date",
        "body__id", "body__name",
    )  # fmt: skip
    return keyset_page(
        rows,
        fields=("last_action_date", "id"),
        cursor=cursor_decode(cursor, purpose=purpose, width=2),
        size=size,
        purpose=purpose,
    )


def matters_with_file_number(*, text: str, city: City | None = None, limit: int = 5) -> list[Matter]:
    """The public matters a typed file number names ("Int 0047-2024", "int 47-2024", "0047-2024"), in one
    city or any; none when the text does not look like a file number."""
    if not looks_like_file_number(text):
        return []
    matters = Matter.objects.filter(removed_upstream_at__isnull=True).filter(_file_number_condition(text))
    # Any city: one probe of matter_city_file_key_idx / matter_city_number_key_idx per city (their leading
    # column), rather than a scan of the whole index.
    matters = matters.filter(city=city) if city is not None else matters.filter(city_id__in=City.objects.values("id"))
    return list(matters.select_related("city").order_by("-last_action_date", "-id")[:limit])


def matter_by_file_number(*, city: City | None, text: str) -> Matter | None:
    """The one matter a typed file number names (in `city`, or in any city), if exactly one does."""
    found = matters_with_file_number(text=text, city=city, limit=2)
    return found[0] if len(found) == 1 else None


def matter_types_and_statuses(*, city: City) -> tuple[list[str], list[str]]:
    """The types and statuses the city's legislation has, for the list's filters (two index-only scans of
    small distinct sets)."""

    def build() -> tuple[list[str], list[str]]:
        matters = public_matters(city=city)
        types = matters.exclude(matter_type="").order_by("matter_type").values_list("matter_type", flat=True)
        statuses = matters.exclude(status="").order_by("status").values_list("status", flat=True)
        return list(types.distinct()), list(statuses.distinct())

    return city_cached(city.pk, "matter-types-and-statuses", build)
