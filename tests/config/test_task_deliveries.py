"""A task delivered more than TASK_MAX_DELIVERIES times (its runs kept killing their worker) is dropped."""

import pytest
from celery.exceptions import Reject
from django.conf import settings
from django_redis import get_redis_connection

from legistar.tasks import sync_city


def _deliver(task_id: str) -> None:
    sync_city.push_request(id=task_id, is_eager=False)
    try:
        sync_city.before_start(task_id, (), {})
    finally:
        sync_city.pop_request()


def test_a_task_is_dropped_after_its_last_allowed_delivery():
    key = f"{settings.CACHES['locks']['KEY_PREFIX']}:deliveries:task-that-kills"
    get_redis_connection("locks").delete(key)
    for _ in range(settings.TASK_MAX_DELIVERIES):
        _deliver("task-that-kills")
    with pytest.raises(Reject):
        _deliver("task-that-kills")
