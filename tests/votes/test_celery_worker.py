"""One task through a real Celery worker process and the real Redis broker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app
from tests.database_env import child_database_env
from tests.factories import MemberVoteFactory
from votes.models import MemberVotingSummary

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker():
    """A worker on this test's database and a broker database of its own."""
    env = dict(
        os.environ,
        **child_database_env(),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_summary_refresh_runs_in_a_real_worker(worker, settings):
    MemberVoteFactory()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    try:
        app.conf.broker_url = settings.CELERY_BROKER_URL
        app.conf.result_backend = settings.CELERY_RESULT_BACKEND
        result = app.send_task("votes.refresh_member_voting_summary")
        result.get(timeout=60)
    finally:
        app.conf.task_always_eager = True
    assert result.successful()
    assert MemberVotingSummary.objects.count() == 1
