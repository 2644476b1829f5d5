"""Real Celery worker processes on this test's database, cache, locks and broker (the test's own Redis
databases), and the test's side of the broker."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings

from config.celery import app
from tests.database_env import child_database_env

ROOT = Path(__file__).resolve().parents[1]


def worker_env(**extra: str) -> dict[str, str]:
    return dict(
        os.environ,
        **child_database_env(),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        CACHE_REDIS_URL=settings.CACHES["default"]["LOCATION"],
        LOCKS_REDIS_URL=settings.CACHES["locks"]["LOCATION"],
        CACHE_KEY_PREFIX=settings.CACHES["locks"]["KEY_PREFIX"],
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND,
        **extra,
    )


def worker_start(
    env: dict[str, str], *, queues: str = "ingestion,default", pool: str = "solo", name: str = "worker",
    loglevel: str = "WARNING", log: IO[bytes] | int = subprocess.DEVNULL,
) -> subprocess.Popen[bytes]:  # fmt: skip
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--queues", queues, "--pool", pool,
               "--concurrency", "1", "--hostname", f"{name}@%h", "--loglevel", loglevel, "--without-heartbeat",
               "--without-gossip", "--without-mingle"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def worker_stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


@contextlib.contextmanager
def tasks_sent_to_workers() -> Iterator[None]:
    """Tasks sent from the test go through the broker (tests run them eagerly otherwise)."""
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app.conf.result_backend = settings.CELERY_RESULT_BACKEND
    try:
        yield
    finally:
        app.conf.task_always_eager = True
