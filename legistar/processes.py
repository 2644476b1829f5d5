"""A long first load split between forked worker processes, a run of meetings at a time.

A history's first load is CPU-bound in one process (HTTP, JSON, building rows): runs of meetings go to
worker processes, a few runs in flight so memory stays flat. Each meeting is still one transaction, and
the watermark moves only when the whole sync succeeded. Each worker keeps its own polite request interval.
A matter named on agendas in several workers' runs is read by one of them (`SharedMatterReads`).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from multiprocessing.managers import SyncManager
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING, Any

from django.db import connection, connections

from cities.forks import forget_inherited_connections
from cities.models import City
from cities.services.council import source_bodies, source_members
from legistar.client import LegistarClient, LegistarError, LegistarUnavailable
from legistar.matters import SharedReads, Steps
from legistar.report import SyncReport
from meetings.models import Matter
from meetings.services.matters import matter_links_refresh

if TYPE_CHECKING:
    from legistar.sync import LegistarSync, Progress, SourceEvent

EVENTS_PER_TASK = 25


class SharedMatterReads:
    """Lives in a manager process; every worker of the run asks it through a proxy. A matter is taken by
    the first worker that names it; another that meets it on its own agendas waits for the history the
    first one read (it can decide where a roll call is) instead of reading the matter again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: dict[int, threading.Event] = {}
        self._steps: dict[int, Steps] = {}

    def take(self, matter_ids: list[int]) -> list[int]:
        with self._lock:
            mine = [m for m in matter_ids if m not in self._read]
            for matter_id in mine:
                self._read[matter_id] = threading.Event()
            return mine

    def publish(self, matter_id: int, steps: Steps | None) -> None:
        """The matter is read (its history, when there was one to read)."""
        if steps is not None:
            self._steps[matter_id] = steps
        self._read[matter_id].set()

    def steps(self, matter_id: int, timeout: float) -> Steps | None:
        """The history the taking worker read, once it has; None when it had none to read."""
        read = self._read.get(matter_id)
        if read is not None:
            read.wait(timeout)
        return self._steps.get(matter_id)


class _ReadsManager(SyncManager):
    pass


_ReadsManager.register("SharedMatterReads", SharedMatterReads)

_worker: dict[str, LegistarSync] = {}  # this worker process's sync, made by the pool's initializer


def _worker_start(
    sync_class: type[LegistarSync],
    city_id: int,
    client: LegistarClient,
    queue_minutes: bool,
    refetch: bool,
    processes: int,
    steps: dict[int, Any],
    shared: SharedReads,
) -> None:
    forget_inherited_connections()
    city = City.objects.get(pk=city_id)
    sync = sync_class(
        city, client.copy(share_of=processes), SyncReport(city_key=city.city_key), queue_minutes=queue_minutes
    )
    sync.context.members = source_members(city=city)
    sync.context.bodies = source_bodies(city=city)
    sync.read_matters(refetch_stored=refetch)
    assert sync.context.matters is not None
    sync.context.matters.steps.update(steps)  # the histories the parent read before the meetings
    sync.context.matters.shared = shared
    _worker["sync"] = sync


def _worker_sync(events: list[SourceEvent]) -> dict[str, Any]:
    """Sync a run of meetings in a worker; returns what it counted (the requests made for them) and the
    stored matters the source no longer publishes."""
    sync = _worker["sync"]
    report = SyncReport(city_key=sync.city.city_key)
    sync.use_report(report)
    requests_before, kinds_before, items = sync.client.requests_made, Counter(sync.client.requests_by_kind), [0]
    try:
        sync.sync_event_list(events, lambda n: items.__setitem__(0, items[0] + n))
    except LegistarError as error:
        report.error, report.unavailable = str(error), isinstance(error, LegistarUnavailable)
    report.requests = sync.client.requests_made - requests_before
    report.requests_by_kind = sync.client.requests_by_kind - kinds_before
    withdrawn = sync.context.matters.withdrawn if sync.context.matters is not None else []
    parts = {**report.as_parts(), "items": items[0], "withdrawn": list(withdrawn)}
    withdrawn.clear()
    return parts


def _batched(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    run: list[Any] = []
    for entry in iterable:
        run.append(entry)
        if len(run) == size:
            yield run
            run = []
    if run:
        yield run


def events_sync_in_processes(
    sync: LegistarSync, events: Iterator[SourceEvent], progress: Progress | None, processes: int
) -> None:
    """Hand runs of `events` to `processes` forked workers and merge what they counted into `sync`'s report."""
    if connection.in_atomic_block:
        raise RuntimeError("a sync with several processes cannot run inside a transaction")
    connections.close_all()  # the workers open their own

    def merge(parts: dict[str, Any]) -> None:
        sync.report.merge(parts)
        if sync.context.matters is not None:
            sync.context.matters.withdrawn.extend(parts["withdrawn"])
        if progress:
            progress(parts["items"])
        sync.keep_statistics()

    context = multiprocessing.get_context("fork")
    refetch = sync.context.matters.refetch_stored if sync.context.matters is not None else True
    steps = sync.context.matters.steps if sync.context.matters is not None else {}
    with _ReadsManager(address=("127.0.0.1", 0), ctx=context) as manager:  # loopback, authenticated
        shared = manager.SharedMatterReads()  # type: ignore[attr-defined]
        initargs = (type(sync), sync.city.pk, sync.client, sync.queue_minutes, refetch, processes, steps, shared)
        with context.Pool(processes, initializer=_worker_start, initargs=initargs) as pool:
            in_flight: deque[AsyncResult[dict[str, Any]]] = deque()
            for run in _batched(events, EVENTS_PER_TASK):
                in_flight.append(pool.apply_async(_worker_sync, (run,)))
                while len(in_flight) >= 2 * processes:
                    merge(in_flight.popleft().get())
                if sync.report.error:
                    break
            while in_flight:
                merge(in_flight.popleft().get())
    _links_refresh(city_id=sync.city.pk)


def _links_refresh(*, city_id: int) -> None:
    """Workers commit side by side: one's meeting and another's matter that names it can each be written
    before the other is visible, and neither write links them. Once all are committed, every link is made."""
    matter_ids = list(Matter.objects.filter(city_id=city_id).values_list("id", flat=True))
    if matter_ids:
        matter_links_refresh(city_id=city_id, matter_ids=matter_ids)
