"""Reading Open311's dates and times, whatever their source (a POST, a feed, a query parameter)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cities.errors import InvalidInput


def datetime_or_none(value: str) -> dt.datetime | None:
    """A W3C/ISO 8601 date and time, or None when unreadable. Django's parser returns None for a wrong
    shape but raises ValueError for a right shape with impossible values (month 13, hour 25, +99:00)."""
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def aware_datetime_or_none(value: Any) -> dt.datetime | None:
    """A datetime from a feed, taken as UTC when it names no zone; None when absent or unreadable."""
    parsed = datetime_or_none(str(value)) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def datetime_param(value: str | None, name: str) -> dt.datetime | None:
    """A query parameter's date and time (UTC when it names no zone); InvalidInput when it cannot be read."""
    if not value:
        return None
    parsed = datetime_or_none(value)
    if parsed is None:
        raise InvalidInput(f"{name} must be a W3C date and time, e.g. 2024-01-31T00:00:00Z")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)
