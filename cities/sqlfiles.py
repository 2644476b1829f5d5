"""The named .sql files that raw-SQL migrations and hot statements run, and how the hot ones run."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection, connections, migrations
from django.db.models import QuerySet


@functools.cache
def read_sql(anchor: str, name: str) -> str:
    """Text of `sql/<name>` beside the module file `anchor` (pass `__file__`); read once per process."""
    return (Path(anchor).resolve().parent / "sql" / name).read_text()


def run_sql_file(anchor: str, stem: str) -> migrations.RunSQL:
    """RunSQL of `sql/<stem>.up.sql`, reversed by `sql/<stem>.down.sql`."""
    return migrations.RunSQL(sql=read_sql(anchor, f"{stem}.up.sql"), reverse_sql=read_sql(anchor, f"{stem}.down.sql"))


def sql_statements(text: str) -> list[str]:
    """The statements of a file of plain statements, each ending with `;` at the end of a line (no function
    bodies); a stretch of comments alone is not one."""
    chunks = (chunk.strip() for chunk in re.split(r";[ \t]*$", text, flags=re.MULTILINE))
    return [c for c in chunks if c and not all(line.lstrip().startswith("--") for line in c.splitlines())]


def run_sql_statements(anchor: str, stem: str) -> migrations.RunSQL:
    """As `run_sql_file`, one statement at a time, for a migration that is not atomic: PostgreSQL runs a string
    of statements as one transaction, where CREATE INDEX CONCURRENTLY cannot run and each VALIDATE
    CONSTRAINT would keep its lock until the last statement."""
    return migrations.RunSQL(
        sql=tuple(sql_statements(read_sql(anchor, f"{stem}.up.sql"))),
        reverse_sql=tuple(sql_statements(read_sql(anchor, f"{stem}.down.sql"))),
    )


def rows_json(rows: Iterable[Sequence[Any]]) -> str:
    """Rows for a statement's `jsonb_array_elements(%(rows)s::jsonb)`: one parameter, encoded in C.

    psycopg spells out array parameters element by element in Python (0.5 ms for a meeting's member
    votes, against 0.04 ms for this); tuples, named tuples included, become JSON arrays.
    """
    return json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"))


def server_cursor() -> psycopg.Cursor[Any]:
    """A cursor on Django's connection (so inside its transaction) that binds parameters on the server.

    The set-based statements take whole columns of rows, which client-side binding would spell out into
    the text of every query; bound on the server they are prepared from their 5th run (settings:
    `DB_PREPARED_STATEMENTS`) and neither parsed nor planned again.
    """
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def sql_file_row(anchor: str, name: str, **params: Any) -> tuple[Any, ...]:
    """Execute `sql/<name>` beside `anchor` with named parameters and return its one row."""
    with server_cursor() as cursor:
        cursor.execute(read_sql(anchor, name), params)
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"{name} returned no row")
    return tuple(row)


def planner_row_estimate(queryset: QuerySet[Any]) -> float:
    """How many rows the planner expects `queryset` to return: EXPLAIN only, no row is read.

    The text explained is the ORM's own compiled query, its values still bound as parameters.
    """
    compiled, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + compiled, params)
        row = cursor.fetchone()
    plan = json.loads(row[0]) if isinstance(row[0], str) else row[0]
    return float(plan[0]["Plan"]["Plan Rows"])
