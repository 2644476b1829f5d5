"""psqlextra's PostgreSQL backend, told which tables' primary key is more than their id."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql.features import DatabaseFeatures
from psqlextra.backend.base import DatabaseWrapper as PsqlExtraDatabaseWrapper

from cities.distribution import DISTRIBUTED_TABLES


class CityKeyedFeatures(DatabaseFeatures):
    def allows_group_by_selected_pks_on_model(self, model: Any) -> bool:
        """An annotated query (a count per body, say) may group by the model's primary key alone only where
        that is the table's primary key: PostgreSQL then knows every other column follows from it. A table
        that grows with a city is keyed (id, city_id), so Django groups by each selected column instead."""
        return super().allows_group_by_selected_pks_on_model(model) and model._meta.db_table not in DISTRIBUTED_TABLES


class DatabaseWrapper(PsqlExtraDatabaseWrapper):
    features_class = CityKeyedFeatures
