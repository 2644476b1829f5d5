from typing import Any

from django.core.management.base import BaseCommand

from devtools.demo.minutes import minutes_demo_load


class Command(BaseCommand):
    help = "Ingest the recorded real minutes, agendas and transcripts for the demo (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        pages = minutes_demo_load()
        if not pages:
            self.stdout.write("Recorded minutes not found (REALDATA_DIR): demo minutes skipped.")
            return
        self.stdout.write("Searchable minutes pages: " + ", ".join(f"{key} {n}" for key, n in sorted(pages.items())))
