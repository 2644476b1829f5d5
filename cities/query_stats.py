"""The statements that cost the database most (pg_stat_statements), for the `top_queries` command and the
superusers' admin page: what to index or rewrite next, measured on the real traffic."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from psycopg import sql

from cities.sqlfiles import read_sql

ORDERS = {"total": "total_exec_time", "mean": "mean_exec_time", "calls": "calls"}
NOT_ENABLED = (
    "pg_stat_statements is not enabled on this database: add it to shared_preload_libraries, restart "
    "PostgreSQL and run CREATE EXTENSION pg_stat_statements (scripts/devservices.py does both locally)."
)


@dataclass(frozen=True)
class QueryCost:
    queryid: int
    calls: int
    total_ms: float
    mean_ms: float
    rows: int
    buffer_hits: int
    buffer_reads: int
    query: str

    @property
    def hit_ratio(self) -> float | None:
        touched = self.buffer_hits + self.buffer_reads
        return self.buffer_hits / touched if touched else None


class QueryStatsUnavailable(Exception):
    pass


def top_queries(*, order: str = "total", limit: int = 20, width: int = 300, containing: str = "") -> list[QueryCost]:
    """The `limit` costliest statements of this database by total or mean time (or calls), optionally only
    those whose text contains `containing` (a table's name, say)."""
    connection.ensure_connection()
    statement = sql.SQL(read_sql(__file__, "top_queries.sql")).format(order=sql.Identifier(ORDERS[order]))
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a failure leaves no broken transaction
            cursor.execute(
                statement.as_string(connection.connection), {"limit": limit, "width": width, "containing": containing}
            )
            return [QueryCost(*row) for row in cursor.fetchall()]
    except DatabaseError as error:  # the view is missing, or the library is not loaded
        raise QueryStatsUnavailable(NOT_ENABLED) from error


def query_stats_reset() -> None:
    """Start the counts afresh (after a deploy, before a benchmark)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_statements_reset()")
