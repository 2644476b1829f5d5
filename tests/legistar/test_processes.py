"""A long first load split between worker processes lands exactly what one process lands. Minutes are not
queued here: the recorded links point at the city's own servers."""

import pytest

from cities.models import DataSyncLog
from legistar.report import SyncReport
from legistar.sync import LegistarSync, legistar_sync
from tests.legistar.test_sync_recorded import snapshot
from votes.models import MemberVote, Vote

# The workers are other processes with their own connections: they only see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def test_two_processes_land_every_vote_once_and_count_them(dallas, make_client):
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True, processes=2, queue_minutes=False)
    assert report.error == ""
    assert Vote.objects.filter(city=dallas).count() == 260
    assert MemberVote.objects.filter(city_id=dallas.id).count() == 3900
    assert report.counts["member_vote"]["created"] == 3900
    assert report.requests > 260  # the workers' requests are counted too
    assert DataSyncLog.objects.get(city=dallas).counts["vote"]["created"] == 260


def test_a_second_run_with_two_processes_writes_nothing(dallas, make_client):
    legistar_sync(city=dallas, client=make_client("dallas"), full=True, processes=2, queue_minutes=False)
    before = snapshot()
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True, processes=2, queue_minutes=False)
    assert report.total("created") == report.total("updated") == 0
    assert snapshot() == before


def test_an_api_outage_in_a_worker_stops_the_run_and_keeps_the_watermark(dallas, make_client, replay):
    for path in [p for p in replay.routes if p.startswith("dallas/events/") and p.endswith("/eventitems")]:
        replay.add_fault(path, "503")
    report = legistar_sync(
        city=dallas, client=make_client("dallas", max_attempts=1), full=True, processes=2, queue_minutes=False
    )
    assert report.unavailable and "503" in report.error
    dallas.refresh_from_db()
    assert dallas.legistar_synced_through is None


def test_runs_of_meetings_reuse_the_kept_alive_connections(dallas, make_client, replay):
    """A worker process syncs one run of meetings after another: every run after the first opens no
    new connection (a fetch pool per run would leave its threads' connections open, ~16 a run)."""
    sync = LegistarSync(dallas, make_client("dallas"), SyncReport(city_key="dallas"), queue_minutes=False)
    sync.sync_people()
    runs = [[event] for event in sync.readable_events(None)]
    assert len(runs) >= 3
    try:
        sync.sync_event_list(runs[0], None)
        after_first_run = replay.connections
        for run in runs[1:]:
            sync.sync_event_list(run, None)
    finally:
        sync.close()
    assert sync.report.counts["meeting"]["created"] == len(runs)
    assert replay.connections == after_first_run
