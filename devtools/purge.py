"""Removing a benchmark city and everything of it, for benchmarks that start from nothing (development only).

Every table with a `city_id` loses that city's rows in one transaction with the foreign-key triggers off
(superuser only, as the demo's bulk load), then the city goes. The product never deletes a city's record.
"""

from __future__ import annotations

from django.db import connection, transaction
from psycopg import sql


def city_purge(*, city_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            """SELECT c.table_name FROM information_schema.columns c
                 JOIN information_schema.tables t USING (table_schema, table_name)
                WHERE c.table_schema = 'public' AND c.column_name = 'city_id' AND t.table_type = 'BASE TABLE'"""
        )
        for (table,) in cursor.fetchall():
            cursor.execute(sql.SQL("DELETE FROM {} WHERE city_id = %s").format(sql.Identifier(table)), [city_id])
        cursor.execute("DELETE FROM cities_city WHERE id = %s", [city_id])
