"""Loading a month of minutes pages in bulk: built beside the table, attached when complete.

COPY into a live partition maintains its GIN index row by row. A month with no pages yet is instead
loaded into a bare table (COPY FREEZE: rows written frozen and all-visible, so no hint-bit or vacuum pass
follows), indexed once, and ATTACHed as the month's partition: the cost is close to `to_tsvector` itself.
Searches never see a half-loaded month; the partition appears with all its pages and indexes at once. A
month that already has pages (live ingestion got there first) takes the ordinary COPY path: nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

import psycopg
from django.db import connection, transaction
from psycopg import sql

from cities.cache import minutes_cache_bump
from cities.partitions import add_months, month_start, monthly_partition_name
from cities.sqlfiles import read_sql

PARENT = "meetings_meetingpage"


class PageRow(NamedTuple):
    """One page in the column order COPY writes (PAGE_COLUMNS)."""

    meeting_date: dt.date
    city_id: int
    meeting_id: int
    document_id: int
    page_number: int
    meeting_type: str
    document_kind: str
    content: str


PAGE_COLUMNS = PageRow._fields


def pages_copy(
    cursor: psycopg.Cursor[Any], rows: Iterable[tuple[Any, ...]], *, table: str = PARENT, freeze: bool = False
) -> int:
    """COPY page rows (in PAGE_COLUMNS order) into `table`; returns how many were written."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, PAGE_COLUMNS)),
        sql.SQL(" (FREEZE)") if freeze else sql.SQL(""),
    )
    count = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _partition_state(cursor: psycopg.Cursor[Any], name: str) -> str:
    """'missing', 'empty' or 'filled'."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    if not _one(cursor):
        return "missing"
    cursor.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(name)))
    return "filled" if _one(cursor) else "empty"


def _one(cursor: psycopg.Cursor[Any]) -> Any:
    row = cursor.fetchone()
    return row[0] if row else None


def _run(cursor: psycopg.Cursor[Any], name: str, **identifiers: sql.Composable) -> None:
    cursor.execute(sql.SQL(read_sql(__file__, name)).format(**identifiers))


def meeting_pages_month_load(*, month: dt.date, rows: Iterable[tuple[Any, ...]]) -> int:
    """Load `rows` (all dated within `month`, in PAGE_COLUMNS order); returns the pages written.

    Call it outside a transaction: each step commits on its own so the parent table is locked only
    for the attach itself (SHARE UPDATE EXCLUSIVE; ACCESS EXCLUSIVE for a moment when an empty
    pre-created partition of the month is swapped out).
    """
    month = month_start(month)
    final = monthly_partition_name(PARENT, month)
    staging = f"{final}_load"
    names = {
        "staging": sql.Identifier(staging),
        "final": sql.Identifier(final),
        "bounds": sql.Identifier(f"{final}_bounds"),
        "lower": sql.Literal(month),
        "upper": sql.Literal(add_months(month, 1)),
    }
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        if _partition_state(cursor, final) == "filled":
            with transaction.atomic():
                count = pages_copy(cursor, rows)
            minutes_cache_bump()
            return count
        with transaction.atomic():
            _run(cursor, "pages_month_staging.sql", **names)
        try:
            with transaction.atomic():
                # Truncated in this transaction, so COPY may write the rows frozen.
                cursor.execute(sql.SQL("TRUNCATE {}").format(names["staging"]))
                count = pages_copy(cursor, rows, table=staging, freeze=True)
                _run(cursor, "pages_month_indexes.sql", **names)
            with transaction.atomic():
                cursor.execute(sql.SQL("LOCK TABLE {} IN SHARE UPDATE EXCLUSIVE MODE").format(sql.Identifier(PARENT)))
                state = _partition_state(cursor, final)
                if state == "filled":  # pages arrived for this month while we loaded: merge, keep both
                    cursor.execute(
                        sql.SQL("INSERT INTO {} ({cols}) SELECT {cols} FROM {}").format(
                            sql.Identifier(PARENT),
                            names["staging"],
                            cols=sql.SQL(", ").join(map(sql.Identifier, PAGE_COLUMNS)),
                        )
                    )
                    cursor.execute(sql.SQL("DROP TABLE {}").format(names["staging"]))
                    transaction.on_commit(minutes_cache_bump)
                    return count
                if state == "empty":
                    cursor.execute(sql.SQL("DROP TABLE {}").format(names["final"]))
                _run(cursor, "pages_month_attach.sql", **names)
                _indexes_rename(cursor, final, staging)
        except BaseException:
            with transaction.atomic():
                cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(names["staging"]))
            raise
        cursor.execute(sql.SQL("ANALYZE {}").format(names["final"]))
    minutes_cache_bump()
    return count


def _indexes_rename(cursor: psycopg.Cursor[Any], table: str, staging: str) -> None:
    """Indexes were named after the staging table; give them the partition's name."""
    cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass", [table])
    for (index,) in cursor.fetchall():
        if index.startswith(staging):
            cursor.execute(
                sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                    sql.Identifier(index), sql.Identifier(table + index[len(staging) :])
                )
            )
