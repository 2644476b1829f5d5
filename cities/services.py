"""Writes for cities, councils, staff access and the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from cities.errors import InvalidInput
from cities.models import ApiKey, AuditEntry, City
from cities.partitions import city_partitions_ensure


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
    """Create a city and the partitions it needs; a bad or taken key raises InvalidInput."""
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
    city_partitions_ensure(city_id=city.id)
    return city


def api_key_create(*, name: str, city: City | None = None, requests_per_minute: int = 120) -> tuple[ApiKey, str]:
    """A new API key; the plain key is returned once and only its SHA-256 is stored."""
    plain = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name,
        city=city,
        prefix=plain[:8],
        key_hash=hashlib.sha256(plain.encode()).hexdigest(),
        requests_per_minute=requests_per_minute,
    )
    return key, plain


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return [_jsonable(v) for v in value]
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_record(
    *,
    user: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, tuple[Any, Any]] | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Append one audit entry (who, when, what, old → new). Entries are never edited."""
    city_id = getattr(obj, "city_id", None)
    if city_id is None and isinstance(obj, City):
        city_id = obj.pk
    return AuditEntry.objects.create(
        changed_at=at or timezone.now(),
        user_id=getattr(user, "pk", None),
        username=getattr(user, "get_username", lambda: "")(),
        city_id=city_id,
        action=action,
        app_label=obj._meta.app_label,
        model=obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={field: [_jsonable(old), _jsonable(new)] for field, (old, new) in (changes or {}).items()},
    )
