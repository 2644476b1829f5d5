"""Reads for 311: GeoReport v2 listings (index servicerequest_city_requested_idx), no personal data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cities.errors import InvalidInput
from cities.keyset import KeysetPage, cursor_decode, keyset_page
from cities.models import City
from cities.sqlfiles import read_sql
from requests311.models import PUBLIC_COORDINATE_DECIMALS, Service, ServiceRequest, public_coordinate
from requests311.parsing import datetime_param

DEFAULT_DAYS = 90  # GeoReport v2: without dates, the last 90 days
MAX_RESULTS = 1000


def report_map_centre(*, city: City) -> tuple[float, float] | None:
    """Where the report form's map opens: the median of the city's latest 200 located requests (an
    imported request at 0,0 or abroad cannot move a median far), cached a day. None: no map, an address."""
    key = f"311:map-centre:{city.pk}"
    if (cached := cache.get(key)) is not None:
        return (cached[0], cached[1]) if cached else None
    with connection.cursor() as cursor:
        cursor.execute(read_sql(__file__, "report_map_centre.sql"), {"city_id": city.pk})
        row = cursor.fetchone()
    centre = (round(row[0], 5), round(row[1], 5)) if row and row[0] is not None else None
    cache.set(key, list(centre) if centre else [], 86400)
    return centre


def services_for(*, city: City) -> QuerySet[Service]:
    return Service.objects.filter(city=city, active=True).order_by("group", "service_name")


PUBLIC_COLUMNS = (
    "id",
    "status",
    "status_notes",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_at",
    "updated_at",
    "expected_at",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
    "service__service_name",
    "service__service_code",
)


def _requests_selected(*, city: City, params: dict[str, str]) -> QuerySet[ServiceRequest]:
    """GeoReport v2 GET requests: by ids, or by service codes, status and date range (default 90 days),
    newest first, at most MAX_RESULTS."""
    qs = ServiceRequest.objects.filter(city_id=city.id, deleted_at__isnull=True)
    ids = [i.strip() for i in (params.get("service_request_id") or "").split(",") if i.strip()]
    if ids:
        if len(ids) > 100 or not all(i.isdigit() and len(i) < 19 for i in ids):
            raise InvalidInput("service_request_id must be up to 100 numeric ids, comma-separated")
        return qs.filter(id__in=[int(i) for i in ids]).order_by("-requested_at", "-id")
    codes = [c.strip() for c in (params.get("service_code") or "").split(",") if c.strip()]
    if codes:
        qs = qs.filter(service__service_code__in=codes[:50])
    statuses = [s.strip() for s in (params.get("status") or "").split(",") if s.strip()]
    if statuses:
        if not set(statuses) <= {"open", "closed"}:
            raise InvalidInput("status must be open, closed or both")
        wanted = set()
        if "open" in statuses:
            wanted |= {ServiceRequest.Status.OPEN, ServiceRequest.Status.IN_PROGRESS}
        if "closed" in statuses:
            wanted.add(ServiceRequest.Status.CLOSED)
        qs = qs.filter(status__in=wanted)
    start = datetime_param(params.get("start_date"), "start_date")
    end = datetime_param(params.get("end_date"), "end_date")
    if start and end and start > end:
        raise InvalidInput("start_date is after end_date")
    if start is None and end is None:
        start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
    if start:
        qs = qs.filter(requested_at__gte=start)
    if end:
        qs = qs.filter(requested_at__lte=end)
    return qs.order_by("-requested_at", "-id")[:MAX_RESULTS]


def requests_for(*, city: City, params: dict[str, str]) -> list[dict[str, Any]]:
    """Plain rows of the public columns only (no model instances), so the reporter's contact cannot
    leak through a serializer change. Used for XML and single requests."""
    return list(_requests_selected(city=city, params=params).values(*PUBLIC_COLUMNS))


def request_one(*, city: City, request_id: str) -> dict[str, Any] | None:
    """GeoReport v2's GET a service request: the path names exactly one id (a comma list is refused rather
    than answered with one of its rows; lists belong to GET requests' service_request_id parameter)."""
    if not re.fullmatch(r"[0-9]{1,18}", request_id):
        raise InvalidInput(
            "service_request_id in the path must be one numeric id "
            "(for several, GET requests.json or requests.xml with service_request_id=1,2,3)",
        )
    rows = requests_for(city=city, params={"service_request_id": request_id})
    return rows[0] if rows else None


JSON_COLUMNS = {
    "sid": "id",
    "st": "status",
    "notes": "status_notes",
    "sname": "service__service_name",
    "scode": "service__service_code",
    "descr": "description",
    "agency": "agency_responsible",
    "notice": "service_notice",
    "requested": "requested_at",
    "updated": "updated_at",
    "expected": "expected_at",
    "addr": "address",
    "addr_id": "address_id",
    "zip": "zipcode",
    "lat_": "lat",
    "lng": "long",
    "media": "media_url",
}


