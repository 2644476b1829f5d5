"""Reads from the real streaming replica the project starts beside its PostgreSQL (scripts/local_replica.py):
public pages read it, a writer reads its own write at once, a lagging or killed replica is not read.

The replica streams the whole cluster, test databases included, so rows this module commits reach it. One
module, so one xdist worker (--dist loadfile): holding the replica's replay or killing it never meets
another test of it."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from cities import replica
from requests311.services.feeds import services_import
from tests.factories.cities import CityFactory, CouncilMemberFactory
from tests.factories.meetings import MeetingFactory

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES,
        reason="no read replica (DATABASE_REPLICA_URL): scripts/devservices.py starts one beside its own PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, databases="__all__"),  # the replica sees committed rows only
]


@pytest.fixture
def replica_reads(settings):
    from tests.replica import replica_caught_up

    settings.REPLICA_READS = True
    settings.REPLICA_CHECK_SECONDS = 0  # each request asks how far behind it is
    settings.REPLICA_MAX_LAG_SECONDS = 5
    replica._health.checked_at = float("-inf")
    yield replica_caught_up
    replica._health.checked_at = float("-inf")


@pytest.fixture
def city():
    city = CityFactory(city_key="springfield")
    CouncilMemberFactory(city=city, full_name="Ada Replica")
    MeetingFactory(city=city)
    return city


def reads(client: Client, path: str, **extra) -> tuple[int, int, int]:
    """The answer's status, and how many queries it ran on the primary and on the replica (counted as they
    are sent: a replica that is down is never connected to for the counting)."""
    counts = {"default": 0, "replica": 0}

    def counted(alias):
        def wrapper(execute, sql, params, many, context):
            counts[alias] += sql != replica.LAG_SQL  # the page's reads, not the check of the replica's lag
            return execute(sql, params, many, context)

        return wrapper

    cache.delete_pattern("page:*")  # the page is built, not served from the page cache
    with connection.execute_wrapper(counted("default")), connections["replica"].execute_wrapper(counted("replica")):
        status = client.get(path, **extra).status_code
    return status, counts["default"], counts["replica"]


def fallbacks(reason: str) -> float:
    return replica.FALLBACKS.labels(reason=reason)._value.get()


def test_a_public_page_reads_the_replica(replica_reads, city, client):
    replica_reads()
    status, on_primary, on_replica = reads(client, f"/{city.city_key}/")
    assert status == 200
    assert on_replica > 0 and on_primary == 0


def test_a_signed_in_session_reads_the_primary(replica_reads, city, client):
    replica_reads()
    client.cookies[settings.SESSION_COOKIE_NAME] = "any"
    status, on_primary, on_replica = reads(client, f"/{city.city_key}/")
    assert status == 200 and on_replica == 0 and on_primary > 0


def test_the_writer_reads_its_own_write_while_the_replica_has_not_replayed_it(replica_reads, settings):
    from cities.services import api_key_create, city_create
    from tests.replica import replay_paused

    settings.REPLICA_MAX_LAG_SECONDS = 3600  # the paused replica stays readable: only the pin keeps the writer off
    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9,
                       timezone_name="America/Indiana/Indianapolis")  # fmt: skip
    services_import(city=city, rows=[{"service_code": "DMV66", "service_name": "Abandoned vehicle"}])
    key = api_key_create(name="test app", city=city)[1]
    replica_reads()
    writer, someone_else = Client(), Client()
    with replay_paused():
        posted = writer.post("/open311/v2/requests.json", {"jurisdiction_id": "bloomington", "api_key": key,
                             "service_code": "DMV66", "lat": "39.1653", "long": "-86.5264",
                             "description": "Car abandoned for two weeks"})  # fmt: skip
        assert posted.status_code == 200 and replica.PIN_COOKIE in posted.cookies
        path = f"/open311/v2/requests/{posted.json()[0]['service_request_id']}.json"
        mine = reads(writer, path, QUERY_STRING="jurisdiction_id=bloomington")
        theirs = reads(someone_else, path, QUERY_STRING="jurisdiction_id=bloomington")
    assert mine[0] == 200 and mine[2] == 0  # from the primary
    assert theirs[0] == 404 and theirs[2] > 0  # the replica, which has not replayed it yet


def test_a_page_built_just_after_its_city_changed_shows_the_change(replica_reads, city, client, settings):
    """The replica has not replayed the new member: the page reads the primary because the city's cache
    was bumped for the change, and the copy it caches shows the member."""
    from cities.cache import city_cache_bump
    from tests.replica import replay_paused

    settings.REPLICA_MAX_LAG_SECONDS = 3600
    replica_reads()
    with replay_paused():
        member = CouncilMemberFactory(city=city, full_name="Newly Sworn")
        path = f"/{city.city_key}/members/{member.pk}/"
        before_bump = reads(client, path)
        city_cache_bump(city_id=city.pk)
        after_bump = reads(client, path)
    assert before_bump[0] == 404 and before_bump[2] > 0  # the replica, behind
    assert after_bump[0] == 200


def test_a_replica_behind_by_more_than_the_setting_is_not_read(replica_reads, city, client, settings):
    from tests.replica import replay_paused, replica_received

    settings.REPLICA_MAX_LAG_SECONDS = 0.2
    replica_reads()
    before = fallbacks("lagging")
    with replay_paused():
        MeetingFactory(city=city)  # a commit the replica receives and does not replay
        replica_received()
        time.sleep(0.5)
        status, on_primary, on_replica = reads(client, f"/{city.city_key}/")
    assert status == 200 and on_replica == 0 and on_primary > 0
    assert fallbacks("lagging") == before + 1


def test_the_replica_lag_is_measured_in_metrics_and_readyz(replica_reads, client):
    from tests.replica import replay_paused, replica_received

    replica_reads()
    assert client.get("/readyz").json()["checks"]["replica"] == "ok"
    metrics = client.get("/metrics").content.decode()
    assert re.search(r"^cityvotes_replica_up 1\.0$", metrics, re.M)
    assert re.search(r"^cityvotes_replica_lag_seconds \d+(\.\d+)?(e[-+]\d+)?$", metrics, re.M)
    with replay_paused():
        CityFactory()
        replica_received()
        time.sleep(0.2)
        lag = replica.replica_lag_seconds()
    assert lag is not None and lag > 0


def test_killing_the_replica_under_load_loses_no_request(replica_reads, city, settings):
    """Requests run while the replica is stopped hard; each is answered from it or, once it is gone,
    from the primary. Then it starts again, catches up, and is read again."""
    from tests.replica import replica_kill, replica_restartpoint, replica_start

    settings.REPLICA_CHECK_SECONDS = 1  # requests just after the kill still try the replica
    replica_restartpoint()
    member = city.members.get()
    paths = [f"/{city.city_key}/", f"/{city.city_key}/members/{member.pk}/", f"/{city.city_key}/meetings/"]
    client, statuses, served_by_replica = Client(raise_request_exception=False), [], []
    failed_before, down_before = fallbacks("failed"), fallbacks("down")
    killer = threading.Timer(0.5, replica_kill)
    killer.start()
    try:
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline or killer.is_alive():
            status, _, on_replica = reads(client, paths[len(statuses) % len(paths)])
            statuses.append(status)
            served_by_replica.append(on_replica > 0)
        ready_without_replica = client.get("/readyz")
    finally:
        killer.join()
        replica_start()
    assert ready_without_replica.status_code == 200
    assert ready_without_replica.json()["checks"]["replica"] == "unreachable"
    assert set(statuses) == {200}
    assert served_by_replica[0] and not served_by_replica[-1]
    assert fallbacks("failed") + fallbacks("down") > failed_before + down_before
    replica_reads()  # caught up again
    replica._health.checked_at = float("-inf")
    assert reads(client, paths[0])[2] > 0
