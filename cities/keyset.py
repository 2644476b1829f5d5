"""Opaque, signed keyset cursors: page N costs what page 1 costs, and a forged cursor is a 400.

A cursor carries the sort key of the last (or first) row shown and the direction; it is signed
with the SECRET_KEY (django.core.signing) and bound to a purpose, so a cursor from one list
cannot be replayed against another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet

from cities.errors import InvalidInput

MAX_CURSOR_LENGTH = 512


@dataclass(frozen=True)
class Cursor:
    values: tuple[Any, ...]
    backwards: bool = False  # True: the page before `values`


@dataclass
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None
    previous_cursor: str | None


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _load(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"d"}:
        return dt.date.fromisoformat(value["d"])
    if isinstance(value, dict) and set(value) == {"t"}:
        return dt.datetime.fromisoformat(value["t"])
    return value


def cursor_encode(values: Sequence[Any], *, purpose: str, backwards: bool = False) -> str:
    return signing.dumps({"v": [_dump(v) for v in values], "b": backwards}, salt=f"keyset:{purpose}", compress=True)


def cursor_decode(token: str | None, *, purpose: str, width: int) -> Cursor | None:
    """The cursor in `token`, None for no cursor; InvalidInput when it was changed or does not fit."""
    if not token:
        return None
    if len(token) > MAX_CURSOR_LENGTH:
        raise InvalidInput(
            "This page link is not valid (cursor too long). Start again from the first page.", code="bad_cursor"
        )
    try:
        data = signing.loads(token, salt=f"keyset:{purpose}")
        values = tuple(_load(v) for v in data["v"])
        backwards = bool(data["b"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidInput(
            "This page link is not valid (it was changed or belongs to another list). Start again from the first page.",
            code="bad_cursor",
        ) from error
    if len(values) != width:
        raise InvalidInput("This page link is not valid. Start again from the first page.", code="bad_cursor")
    return Cursor(values, backwards)


def _beyond(fields: Sequence[str], values: Sequence[Any], strict: str) -> Q:
    """Rows strictly beyond `values` in lexicographic order of `fields` ("lt": descending, "gt": ascending).

    The redundant bound on the first field is what lets PostgreSQL start the index scan at the
    cursor instead of walking (and discarding) every row before it.
    """
    condition = Q()
    for index, name in enumerate(fields):
        step = Q(**{f"{name}__{strict}": values[index]})
        for previous, value in zip(fields[:index], values[:index], strict=True):
            step &= Q(**{previous: value})
        condition |= step
    return Q(**{f"{fields[0]}__{strict}e": values[0]}) & condition


def keyset_after(fields: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows after `values` in descending order of `fields` (the next page)."""
    return _beyond(fields, values, "lt")


def keyset_before(fields: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows before `values` in descending order of `fields` (the previous page)."""
    return _beyond(fields, values, "gt")


def keyset_page(
    queryset: QuerySet,
    *,
    fields: Sequence[str],
    cursor: Cursor | None,
    size: int,
    purpose: str,
    key: Any = None,
) -> KeysetPage:
    """One page of `queryset` in descending order of `fields` (the last must be unique).

    Reads size + 1 rows through the index on `fields`, whatever the depth.
    `key(row)` gives a row's values of `fields` (default: attributes of the same names).
    """

    def key_of(row: Any) -> tuple:
        return tuple(key(row)) if key else tuple(getattr(row, f.replace("__", ".").split(".")[-1]) for f in fields)

    if cursor and cursor.backwards:
        qs = queryset.filter(keyset_before(fields, cursor.values)).order_by(*fields)
        rows = list(qs[: size + 1])
        has_more = len(rows) > size
        rows = rows[:size][::-1]
        next_cursor = cursor_encode(key_of(rows[-1]), purpose=purpose) if rows else None
        previous_cursor = cursor_encode(key_of(rows[0]), purpose=purpose, backwards=True) if has_more and rows else None
        return KeysetPage(rows, next_cursor, previous_cursor)
    qs = queryset.order_by(*[f"-{f}" for f in fields])
    if cursor:
        qs = qs.filter(keyset_after(fields, cursor.values))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursor_encode(key_of(rows[-1]), purpose=purpose) if has_more else None
    previous_cursor = cursor_encode(key_of(rows[0]), purpose=purpose, backwards=True) if cursor and rows else None
    return KeysetPage(rows, next_cursor, previous_cursor)
