"""Writes of cities' tables. Import from the modules: `cities.services.cities`, `.council`, `.api_keys`,
`.audit`, `.sync_logs`; the most used are re-exported here."""

from cities.services.api_keys import api_key_create
from cities.services.audit import audit_record
from cities.services.cities import city_create

__all__ = ["api_key_create", "audit_record", "city_create"]
