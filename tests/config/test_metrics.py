import datetime as dt

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from cities.models import DataSyncLog
from cities.tasks import maintain_partitions
from meetings.models import MinutesDocument
from tests.factories.cities import CityFactory, DataSyncLogFactory
from tests.factories.meetings import MinutesDocumentFactory

pytestmark = pytest.mark.django_db(databases="__all__")  # the read replica too, when there is one


def samples(response) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of a /metrics answer, parsed as Prometheus would."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_metrics_are_not_there_for_an_address_outside_the_allowed_networks(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_metrics_count_requests_per_view_and_status(client):
    client.get("/healthz")
    values = samples(client.get("/metrics"))
    assert values[("django_http_requests_latency_seconds_by_view_method_count",
                   (("method", "GET"), ("view", "healthz")))] >= 1  # fmt: skip
    assert values[("django_http_responses_total_by_status_total", (("status", "200"),))] >= 1


def test_metrics_say_how_long_ago_each_city_last_synced(client):
    city = CityFactory(city_key="springfield")
    DataSyncLogFactory(
        city=city, status=DataSyncLog.Status.SUCCESS, completed_at=timezone.now() - dt.timedelta(hours=2)
    )
    DataSyncLogFactory(city=city, status=DataSyncLog.Status.FAILED, completed_at=timezone.now())
    age = samples(client.get("/metrics"))[("cityvotes_sync_age_seconds",
                                           (("city", "springfield"), ("sync_type", "legistar")))]  # fmt: skip
    assert 7190 < age < 7300  # the failed run after it does not count as fresh


def test_metrics_count_the_minutes_waiting_to_be_read(client):
    MinutesDocumentFactory.create_batch(2, status=MinutesDocument.Status.PENDING)
    MinutesDocumentFactory(status=MinutesDocument.Status.INGESTED)
    assert samples(client.get("/metrics"))[("cityvotes_minutes_backlog_documents", ())] == 2


def test_metrics_say_how_many_months_ahead_the_partitions_reach(client, settings):
    maintain_partitions()
    months = samples(client.get("/metrics"))[("cityvotes_partition_months_ahead", (("table", "meetings_meetingpage"),))]
    assert months == settings.PARTITION_MONTHS_AHEAD


def test_metrics_time_celery_tasks_by_name_and_state(client):
    key = ("cityvotes_celery_task_seconds_count", (("state", "SUCCESS"), ("task", "cities.maintain_partitions")))
    before = samples(client.get("/metrics")).get(key, 0)
    maintain_partitions.apply()
    assert samples(client.get("/metrics"))[key] == before + 1


def test_metrics_time_each_query_of_a_request(client):
    before = samples(client.get("/metrics"))[("cityvotes_db_query_seconds_count", ())]
    client.get("/readyz")  # runs SELECT 1 and more
    assert samples(client.get("/metrics"))[("cityvotes_db_query_seconds_count", ())] > before


def test_metrics_count_failed_responses_by_status(client):
    client.get("/no-such-page/")
    assert samples(client.get("/metrics"))[("django_http_responses_total_by_status_total", (("status", "404"),))] >= 1
