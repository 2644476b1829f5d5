import copy

import pytest
from django.conf import settings

from cities.services import city_create
from meetings.legistar import LegistarClient
from meetings.legistar_replay import LegistarReplay, dallas_routes, philadelphia_routes

REALDATA = settings.REALDATA_DIR


@pytest.fixture
def replay():
    with LegistarReplay() as server:
        yield server


@pytest.fixture
def make_client(replay):
    clients = []

    def make(name: str, **kwargs) -> LegistarClient:
        options = {"min_interval_seconds": 0, "backoff_seconds": 0.01, "timeout": 1.0, "max_attempts": 3} | kwargs
        client = LegistarClient(name, api_root=replay.root, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def phila(db, replay):
    replay.routes.update(copy.deepcopy(philadelphia_routes(REALDATA)))
    return city_create(
        city_key="phila",
        name="Philadelphia, PA",
        state="PA",
        total_seats=17,
        legistar_client="phila",
        timezone_name="America/New_York",
    )


@pytest.fixture
def dallas(db, replay):
    replay.routes.update(dallas_routes(REALDATA))
    return city_create(
        city_key="dallas",
        name="Dallas, TX",
        state="TX",
        total_seats=15,
        legistar_client="dallas",
        timezone_name="America/Chicago",
    )
