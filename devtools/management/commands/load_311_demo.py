from typing import Any

from django.core.management.base import BaseCommand

from devtools.demo.open311 import open311_demo_load


class Command(BaseCommand):
    help = "Import Bloomington's recorded Open311 services and requests for the demo (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = open311_demo_load()
        if loaded is None:
            self.stdout.write("Recorded Open311 data not found (REALDATA_DIR): 311 demo skipped.")
            return
        city, services, counts = loaded
        self.stdout.write(f"{city.name}: {services} services, requests {counts}")
