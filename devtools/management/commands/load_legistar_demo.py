from django.core.management.base import BaseCommand

from cities.cache import city_cache_bump
from votes.legistar_demo import legistar_demo_load
from votes.services import member_voting_summary_refresh


class Command(BaseCommand):
    help = "Load the Dallas demo city through the Legistar client and sync, from recorded data (idempotent)."

    def handle(self, *args, **options) -> None:
        loaded = legistar_demo_load()
        if loaded is None:
            self.stdout.write("Recorded Legistar data not found (REALDATA_DIR): Dallas demo city skipped.")
            return
        city, report = loaded
        member_voting_summary_refresh(concurrently=False)
        city_cache_bump(city_id=city.id)
        counts = ", ".join(
            f"{kind}: " + "/".join(f"{k} {v}" for k, v in sorted(c.items()))
            for kind, c in sorted(report.as_dict()["counts"].items())
        )
        self.stdout.write(f"{city.name} synced from the recorded Legistar replay in {report.seconds:.1f} s ({counts})")
