import copy

import pytest
from django.conf import settings

from cities.services import city_create
from devtools.legistar_recorded import dallas_routes, metro_routes, nyc_routes, philadelphia_routes

REALDATA = settings.REALDATA_DIR


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


@pytest.fixture
def nyc(db, replay):
    replay.routes.update(copy.deepcopy(nyc_routes(REALDATA)))
    return city_create(city_key="nyc", name="New York, NY", state="NY", total_seats=51, legistar_client="nyc",
                       timezone_name="America/New_York")  # fmt: skip


@pytest.fixture
def metro(db, replay):
    replay.routes.update(copy.deepcopy(metro_routes(REALDATA)))
    return city_create(city_key="metro", name="LA Metro", state="CA", total_seats=13, legistar_client="metro",
                       timezone_name="America/Los_Angeles")  # fmt: skip
