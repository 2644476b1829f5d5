"""311 requests: validated as GeoReport v2 asks, created with their history, status changes, photos."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from cities.errors import InvalidInput, NotFound
from cities.models import City
from requests311.models import Service, ServiceRequest, StatusChange
from requests311.parsing import datetime_or_none

MAX_DESCRIPTION = 4000  # GeoReport v2: "a full description of the request ... up to 4,000 characters"
# C0 control characters other than tab, newline and CR: never meant as text, and XML 1.0 cannot carry them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class NewRequest:
    service: Service
    values: dict[str, Any]


def _float(value: Any, name: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise InvalidInput(f"{name} must be a number") from error
    if not (low <= number <= high) or number != number:  # NaN
        raise InvalidInput(f"{name} must be between {low} and {high}")
    return number


def _attribute_value(code: str, definition: dict[str, Any], values: list[Any]) -> Any:
    """One attribute's given values as its definition's datatype allows; InvalidInput otherwise."""
    datatype = definition.get("datatype", "string")
    keys = {str(v.get("key")) for v in definition.get("values") or [] if isinstance(v, dict)}
    if datatype == "number":
        return _float(values[0], f"attribute[{code}]", -1e12, 1e12)
    if datatype == "datetime":
        if datetime_or_none(str(values[0])) is None:
            raise InvalidInput(f"attribute[{code}] must be a date and time (ISO 8601)")
        return str(values[0])
    if datatype == "singlevaluelist":
        if str(values[0]) not in keys:
            raise InvalidInput(f"attribute[{code}] must be one of: {', '.join(sorted(keys))}")
        return str(values[0])
    if datatype == "multivaluelist":
        if not {str(v) for v in values} <= keys:
            raise InvalidInput(f"attribute[{code}] values must be among: {', '.join(sorted(keys))}")
        return [str(v) for v in values]
    text = str(values[0])
    if len(text) > 2000:
        raise InvalidInput(f"attribute[{code}] is too long (2,000 characters at most)")
    return text


def _attributes(service: Service, data: Mapping[str, Any]) -> dict[str, Any]:
    """attribute[code]=value pairs checked against the service definition."""
    given: dict[str, Any] = {}
    for key in data:
        if key.startswith("attribute[") and key.endswith("]"):
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            given[key[len("attribute[") : -1]] = values
    definitions = {a["code"]: a for a in service.attributes if isinstance(a, dict) and a.get("code")}
    unknown = sorted(set(given) - set(definitions))
    if unknown:
        raise InvalidInput(f"unknown attribute(s) for {service.service_code}: {', '.join(unknown[:5])}")
    clean: dict[str, Any] = {}
    for code, definition in definitions.items():
        if not definition.get("variable", True):
            continue
        values = [v for v in given.get(code, []) if str(v).strip() != ""]
        if values:
            clean[code] = _attribute_value(code, definition, values)
        elif definition.get("required"):
            raise InvalidInput(f"attribute[{code}] is required ({definition.get('description', code)})")
    return clean


def _text(data: Mapping[str, Any], name: str, limit: int) -> str:
    value = CONTROL_CHARACTERS.sub("", str(data.get(name) or "")).strip()
    if len(value) > limit:
        raise InvalidInput(f"{name} is too long ({limit:,} characters at most)")
    return value


def request_validate(*, city: City, data: Mapping[str, Any]) -> NewRequest:
    """Everything GeoReport v2 asks of a POST, checked before anything is stored."""
    code = _text(data, "service_code", 64)
    if not code:
        raise InvalidInput("service_code is required")
    service = Service.objects.filter(city=city, service_code=code, active=True).first()
    if service is None:
        raise NotFound(f"service_code {code} was not found")
    lat, long = data.get("lat"), data.get("long")
    address = _text(data, "address_string", 300)
    address_id = _text(data, "address_id", 100)
    if (lat in (None, "")) != (long in (None, "")):
        raise InvalidInput("lat and long must be given together")
    location = {}
    if lat not in (None, ""):
        location = {"lat": _float(lat, "lat", -90, 90), "long": _float(long, "long", -180, 180)}
    if not location and not address and not address_id:
        raise InvalidInput("a location is required: lat and long, address_string or address_id")
    email = _text(data, "email", 254)
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as error:
            raise InvalidInput("email is not a valid address") from error
    media_url = _text(data, "media_url", 1000)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError as error:
            raise InvalidInput("media_url must be an http(s) URL") from error
    name = " ".join(filter(None, [_text(data, "first_name", 100), _text(data, "last_name", 100)]))
    return NewRequest(
        service,
        {
            "description": _text(data, "description", MAX_DESCRIPTION),
            "address": address,
            "address_id": address_id,
            "media_url": media_url,
            "attributes": _attributes(service, data),
            "reporter_name": name,
            "reporter_email": email,
            "reporter_phone": _text(data, "phone", 40),
            **location,
        },
    )


@transaction.atomic
def service_request_create(
    *, city: City, new: NewRequest, source: str = "open311", media_url: str = ""
) -> ServiceRequest:
    """A validated request (request_validate), received now, with the first line of its history."""
    now = timezone.now()
    values = {**new.values, "media_url": media_url} if media_url else new.values
    request = ServiceRequest.objects.create(
        city=city,
        service=new.service,
        source=source,
        status=ServiceRequest.Status.OPEN,
        requested_at=now,
        updated_at=now,
        agency_responsible=new.service.group,
        **values,
    )
    StatusChange.objects.create(request=request, city=city, changed_at=now, to_status=request.status, note="Received")
    return request


@transaction.atomic
def request_status_change(*, request: ServiceRequest, to_status: str, note: str = "", user: User | None = None) -> bool:
    """Change status and append history; a guarded update makes a repeated change harmless."""
    if to_status not in ServiceRequest.Status.values:
        raise InvalidInput(f"unknown status {to_status}")
    now = timezone.now()
    changed = (
        ServiceRequest.objects.filter(pk=request.pk, city_id=request.city_id)
        .exclude(status=to_status)
        .update(
            status=to_status,
            status_notes=note or request.status_notes,
            updated_at=now,
            closed_at=now if to_status == ServiceRequest.Status.CLOSED else None,
        )
    )
    if changed:
        StatusChange.objects.create(
            request=request,
            city_id=request.city_id,
            changed_at=now,
            changed_by=user,
            from_status=request.status,
            to_status=to_status,
            note=note,
        )
        request.status = to_status
    return bool(changed)


def request_public_note(*, request: ServiceRequest, note: str, user: User | None = None) -> bool:
    """A new note to the public without a change of status: written to the request and its history."""
    now = timezone.now()
    changed = (
        ServiceRequest.objects.filter(pk=request.pk, city_id=request.city_id)
        .exclude(status_notes=note)
        .update(status_notes=note, updated_at=now)
    )
    if changed:
        StatusChange.objects.create(
            request=request, city_id=request.city_id, changed_at=now, changed_by=user,
            from_status=request.status, to_status=request.status, note=note,
        )  # fmt: skip
        request.status_notes = note
    return bool(changed)
