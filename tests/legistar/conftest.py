import copy

import pytest
from django.conf import settings

from cities.services import city_create
from devtools.legistar_recorded import dallas_routes, philadelphia_routes

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
