"""The Celery app: Redis broker, JSON only, late acks (settings under CELERY_ in Django settings).

Late acks with reject-on-worker-lost put a task whose worker process died (out of memory, a deploy) back in
the queue at once, so a killed run is run again and continues where its writes stopped. A task that keeps
killing its worker would come back forever: every task counts its deliveries, and one delivered more than
`TASK_MAX_DELIVERIES` times is dropped with an error in the log instead.
"""

import time
from contextvars import Token
from typing import Any

from celery import Celery, Task
from celery.exceptions import Reject
from celery.signals import task_postrun, task_prerun
from celery.utils.log import get_task_logger
from prometheus_client import Histogram

from cities.request_stats import RequestStats, current_stats
from config.env import settings_module_default

settings_module_default()

logger = get_task_logger(__name__)


class CountedTask(Task):
    def before_start(self, task_id: str, args: Any, kwargs: Any) -> None:
        from django.conf import settings
        from django_redis import get_redis_connection  # type: ignore[import-untyped]

        if not task_id or self.request.is_eager:
            return
        redis = get_redis_connection("locks")
        key = f"{settings.CACHES['locks']['KEY_PREFIX']}:deliveries:{task_id}"
        deliveries = redis.incr(key)
        redis.expire(key, 24 * 3600)
        if deliveries > settings.TASK_MAX_DELIVERIES:
            logger.error("task %s %s dropped: delivered %s times (its runs kept dying)", self.name, task_id, deliveries)
            raise Reject(f"delivered {deliveries} times", requeue=False)


app = Celery("cityvotes", task_cls=CountedTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


TASK_SECONDS = Histogram(
    "cityvotes_celery_task_seconds", "Run time of Celery tasks, by task and final state (SUCCESS, FAILURE, ...).",
    ["task", "state"], buckets=(0.05, 0.25, 1, 5, 15, 60, 300, 900, 1800, 3600),
)  # fmt: skip
_task_started: dict[str, tuple[float, Token[RequestStats | None]]] = {}


@task_prerun.connect
def _task_start(task_id: str, **_: Any) -> None:
    """The task's id stands for a request id in its log lines."""
    _task_started[task_id] = (time.perf_counter(), current_stats.set(RequestStats(request_id=task_id)))


@task_postrun.connect
def _task_end(task_id: str, task: Task, state: str | None = None, **_: Any) -> None:
    started = _task_started.pop(task_id, None)
    if started is None:
        return
    TASK_SECONDS.labels(task.name, state or "UNKNOWN").observe(time.perf_counter() - started[0])
    current_stats.reset(started[1])
