"""Legistar's dates and times: `...Utc` stamps without a zone, local midnight dates, separate time strings."""

from __future__ import annotations

import datetime as dt
from typing import Any


def parse_legistar_datetime(value: Any) -> dt.datetime | None:
    """'2026-05-15T16:45:09.653' (UTC, no zone, 0-7 decimals) -> aware UTC; None if absent or bad."""
    if not isinstance(value, str) or not value:
        return None
    text = value.rstrip("Z")
    if "." in text:
        head, fraction = text.split(".", 1)
        text = f"{head}.{fraction[:6].ljust(6, '0')}"
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def parse_legistar_date(value: Any) -> dt.date | None:
    """EventDate is local midnight written as '2026-06-03T00:00:00'."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_legistar_time(value: Any) -> dt.time | None:
    """EventTime: '2:00 PM' (a separate local time string)."""
    if not isinstance(value, str):
        return None
    for fmt in ("%I:%M %p", "%I:%M%p", "%H:%M"):
        try:
            return dt.datetime.strptime(value.strip().upper(), fmt).time()  # noqa: DTZ007 - a local wall time
        except ValueError:
            continue
    return None