def requests_json(*, city: City, params: dict[str, str]) -> str:
    """The same answer as request_public over requests_for, as JSON text built in PostgreSQL."""
    inner = _requests_selected(city=city, params=params).values(**{k: F(v) for k, v in JSON_COLUMNS.items()})
    sql, sql_params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        text = read_sql(__file__, "requests_json.sql").replace("{decimals}", str(PUBLIC_COORDINATE_DECIMALS))
        cursor.execute(text.replace("{inner}", sql), sql_params)
        return cursor.fetchone()[0]


def request_public(row: dict[str, Any]) -> dict[str, Any]:
    """The GeoReport v2 representation of a `requests_for` row. Reporter contact is never part of it."""

    def iso(value: dt.datetime | None) -> str | None:
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds") if value else None

    return {
        "service_request_id": str(row["id"]),
        "status": "closed" if row["status"] == ServiceRequest.Status.CLOSED else "open",
        "status_notes": row["status_notes"] or None,
        "service_name": row["service__service_name"],
        "service_code": row["service__service_code"],
        "description": row["description"] or None,
        "agency_responsible": row["agency_responsible"] or None,
        "service_notice": row["service_notice"] or None,
        "requested_datetime": iso(row["requested_at"]),
        "updated_datetime": iso(row["updated_at"]),
        "expected_datetime": iso(row["expected_at"]),
        "address": row["address"] or None,
        "address_id": row["address_id"] or None,
        "zipcode": row["zipcode"] or None,
        "lat": public_coordinate(row["lat"]),
        "long": public_coordinate(row["long"]),
        "media_url": row["media_url"] or None,
    }


def service_public(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.service_code,
        "service_name": service.service_name,
        "description": service.description,
        "metadata": service.metadata,
        "type": service.type,
        "keywords": service.keywords,
        "group": service.group,
    }


def service_definition_public(service: Service) -> dict[str, Any]:
    """GeoReport v2's service definition: only the spec's attribute fields, in the spec's order (XML keeps
    it), attributes sorted by `order`, values as key/name pairs, whatever else an import or edit stored."""
    attributes = sorted((a for a in service.attributes if isinstance(a, dict)), key=lambda a: a.get("order") or 0)
    return {
        "service_code": service.service_code,
        "attributes": [
            {
                "variable": a.get("variable", True),
                "code": a.get("code"),
                "datatype": a.get("datatype") or "string",
                "required": a.get("required", False),
                "datatype_description": a.get("datatype_description"),
                "order": a.get("order"),
                "description": a.get("description"),
                "values": [
                    {"key": v.get("key"), "name": v.get("name")} for v in a.get("values") or [] if isinstance(v, dict)
                ],
            }
            for a in attributes
        ],
    }


def requests_page(
    *,
    city: City,
    status: str = "",
    service_code: str = "",
    near: tuple[float, float, int] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    cursor: str | None = None,
    size: int = 25,
) -> KeysetPage:
    """Newest first, keyset on (requested_at, id): index servicerequest_city_requested_idx. "Near me"
    looks at the last OPEN311_NEAR_ME_DAYS days (what a resident nearby wants to know about) through the
    GiST index on (location, requested_at) (btree_gist), so old requests nearby are never fetched."""
    qs = (
        ServiceRequest.objects.filter(city_id=city.id, deleted_at__isnull=True)
        .select_related("service")
        .only("id", "status", "description", "requested_at", "address", "lat", "long", "service__service_name")
    )
    if status:
        qs = qs.filter(status=status)
    if service_code:
        qs = qs.filter(service__service_code=service_code)
    if date_from:
        qs = qs.filter(requested_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(requested_at__date__lte=date_to)
    if near:
        lat, long, radius = near
        if not date_from:
            qs = qs.filter(requested_at__gte=timezone.now() - dt.timedelta(days=settings.OPEN311_NEAR_ME_DAYS))
        qs = qs.filter(
            RawSQL(
                "ST_DWithin(location, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
                [long, lat, radius],
                output_field=BooleanField(),
            )
        )
    purpose = f"311:{city.id}:{status}:{service_code}:{near}:{date_from}:{date_to}"
    return keyset_page(
        qs,
        fields=("requested_at", "id"),
        cursor=cursor_decode(cursor, purpose=purpose, width=2),
        size=size,
        purpose=purpose,
    )


def request_with_history(*, city: City, request_id: int) -> ServiceRequest | None:
    return (
        ServiceRequest.objects.filter(city_id=city.id, pk=request_id, deleted_at__isnull=True)
        .select_related("service")
        .prefetch_related("history")
        .defer("reporter_name", "reporter_email", "reporter_phone")
        .first()
    )
