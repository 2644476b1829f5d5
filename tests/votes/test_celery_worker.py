"""One task through a real Celery worker process and the real Redis broker."""

import pytest

from config.celery import app
from tests.celery_workers import tasks_sent_to_workers, worker_env, worker_start, worker_stop
from tests.factories import MemberVoteFactory
from votes.models import MemberVotingSummary


@pytest.fixture
def worker():
    """A worker on this test's database and a broker database of its own."""
    process = worker_start(worker_env())
    yield process
    worker_stop(process)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_summary_refresh_runs_in_a_real_worker(worker):
    MemberVoteFactory()
    with tasks_sent_to_workers():
        result = app.send_task("votes.refresh_member_voting_summary")
        result.get(timeout=60)
    assert result.successful()
    assert MemberVotingSummary.objects.count() == 1
