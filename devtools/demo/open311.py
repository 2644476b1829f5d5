"""Real 311 data for the demo: Bloomington, IN's recorded Open311 services and requests
(../shared/realdata/open311, see its PROVENANCE.md), imported by the same feed import as production."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from cities.models import City
from cities.services import city_create
from requests311.services.feeds import requests_import, services_import


def open311_demo_load() -> tuple[City, int, dict[str, int]] | None:
    """Create Bloomington (once) and import its services and requests (upserts: idempotent).
    None when the recorded data is not beside the project."""
    root = Path(settings.REALDATA_DIR) / "open311" / "bensheldon__open311status"
    if not root.exists():
        return None
    city = City.objects.filter(city_key="bloomington").first() or city_create(
        city_key="bloomington",
        name="Bloomington, IN",
        state="IN",
        total_seats=9,
        timezone_name="America/Indiana/Indianapolis",
    )
    services = services_import(city=city, rows=json.loads((root / "bloomington_services.json").read_text()))
    counts = requests_import(city=city, rows=json.loads((root / "bloomington_requests.json").read_text()))
    return city, services, counts
