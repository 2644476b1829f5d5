"""GET /metrics: Prometheus metrics of every web and Celery process of this machine.

Request latency per view and status counts come from django-prometheus's middleware, cache hits from the
page cache's backend, query times from `cities.request_stats`, task durations and failures from Celery's
signals (config.celery). When `PROMETHEUS_MULTIPROC_DIR` is set (the Procfile and the systemd units set
it), each process writes its samples there and any web worker answers for all of them. The gauges below
are read from the database at scrape time. Only addresses in METRICS_ALLOWED_NETWORKS may read it: it
names cities' sync health and the deployment's shape, nothing private, but nothing for the public.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from cities.clients import client_address
from cities.partitions import partition_months_ahead
from cities.replica import replica_configured, replica_lag_seconds
from cities.selectors import last_successful_syncs
from meetings.selectors.minutes import minutes_backlog


class DatabaseCollector:
    """Gauges that only the database knows: how fresh each city's data is, the minutes waiting to be
    read, how far ahead the monthly partitions reach, and how far behind the read replica is."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        freshness = GaugeMetricFamily(
            "cityvotes_sync_age_seconds", "Seconds since the last successful sync, per city and source.",
            labels=["city", "sync_type"],
        )  # fmt: skip
        for city_key, sync_type, completed_at in last_successful_syncs():
            assert completed_at is not None  # the selector reads finished runs only
            freshness.add_metric([city_key, sync_type], (now - completed_at).total_seconds())
        yield freshness
        yield GaugeMetricFamily(
            "cityvotes_minutes_backlog_documents", "Minutes documents waiting to be read.", value=minutes_backlog()
        )
        horizon = GaugeMetricFamily(
            "cityvotes_partition_months_ahead", "Months past the current one with a partition, per table.",
            labels=["table"],
        )  # fmt: skip
        for table, months in partition_months_ahead().items():
            horizon.add_metric([table], months)
        yield horizon
        if replica_configured():
            lag = replica_lag_seconds()
            yield GaugeMetricFamily("cityvotes_replica_up", "Whether the read replica answers.", value=lag is not None)
            if lag is not None:
                yield GaugeMetricFamily(
                    "cityvotes_replica_lag_seconds", "How far the read replica is behind the primary.", value=lag
                )


def metrics_allowed(request: HttpRequest) -> bool:
    address = ipaddress.ip_address(client_address(request))
    return any(address in ipaddress.ip_network(network) for network in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        raise Http404  # not there, as far as the internet is concerned
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY  # one process: its own metrics
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return HttpResponse(generate_latest(processes) + generate_latest(database), content_type=CONTENT_TYPE_LATEST)
