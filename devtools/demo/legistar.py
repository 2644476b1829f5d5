"""Demo city loaded through the real Legistar path: Dallas's recorded Q1 2024 council votes,
served by the local replay of the API and ingested by the same client and sync as production."""

from __future__ import annotations

from cities.models import City
from cities.services import city_create
from devtools.legistar_recorded import dallas_routes, realdata_dir
from devtools.legistar_replay import LegistarReplay
from legistar.client import LegistarClient
from legistar.report import SyncReport
from legistar.services import legistar_city_sync
from votes.models import VoteChoice, VoteValueMapping

# What Dallas's roll-call codes mean (an operator would enter these in the admin).
DALLAS_VOTE_VALUES = {"AWVT": VoteChoice.ABSENT, "ABSNT": VoteChoice.ABSENT, "ABST": VoteChoice.ABSTAIN}


def legistar_demo_load() -> tuple[City, SyncReport] | None:
    """Create (once) and sync the Dallas demo city; None when the recorded data is not beside the project."""
    root = realdata_dir()
    if not (root / "legistar" / "Ingramml__CityVotes_DallasTX").exists():
        return None
    city = City.objects.filter(city_key="dallas").first() or city_create(
        city_key="dallas",
        name="Dallas, TX",
        state="TX",
        total_seats=15,
        legistar_client="dallas",
        timezone_name="America/Chicago",
        primary_color="#0b2e59",
        secondary_color="#c8102e",
    )
    for raw, choice in DALLAS_VOTE_VALUES.items():
        VoteValueMapping.objects.get_or_create(city=city, raw_value=raw, defaults={"vote_choice": choice})
    with (
        LegistarReplay(dallas_routes(root)) as replay,
        LegistarClient("dallas", api_root=replay.root, min_interval_seconds=0, backoff_seconds=0.1) as client,
    ):
        # The recorded minutes links point at the city's servers: not fetched for the demo.
        report = legistar_city_sync(city=city, full=True, client=client, queue_minutes=False)
    return city, report
