"""A real Celery worker (prefork) syncing the recorded Dallas quarter has its process SIGKILLed mid-sync: the
task comes back on its own, takes its lock back, and the city ends with exactly what a clean sync stores."""

import os
import signal
import subprocess
import time

import pytest

from cities.models import DataSyncLog
from config.celery import app
from tests.celery_workers import tasks_sent_to_workers, worker_env, worker_start, worker_stop
from votes.models import MemberVote

CLEAN_SYNC_MEMBER_VOTES = 3900  # the recorded quarter, synced once without faults (test_sync_recorded)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


@pytest.fixture
def prefork_worker(replay):
    env = worker_env(
        LEGISTAR_API_ROOT=replay.root,
        LEGISTAR_MIN_INTERVAL_SECONDS="0.01",  # slow enough to be killed in the middle
        LEGISTAR_QUEUE_MINUTES="false",  # the recorded minutes links point at the city's own servers
    )
    process = worker_start(env, pool="prefork")
    yield process
    worker_stop(process)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_sync_whose_worker_is_killed_completes_on_its_own(dallas, prefork_worker):
    with tasks_sent_to_workers():
        result = app.send_task("legistar.sync_city", args=[dallas.id], kwargs={"full": True})
        deadline = time.monotonic() + 60
        while MemberVote.objects.filter(city_id=dallas.id).count() == 0:  # the sync is storing meetings
            assert time.monotonic() < deadline, "the sync did not start"
            time.sleep(0.1)
        children = _children(prefork_worker.pid)
        assert children, "no pool process to kill"
        for child in children:
            os.kill(child, signal.SIGKILL)
        stored_when_killed = MemberVote.objects.filter(city_id=dallas.id).count()
        outcome = result.get(timeout=180)
    assert 0 < stored_when_killed < CLEAN_SYNC_MEMBER_VOTES
    assert outcome["error"] == "" and isinstance(outcome["skipped"], int)  # ran (not skipped as "running")
    assert MemberVote.objects.filter(city_id=dallas.id).count() == CLEAN_SYNC_MEMBER_VOTES
    logs = list(DataSyncLog.objects.filter(city=dallas).order_by("started_at").values_list("status", flat=True))
    assert logs == [DataSyncLog.Status.INTERRUPTED, DataSyncLog.Status.PARTIAL]  # Dallas has records it skips
