"""A real Celery worker (prefork) syncing the recorded Dallas quarter has its process SIGKILLed mid-sync: the
task comes back on its own, takes its lock back, and the city ends with exactly what a clean sync stores."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from cities.models import DataSyncLog
from config.celery import app
from tests.database_env import child_database_env
from votes.models import MemberVote

ROOT = Path(__file__).resolve().parents[2]
CLEAN_SYNC_MEMBER_VOTES = 3900  # the recorded quarter, synced once without faults (test_sync_recorded)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


@pytest.fixture
def prefork_worker(replay):
    env = dict(
        os.environ,
        **child_database_env(),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        CACHE_REDIS_URL=settings.CACHES["default"]["LOCATION"],
        LOCKS_REDIS_URL=settings.CACHES["locks"]["LOCATION"],
        CACHE_KEY_PREFIX=settings.CACHES["locks"]["KEY_PREFIX"],
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND,
        LEGISTAR_API_ROOT=replay.root,
        LEGISTAR_MIN_INTERVAL_SECONDS="0.01",  # slow enough to be killed in the middle
        LEGISTAR_QUEUE_MINUTES="false",  # the recorded minutes links point at the city's own servers
    )
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1",
               "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield process
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_sync_whose_worker_is_killed_completes_on_its_own(dallas, prefork_worker, settings):
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app.conf.result_backend = settings.CELERY_RESULT_BACKEND
    try:
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
    finally:
        app.conf.task_always_eager = True
    assert 0 < stored_when_killed < CLEAN_SYNC_MEMBER_VOTES
    assert outcome["error"] == "" and isinstance(outcome["skipped"], int)  # ran (not skipped as "running")
    assert MemberVote.objects.filter(city_id=dallas.id).count() == CLEAN_SYNC_MEMBER_VOTES
    logs = list(DataSyncLog.objects.filter(city=dallas).order_by("started_at").values_list("status", flat=True))
    assert logs == [DataSyncLog.Status.INTERRUPTED, DataSyncLog.Status.PARTIAL]  # Dallas has records it skips
