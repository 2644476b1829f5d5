"""Keep a city's council, meetings, agenda items and votes in step with its Legistar Web API.

Idempotent: every record is matched by the source's id and compared before writing, so a second run over
unchanged data writes nothing (not even updated_at). One transaction per meeting: a failure never leaves
half a meeting. A malformed record is skipped with its reason and source id in the DataSyncLog; it never
aborts the city. The steps are `legistar.people` (persons, office records) and `legistar.meetings` (events);
`legistar.processes` splits a long first load between worker processes; `legistar.services` is what tasks
and commands call (the per-city lock and the steps after a sync).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.utils import timezone

from cities.models import City
from cities.services.cities import city_legistar_watermark_set
from cities.services.sync_logs import sync_log_close, sync_log_open
from legistar.client import LegistarBadResponse, LegistarClient, LegistarError, LegistarUnavailable
from legistar.dates import parse_legistar_date
from legistar.matters import MatterFetcher
from legistar.meetings import Fetched, SyncContext, event_fetch, event_store, matters_store
from legistar.people import people_sync
from legistar.processes import events_sync_in_processes
from legistar.report import SyncReport
from meetings.services.matters import MatterBundle, matters_removed_upstream, stored_matter_versions
from meetings.services.meetings import meeting_statistics_refresh
from votes.selectors import city_vote_values
from votes.services import vote_statistics_refresh

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
SourceEvent = tuple[dict[str, Any], dt.date]


class LegistarSync:
    """One run over one city: people first, then its events oldest first."""

    PREFETCH = 4  # meetings fetched ahead while the current one is written
    MATTERS_PER_TRANSACTION = 50
    ANALYZE_AT = (200, 2_000, 20_000, 200_000, 2_000_000)  # agenda items created by this run

    def __init__(self, city: City, client: LegistarClient, report: SyncReport, *, queue_minutes: bool = True) -> None:
        self.city = city
        self.client = client
        self.report = report
        self.context = SyncContext(
            city=city, report=report, members={}, vote_values=city_vote_values(city=city), queue_minutes=queue_minutes
        )
        self._analyzed, self._analyzed_at = 0, 0  # statistics refreshes done, at how many created items
        self._prefetch: ThreadPoolExecutor | None = None

    @property
    def queue_minutes(self) -> bool:
        return self.context.queue_minutes

    def use_report(self, report: SyncReport) -> None:
        """Count into `report` from now on (a worker process reports each run of meetings on its own)."""
        self.report = self.context.report = report

    def sync_people(self) -> None:
        self.context.members, self.context.bodies = people_sync(city=self.city, client=self.client, report=self.report)

    def read_matters(self, *, refetch_stored: bool) -> None:
        """Matters the agendas name are read as their meetings are (once per run; on an incremental run only
        those not stored yet: the changed ones come from the source's list of changes, `sync_changed_matters`)."""
        self.context.matters = MatterFetcher(
            client=self.client,
            report=self.report,
            stored=stored_matter_versions(city_id=self.city.pk),
            refetch_stored=refetch_stored,
        )

    def sync_changed_matters(self, *, since: dt.datetime) -> None:
        """Matters changed since `since`, a batch at a time (before the run's meetings)."""
        fetcher = self.context.matters
        assert fetcher is not None, "read_matters first"
        batch: list[MatterBundle] = []
        for row in self.client.matters(since=since):
            matter_id = row.get("MatterId")
            if not isinstance(matter_id, int):
                self.report.skip("matter", matter_id, "missing MatterId")
                continue
            if not fetcher.changed(matter_id, row) or not fetcher.claim(matter_id):
                continue
            bundle = fetcher.bundle_of(row)
            if bundle is not None:
                batch.append(bundle)
            if len(batch) >= self.MATTERS_PER_TRANSACTION:
                matters_store(self.context, batch)
                batch = []
        matters_store(self.context, batch)

    def matters_withdrawn(self) -> None:
        fetcher = self.context.matters
        if fetcher is not None and fetcher.withdrawn:
            self.report.count("matter", "removed_upstream", matters_removed_upstream(
                city_id=self.city.pk, legistar_matter_ids=fetcher.withdrawn))  # fmt: skip

    def sync_events(self, *, since: dt.datetime | None, progress: Progress | None = None, processes: int = 1) -> None:
        """Oldest first. With `processes` > 1, runs of meetings are synced by that many processes."""
        events = self.readable_events(since)
        if processes > 1:
            events_sync_in_processes(self, events, progress, processes)
            return

        def step(items: int) -> None:
            if progress:
                progress(items)
            self.keep_statistics()

        self.sync_event_list(events, step)

    def keep_statistics(self, *, final: bool = False) -> None:
        """A city's first load grows its rows from nothing while the planner's statistics still say the tables
        (or the city) have none; plans made then scan where they should probe an index, and the foreign-key
        checks of each session are planned once. So the statistics are refreshed as the load grows (items
        created: 200, 2,000, 20,000...), which also makes every session re-plan, and at its end when it has
        grown a good deal since, as autovacuum would later."""
        created = self.report.counted("agenda_item", "created")
        due = sum(1 for threshold in self.ANALYZE_AT if created >= threshold)
        if due > self._analyzed or (final and created >= max(2 * self._analyzed_at, 200)):
            self._analyzed, self._analyzed_at = due, created
            meeting_statistics_refresh()
            vote_statistics_refresh(city_id=self.city.pk)

    def readable_events(self, since: dt.datetime | None) -> Iterator[SourceEvent]:
        for event in self.client.events(since=since):
            event_id = event.get("EventId")
            meeting_date = parse_legistar_date(event.get("EventDate"))
            if not isinstance(event_id, int) or meeting_date is None:
                self.report.skip("meeting", event_id, "missing EventId or a readable EventDate")
                continue
            yield event, meeting_date

    def sync_event_list(self, events: Iterable[SourceEvent], progress: Progress | None) -> None:
        """The next meetings' HTTP runs in the background while this one is written."""
        if self._prefetch is None:
            # One pool for the sync's (or worker process's) whole life: the client keeps a libcurl handle and
            # its open connections per thread, so a pool per run of meetings would leave them open.
            self._prefetch = ThreadPoolExecutor(max_workers=2, thread_name_prefix="legistar-fetch")
        pending: deque[tuple[dict[str, Any], dt.date, Future[Fetched]]] = deque()
        try:
            for event, meeting_date in events:
                fetch = self._prefetch.submit(event_fetch, self.client, event["EventId"], self.context.matters)
                pending.append((event, meeting_date, fetch))
                while len(pending) > self.PREFETCH:
                    self._store_fetched(*pending.popleft(), progress)
            while pending:
                self._store_fetched(*pending.popleft(), progress)
        finally:  # stopped by an error: what was fetched ahead is not wanted, and no fetch outlives the run
            for *_, future in pending:
                future.cancel()
            futures.wait([future for *_, future in pending])

    def _store_fetched(
        self, event: dict[str, Any], meeting_date: dt.date, fetched: Future[Fetched], progress: Progress | None
    ) -> None:
        try:
            answer = fetched.result()
        except LegistarBadResponse as error:
            self.report.skip("meeting", event["EventId"], f"could not read its items: {error}")
            return
        event_store(self.context, event, meeting_date, answer)
        if progress:
            progress(len(answer.items))

    def close(self) -> None:
        if self._prefetch is not None:
            self._prefetch.shutdown(cancel_futures=True)
            self._prefetch = None


def _since(city: City, *, since: dt.date | None, full: bool) -> dt.datetime | None:
    """Where this run starts: a given day, everything, or the watermark minus the look-back."""
    if since is not None:
        return dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    if full or city.legistar_synced_through is None:
        return None
    return city.legistar_synced_through - dt.timedelta(days=settings.LEGISTAR_LOOKBACK_DAYS)


def legistar_sync(
    *,
    city: City,
    since: dt.date | None = None,
    full: bool = False,
    client: LegistarClient | None = None,
    progress: Progress | None = None,
    queue_minutes: bool = True,
    processes: int = 1,
) -> SyncReport:
    """Sync one city. Incremental from the city's watermark (minus a look-back) unless `full` or `since`.

    The watermark moves only when the run met no API failure. Callers outside this package go through
    `legistar.services.legistar_city_sync`, which adds the per-city lock and the steps after a sync.
    """
    if not city.legistar_client and client is None:
        raise ValueError(f"{city.city_key} has no Legistar client name")
    started = timezone.now()
    city.refresh_from_db(fields=["legistar_synced_through"])  # another run may have moved it
    report = SyncReport(city_key=city.city_key)
    log = sync_log_open(city=city, sync_type="legistar", started_at=started)
    own_client = client is None
    client = client or LegistarClient(city.legistar_client)
    sync = LegistarSync(city, client, report, queue_minutes=queue_minutes)
    start = _since(city, since=since, full=full)
    try:
        sync.sync_people()
        sync.read_matters(refetch_stored=start is None)
        if start is not None:  # first: their histories then say where this run's new agenda items were voted on
            sync.sync_changed_matters(since=start)
        sync.sync_events(since=start, progress=progress, processes=processes)
        sync.matters_withdrawn()
        sync.keep_statistics(final=True)
    except LegistarError as error:
        report.error = str(error)
        report.unavailable = isinstance(error, LegistarUnavailable)
    finally:
        sync.close()
        report.requests += client.requests_made  # worker processes added their own
        report.requests_by_kind.update(client.requests_by_kind)
        if own_client:
            client.close()
    report.seconds = (timezone.now() - started).total_seconds()
    processed = report.total("created") + report.total("updated") + report.total("unchanged")
    sync_log_close(
        log=log, error=report.error, counts=report.plain_counts(), skipped=report.skipped, records_processed=processed
    )
    if not report.error:
        city_legistar_watermark_set(city_id=city.pk, synced_through=started)
    logger.info(
        "legistar sync of %s: %s created, %s updated, %s skipped, %s requests in %.1f s%s",
        city.city_key,
        report.total("created"),
        report.total("updated"),
        len(report.skipped),
        report.requests,
        report.seconds,
        f"; stopped: {report.error}" if report.error else "",
    )
    return report
