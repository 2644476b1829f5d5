"""Partition upkeep for every partitioned table: one plan, then apply; safe to run twice or late.

Tables register in settings rather than by import, so `cities` imports no other app:
- `MONTHLY_PARTITIONED_TABLES`: RANGE tables partitioned by month on a date/timestamp column;
  partitions are created from the current month to `PARTITION_MONTHS_AHEAD` ahead. History
  (backfilled minutes) is created on demand with `monthly_partition_ensure` before loading.
- `CITY_PARTITIONED_TABLES`: LIST tables partitioned by city_id; one partition per city,
  created when the city is created and re-checked by every maintenance run.

Only partitions named by this module's scheme (`<table>_YYYY_MM`, `<table>_city_<id>`) are ever
detached; nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from psycopg import sql

from cities.models import City

logger = logging.getLogger(__name__)

MONTHLY_NAME = re.compile(r"_(\d{4})_(\d{2})$")


@dataclass
class PartitionPlan:
    create: list[tuple[str, str]] = field(default_factory=list)  # (partition name, CREATE statement)
    detach: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"create": [name for name, _ in self.create], "detach": [name for name, _ in self.detach]}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_partition_name(table: str, month: dt.date) -> str:
    return f"{table}_{month:%Y_%m}"


def city_partition_name(table: str, city_id: int) -> str:
    return f"{table}_city_{city_id}"


def existing_partitions(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT child.relname
            FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE parent.relname = %s
            """,
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def _statement(template: str, **parts: sql.Composable) -> str:
    """DDL with its identifiers and values quoted by psycopg (partition bounds cannot be parameters)."""
    connection.ensure_connection()
    return sql.SQL(template).format(**parts).as_string(connection.connection)


def _monthly_create(table: str, month: dt.date) -> tuple[str, str]:
    name = monthly_partition_name(table, month)
    statement = _statement(
        "CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES FROM ({lower}) TO ({upper})",
        name=sql.Identifier(name),
        table=sql.Identifier(table),
        lower=sql.Literal(month.isoformat()),
        upper=sql.Literal(add_months(month, 1).isoformat()),
    )
    return name, statement


def _city_create(table: str, city_id: int) -> tuple[str, str]:
    name = city_partition_name(table, city_id)
    statement = _statement(
        "CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES IN ({city_id})",
        name=sql.Identifier(name),
        table=sql.Identifier(table),
        city_id=sql.Literal(int(city_id)),
    )
    return name, statement


def _detach(table: str, name: str) -> str:
    return _statement(
        "ALTER TABLE {table} DETACH PARTITION {name}", table=sql.Identifier(table), name=sql.Identifier(name)
    )


def partitions_plan(*, today: dt.date | None = None, city_ids: list[int] | None = None) -> PartitionPlan:
    """What maintenance would do now: missing partitions to create, expired ones to detach."""
    today = today or timezone.localdate()
    plan = PartitionPlan()
    for table, options in settings.MONTHLY_PARTITIONED_TABLES.items():
        have = existing_partitions(table)
        ahead = options.get("ahead", settings.PARTITION_MONTHS_AHEAD)
        for offset in range(0, ahead + 1):
            name, statement = _monthly_create(table, add_months(month_start(today), offset))
            if name not in have:
                plan.create.append((name, statement))
        retention = options.get("retention_months") or 0
        if retention:
            oldest_kept = add_months(month_start(today), -retention)
            for name in sorted(have):
                match = MONTHLY_NAME.search(name)
                if match and name.startswith(table) and dt.date(int(match[1]), int(match[2]), 1) < oldest_kept:
                    plan.detach.append((name, _detach(table, name)))
    if settings.CITY_PARTITIONED_TABLES:
        if city_ids is None:
            city_ids = list(City.objects.values_list("id", flat=True))
        for table in settings.CITY_PARTITIONED_TABLES:
            have = existing_partitions(table)
            for city_id in city_ids:
                name, statement = _city_create(table, city_id)
                if name not in have:
                    plan.create.append((name, statement))
    return plan


def partitions_apply(plan: PartitionPlan) -> PartitionPlan:
    """Run a plan. Each statement is idempotent, so a concurrent or repeated run is harmless."""
    with transaction.atomic(), connection.cursor() as cursor:
        for _, statement in plan.create + plan.detach:
            cursor.execute(statement)
    return plan


def partitions_maintain(*, today: dt.date | None = None, dry_run: bool = False) -> PartitionPlan:
    plan = partitions_plan(today=today)
    if dry_run:
        return plan
    partitions_apply(plan)
    done = plan.as_dict()
    logger.info("partitions: %s created, %s detached", len(done["create"]), len(done["detach"]))
    return plan


def monthly_partition_ensure(*, table: str, month: dt.date) -> str:
    """Create the month's partition of `table` if missing (for loading history before today)."""
    name, statement = _monthly_create(table, month_start(month))
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return name


def city_partitions_ensure(*, city_id: int) -> list[str]:
    """Create the city's LIST partition of every city-partitioned table (on city creation)."""
    created = []
    with connection.cursor() as cursor:
        for table in settings.CITY_PARTITIONED_TABLES:
            name, statement = _city_create(table, city_id)
            cursor.execute(statement)
            created.append(name)
    return created


def partition_months_ahead(*, today: dt.date | None = None) -> dict[str, int]:
    """For each monthly-partitioned table, how many months past the current one already have a partition
    (negative when even the current month has none): what a failed maintenance run eats into."""
    current = month_start(today or timezone.localdate())
    horizons = {}
    for table in settings.MONTHLY_PARTITIONED_TABLES:
        months = [
            dt.date(int(match[1]), int(match[2]), 1)
            for name in existing_partitions(table)
            if name.startswith(table) and (match := MONTHLY_NAME.search(name))
        ]
        latest = max(months, default=add_months(current, -1))
        horizons[table] = (latest.year - current.year) * 12 + latest.month - current.month
    return horizons
