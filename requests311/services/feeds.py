"""Reading other jurisdictions' Open311 feeds (JSON or XML) and importing them, all or nothing.

XML is parsed with defusedxml: entity expansion ("billion laughs"), external entities and DTDs
are refused with a clear error instead of eating memory or reading files.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from cities.errors import InvalidInput, Unavailable
from cities.fetch import FetchFailed, FetchRefused, fetch_bytes
from cities.models import City
from requests311.models import Service, ServiceRequest, StatusChange
from requests311.parsing import aware_datetime_or_none

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 20_000_000
FEED_DEADLINE_SECONDS = 60
LIST_TAGS = {"values", "attributes", "notes"}


class FeedError(InvalidInput):
    """The feed could not be used; nothing was stored."""

    code = "feed_unusable"


class FeedUnavailable(Unavailable):
    """The feed's server did not answer usably for now (network, 5xx): worth trying again later."""

    code = "feed_unavailable"


def _element(node: Element) -> Any:
    children = list(node)
    if not children:
        return (node.text or "").strip()
    if node.tag in LIST_TAGS or (len({c.tag for c in children}) == 1 and len(children) > 1):
        return [_element(c) for c in children]
    return {child.tag: _element(child) for child in children}


def feed_parse(body: bytes, content_type: str = "") -> list[dict[str, Any]]:
    """A services/requests feed as a list of dicts, from JSON or XML."""
    text = body.lstrip()
    if text[:1] in (b"[", b"{"):
        try:
            data = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise FeedError(f"malformed JSON ({error})") from error
        rows = data if isinstance(data, list) else data.get("service_requests") or data.get("services") or [data]
    elif text[:1] == b"<":
        try:
            root = fromstring(body, forbid_dtd=True)
        except DefusedXmlException as error:
            raise FeedError(f"refused XML: {error.__class__.__name__} (DTDs and entities are not accepted)") from error
        except ParseError as error:
            raise FeedError(f"malformed XML ({error})") from error
        if root.tag == "service_definition":
            # The spec wraps attributes in <attributes>; some servers (the codeforamerica sample) do not.
            attributes = root.findall("attributes/attribute") + root.findall("attribute")
            return [
                {
                    "service_code": (root.findtext("service_code") or "").strip(),
                    "attributes": [_element(a) for a in attributes],
                }
            ]
        rows = [_element(child) for child in root]
    else:
        raise FeedError("neither JSON nor XML")
    if not all(isinstance(row, dict) for row in rows):
        raise FeedError("expected a list of objects")
    return rows


def feed_fetch(url: str) -> list[dict[str, Any]]:
    """The feed's rows, fetched through the checked fetch (public addresses only, decoded size capped)."""
    try:
        body, content_type = fetch_bytes(url, max_bytes=MAX_FEED_BYTES, deadline_seconds=FEED_DEADLINE_SECONDS)
    except FetchFailed as error:
        raise FeedUnavailable(f"could not fetch {url}: {error.message}") from error
    except FetchRefused as error:
        raise FeedError(f"{url} was not fetched: {error.message}") from error
    return feed_parse(body, content_type)


def _bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


@transaction.atomic
def services_import(*, city: City, rows: list[dict[str, Any]]) -> int:
    """Upsert services by service_code."""
    count = 0
    for row in rows:
        code = str(row.get("service_code") or "").strip()[:64]
        if not code:
            raise FeedError("a service has no service_code")
        Service.objects.update_or_create(
            city=city,
            service_code=code,
            defaults={
                "service_name": strip_tags(str(row.get("service_name") or code))[:200],
                "description": strip_tags(str(row.get("description") or "")),
                "group": str(row.get("group") or "")[:100],
                "keywords": str(row.get("keywords") or "")[:500],
                "type": row.get("type") if row.get("type") in Service.Type.values else Service.Type.REALTIME,
            },
        )
        count += 1
    return count


