"""The schema can move onto Citus sharded by city_id: the rules cities/distribution.py names, on the real schema."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from cities.distribution import DISTRIBUTED_TABLES, DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES

pytestmark = pytest.mark.django_db

# The schema's own tables: not partitions (they follow their parent) and not an extension's (PostGIS).
TABLES_SQL = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
"""
# Every primary key, unique constraint and unique index of a table, by its columns.
UNIQUE_KEYS_SQL = """
SELECT i.indexrelid::regclass::text,
       array(SELECT a.attname::text FROM unnest(i.indkey) AS k JOIN pg_attribute a
             ON a.attrelid = i.indrelid AND a.attnum = k)
FROM pg_index i WHERE i.indrelid = %s::regclass AND i.indisunique
"""
# Every foreign key of the schema's tables, column by column with the column it points at.
FOREIGN_KEYS_SQL = """
SELECT k.conname, k.conrelid::regclass::text, k.confrelid::regclass::text,
       array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS c (attnum, n) JOIN pg_attribute a
             ON a.attrelid = k.conrelid AND a.attnum = c.attnum ORDER BY c.n),
       array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS c (attnum, n) JOIN pg_attribute a
             ON a.attrelid = k.confrelid AND a.attnum = c.attnum ORDER BY c.n)
FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
WHERE k.contype = 'f' AND k.conparentid = 0 AND NOT t.relispartition
"""


def _rows(sql: str, params: tuple = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _foreign_keys() -> list[tuple]:
    return _rows(FOREIGN_KEYS_SQL)


def test_every_table_has_exactly_one_place():
    placed = [*DISTRIBUTED_TABLES, *REFERENCE_TABLES, *LOCAL_TABLES]
    assert len(placed) == len(set(placed))
    assert sorted(placed) == sorted(name for (name,) in _rows(TABLES_SQL))


def test_distributed_tables_have_a_city_on_every_row():
    nullable = _rows(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = %s"
        " AND is_nullable = 'NO' AND table_name = ANY(%s)",
        (DISTRIBUTION_COLUMN, list(DISTRIBUTED_TABLES)),
    )
    assert sorted(name for (name,) in nullable) == sorted(DISTRIBUTED_TABLES)


@pytest.mark.parametrize("table", DISTRIBUTED_TABLES)
def test_every_unique_key_of_a_distributed_table_carries_the_city(table):
    keys = _rows(UNIQUE_KEYS_SQL, (table,))
    assert keys, f"{table} has no primary key"
    assert [name for name, columns in keys if DISTRIBUTION_COLUMN not in columns] == []


def test_keys_between_distributed_tables_join_on_the_city():
    distributed = set(DISTRIBUTED_TABLES)
    apart = [
        name
        for name, source, target, columns, target_columns in _foreign_keys()
        if source in distributed
        and target in distributed
        and (DISTRIBUTION_COLUMN, DISTRIBUTION_COLUMN) not in zip(columns, target_columns, strict=True)
    ]
    assert apart == []


def test_no_key_between_distributed_tables_sets_columns_on_delete():
    """Citus refuses ON DELETE SET NULL / SET DEFAULT on a key that holds the distribution column: Django's
    on_delete clears such links instead."""
    setting = _rows(
        "SELECT conname FROM pg_constraint WHERE contype = 'f' AND confdeltype IN ('n', 'd')"
        " AND conrelid::regclass::text = ANY(%s)",
        (list(DISTRIBUTED_TABLES),),
    )
    assert setting == []


def test_only_distributed_tables_point_at_distributed_tables():
    distributed = set(DISTRIBUTED_TABLES)
    assert [
        name for name, source, target, *_ in _foreign_keys() if target in distributed and source not in distributed
    ] == []


def test_distributed_tables_point_at_no_local_table():
    distributed, local = set(DISTRIBUTED_TABLES), set(LOCAL_TABLES)
    assert [name for name, source, target, *_ in _foreign_keys() if source in distributed and target in local] == []


def test_each_distributed_table_comes_after_the_tables_it_points_at():
    position = {table: index for index, table in enumerate(DISTRIBUTED_TABLES)}
    early = [
        name
        for name, source, target, *_ in _foreign_keys()
        if source in position and target in position and position[target] > position[source]
    ]
    assert early == []


def test_citus_plan_creates_reference_tables_before_distributing_the_rest():
    out = StringIO()
    call_command("citus_plan", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[: len(REFERENCE_TABLES)] == [f"SELECT create_reference_table('{t}');" for t in REFERENCE_TABLES]
    assert lines[len(REFERENCE_TABLES)] == "SELECT create_distributed_table('cities_body', 'city_id');"
    assert lines[-1] == (
        "SELECT create_distributed_table('requests311_statuschange', 'city_id', colocate_with => 'cities_body');"
    )
    assert len(lines) == len(REFERENCE_TABLES) + len(DISTRIBUTED_TABLES)
