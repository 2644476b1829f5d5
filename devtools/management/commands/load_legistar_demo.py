from typing import Any

from django.core.management.base import BaseCommand

from devtools.demo.legistar import legistar_demo_load


class Command(BaseCommand):
    help = "Load the Dallas demo city through the Legistar client and sync, from recorded data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = legistar_demo_load()
        if loaded is None:
            self.stdout.write("Recorded Legistar data not found (REALDATA_DIR): Dallas demo city skipped.")
            return
        city, report = loaded
        counts = ", ".join(
            f"{kind}: " + "/".join(f"{k} {v}" for k, v in sorted(c.items()))
            for kind, c in sorted(report.as_dict()["counts"].items())
        )
        self.stdout.write(f"{city.name} synced from the recorded Legistar replay in {report.seconds:.1f} s ({counts})")