@transaction.atomic
def service_definition_import(*, city: City, definition: dict[str, Any]) -> Service:
    service = Service.objects.filter(city=city, service_code=definition.get("service_code")).first()
    if service is None:
        raise FeedError(f"service {definition.get('service_code')!r} is not known for {city.city_key}")
    attributes = []
    for attribute in definition.get("attributes") or []:
        values = attribute.get("values") or []
        attributes.append(
            {
                "code": str(attribute.get("code")),
                "variable": _bool(attribute.get("variable", True)),
                "datatype": attribute.get("datatype") or "string",
                "required": _bool(attribute.get("required")),
                "datatype_description": attribute.get("datatype_description") or "",
                "order": int(attribute.get("order") or 0),
                "description": attribute.get("description") or "",
                "values": [v for v in values if isinstance(v, dict)],
            }
        )
    service.attributes = attributes
    service.save(update_fields=["attributes"])
    return service


def _location(external: str, row: dict[str, Any]) -> tuple[float | None, float | None]:
    """A feed row's lat/long as numbers within range, or (None, None) when it has none."""
    raw_lat, raw_long = row.get("lat"), row.get("long")
    if raw_lat in (None, "") and raw_long in (None, ""):
        return None, None
    try:
        lat, long = float(raw_lat), float(raw_long)  # type: ignore[arg-type]  # a TypeError is caught below
    except (TypeError, ValueError) as error:
        raise FeedError(f"request {external}: lat/long are not numbers") from error
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise FeedError(f"request {external}: lat/long out of range")
    return lat, long


@transaction.atomic
def requests_import(*, city: City, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Upsert requests by the source's service_request_id; any bad row aborts the whole import."""
    services = {s.service_code: s for s in Service.objects.filter(city=city)}
    created = updated = 0
    now = timezone.now()
    for row in rows:
        external = str(row.get("service_request_id") or "").strip()[:100]
        code = str(row.get("service_code") or "").strip()
        if not external:
            raise FeedError("a request has no service_request_id")
        service = services.get(code)
        if service is None:
            service = services[code] = Service.objects.create(
                city=city, service_code=code[:64] or "unknown", service_name=str(row.get("service_name") or code)[:200]
            )
        lat, long = _location(external, row)
        status = (
            ServiceRequest.Status.CLOSED if str(row.get("status")).lower() == "closed" else (ServiceRequest.Status.OPEN)
        )
        requested = aware_datetime_or_none(row.get("requested_datetime")) or now
        values = {
            "service": service,
            "status": status,
            "status_notes": str(row.get("status_notes") or "")[:2000],
            "description": strip_tags(str(row.get("description") or ""))[:4000],
            "agency_responsible": str(row.get("agency_responsible") or "")[:200],
            "requested_at": requested,
            "updated_at": aware_datetime_or_none(row.get("updated_datetime")) or requested,
            "expected_at": aware_datetime_or_none(row.get("expected_datetime")),
            "address": str(row.get("address") or "")[:300] or ("(no address given)" if lat is None else ""),
            "zipcode": str(row.get("zipcode") or "")[:20],
            "lat": lat,
            "long": long,
            "media_url": str(row.get("media_url") or "")[:1000]
            if str(row.get("media_url") or "").startswith("http")
            else "",
            "source": "import",
        }
        existing = ServiceRequest.objects.filter(city_id=city.id, external_id=external).first()
        if existing is None:
            request = ServiceRequest.objects.create(city=city, external_id=external, **values)
            StatusChange.objects.create(
                request=request, city=city, changed_at=now, to_status=request.status, note="Imported"
            )
            created += 1
        else:
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save()
            updated += 1
    return {"created": created, "updated": updated}


def open311_feed_import(*, city: City, services_url: str, requests_url: str) -> dict[str, Any]:
    """Copy another Open311 endpoint's services, then its requests, into a city (upserts; each all or nothing).
    A feed that cannot be used raises FeedError (nothing of it stored); one that is down, FeedUnavailable."""
    services = services_import(city=city, rows=feed_fetch(services_url))
    counts = requests_import(city=city, rows=feed_fetch(requests_url))
    logger.info(
        "open311 feed import into %s: %s services, %s requests created, %s updated",
        city.city_key, services, counts["created"], counts["updated"],
    )  # fmt: skip
    return {"city": city.city_key, "services": services, **counts}
