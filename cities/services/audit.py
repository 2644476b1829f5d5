"""The audit log: who changed what in the admin, with old and new values. Append-only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from cities.models import AuditEntry, City


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
        model=obj._meta.model_name or "",
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={field: [_jsonable(old), _jsonable(new)] for field, (old, new) in (changes or {}).items()},
    )
