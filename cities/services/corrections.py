"""Staff corrections of ingested fields, and putting them back after a sync wrote the source's value.

A correction names its row by model label and id, so every app's tables can be corrected the same way
without this app importing theirs. The sync calls `corrections_reapply` in the transaction that wrote
the rows: the source's differing value is noted on the correction for review, and the row gets the
correction back before anyone can read it.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, models
from django.utils import timezone
from psycopg import sql

from cities.models import Correction

# Per corrected field: note the source's value where the row now differs from the correction, then put
# the correction back. Both read the same snapshot (`target`), and the row is found by its primary key
# (its id index per partition for partitioned tables) within the city.
REAPPLY_SQL = sql.SQL(
    """
WITH target AS (
    SELECT c.id AS correction_id, t.id AS row_id, t.{column}::text AS current
      FROM cities_correction c
      JOIN {table} t ON t.id = c.row_id AND t.city_id = %(city_id)s
     WHERE c.city_id = %(city_id)s AND c.model = %(model)s AND c.field = %(field)s
       AND t.{column}::text IS DISTINCT FROM c.value
), noted AS (
    UPDATE cities_correction c
       SET source_value = target.current, source_changed_at = statement_timestamp()
      FROM target
     WHERE c.id = target.correction_id AND c.source_value IS DISTINCT FROM target.current
)
UPDATE {table} t
   SET {column} = c.value
  FROM target JOIN cities_correction c ON c.id = target.correction_id
 WHERE t.id = target.row_id AND t.city_id = %(city_id)s
RETURNING t.id
"""
)


def correction_record(*, user: Any, obj: models.Model, field: str, before: Any, reason: str) -> Correction:
    """Keep the staff's value of `field` on `obj` (already saved) as a correction; a second correction of the
    same field replaces the first but keeps what the row held before either."""
    value = getattr(obj, field)
    correction, _ = Correction.objects.get_or_create(
        city_id=obj.city_id,  # type: ignore[attr-defined]  # every correctable model has a city
        model=obj._meta.label_lower,
        row_id=obj.pk,
        field=field,
        defaults={"original_value": "" if before is None else str(before), "corrected_at": timezone.now()},
    )
    correction.value = "" if value is None else str(value)
    correction.reason = reason
    correction.corrected_by = user if getattr(user, "pk", None) else None
    correction.corrected_by_name = getattr(user, "get_username", lambda: "")()
    correction.corrected_at = timezone.now()
    correction.save()
    return correction


def corrections_reapply(*, city_id: int) -> dict[str, list[int]]:
    """Put the city's corrections back where a sync overwrote them; returns the rows restored per model
    label (the caller recounts what depends on them, e.g. a vote's tally on its member votes)."""
    restored: dict[str, list[int]] = {}
    pairs = Correction.objects.filter(city_id=city_id).values_list("model", "field").distinct()
    for label, field in pairs:
        model = apps.get_model(label)
        column = model._meta.get_field(field).column
        statement = REAPPLY_SQL.format(table=sql.Identifier(model._meta.db_table), column=sql.Identifier(column))
        with connection.cursor() as cursor:
            cursor.execute(statement, {"city_id": city_id, "model": label, "field": field})
            ids = [row[0] for row in cursor.fetchall()]
        if ids:
            restored.setdefault(label, []).extend(ids)
    return restored
