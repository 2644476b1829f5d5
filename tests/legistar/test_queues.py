"""Celery scales by adding workers: two worker processes, one on both queues and one on ingestion alone,
share a fan-out of city syncs, and no city is synced twice."""

import datetime as dt
import re
import time

import pytest

from cities.models import DataSyncLog
from cities.services import city_create
from config.celery import app
from devtools.legistar_council import SyntheticCouncil
from tests.celery_workers import tasks_sent_to_workers, worker_env, worker_start, worker_stop
from votes.models import Vote

CITIES = 6
SYNC_DONE = re.compile(rb"Task legistar\.sync_city\[[0-9a-f-]+\] succeeded")


@pytest.fixture
def cities(db, replay):
    source = SyntheticCouncil(events=12, members=9, bills_per_stated=6, last_day=dt.date(2026, 6, 30))
    replay.routes.update(source.routes("big"))
    made = [
        city_create(
            city_key=f"big{n}",
            name=f"Big City {n}",
            state="NY",
            total_seats=9,
            legistar_client="big",
            timezone_name="America/New_York",
        )
        for n in range(CITIES)
    ]
    return made, source


@pytest.fixture
def two_workers(replay, tmp_path):
    env = worker_env(LEGISTAR_API_ROOT=replay.root, LEGISTAR_MIN_INTERVAL_SECONDS="0",
                     LEGISTAR_QUEUE_MINUTES="false")  # fmt: skip
    logs = {name: tmp_path / f"{name}.log" for name in ("both", "ingestion")}
    handles = {name: open(path, "wb") for name, path in logs.items()}  # noqa: SIM115 - closed below
    workers = [
        worker_start(env, queues="ingestion,default", name="both", loglevel="INFO", log=handles["both"]),
        worker_start(env, queues="ingestion", name="ingestion", loglevel="INFO", log=handles["ingestion"]),
    ]
    yield logs
    for worker in workers:
        worker_stop(worker)
    for handle in handles.values():
        handle.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_a_fan_out_and_sync_each_city_once(cities, two_workers):
    made, source = cities
    with tasks_sent_to_workers():
        assert app.send_task("legistar.sync_all_cities").get(timeout=60) == CITIES
        deadline = time.monotonic() + 180
        while DataSyncLog.objects.filter(completed_at__isnull=False).count() < CITIES:
            assert time.monotonic() < deadline, "the syncs did not finish"
            time.sleep(0.2)
    time.sleep(1)  # a city synced twice would have started its second run by now
    for city in made:
        assert DataSyncLog.objects.filter(city=city).count() == 1
        assert Vote.objects.filter(city=city).count() == source.roll_calls
    done = {name: len(SYNC_DONE.findall(path.read_bytes())) for name, path in two_workers.items()}
    assert sum(done.values()) == CITIES
    assert done["both"] >= 1 and done["ingestion"] >= 1  # the fan-out was shared
