"""Every request gets an id (the proxy's `X-Request-ID` when it sent a sane one, else a new one), echoed in
the response and written in every log line under it; a request slower than `SLOW_REQUEST_MS` leaves one
line saying where its time went."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack

from django.conf import settings
from django.core.signals import request_finished
from django.db import connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from cities.request_stats import RequestStats, current_stats, sql_timed

logger = logging.getLogger("cityvotes.requests")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_of(request: HttpRequest) -> str:
    """The id nginx (`proxy_set_header X-Request-ID $request_id`) gave the request, so its log and ours
    join up; anything else a client sent is replaced rather than written into the log."""
    sent = request.headers.get("X-Request-ID", "")
    return sent if REQUEST_ID.match(sent) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        stats = RequestStats(request_id=request_id_of(request))
        current_stats.set(stats)  # until the response is closed: Django logs 4xx and 5xx after the middleware
        started = time.perf_counter()
        with _sql_counted():
            response = self.get_response(request)
        response["X-Request-ID"] = stats.request_id
        total_ms = (time.perf_counter() - started) * 1000
        if total_ms >= settings.SLOW_REQUEST_MS:
            _log_slow(request, response, stats, total_ms)
        return response


@receiver(request_finished)
def _request_stats_clear(**_: object) -> None:
    current_stats.set(None)


def _sql_counted() -> ExitStack:
    """connection.execute_wrapper on every database alias for the block."""
    stack = ExitStack()
    for alias in connections:
        stack.enter_context(connections[alias].execute_wrapper(sql_timed))
    return stack


def _log_slow(request: HttpRequest, response: HttpResponse, stats: RequestStats, total_ms: float) -> None:
    match = request.resolver_match
    route = match.route if match is not None else "-"  # the pattern, not the path: no ids or queries
    logger.warning(
        "slow request %s %s status=%s total_ms=%.1f sql_count=%d sql_ms=%.1f cache_hits=%d cache_misses=%d",
        request.method,
        route,
        response.status_code,
        total_ms,
        stats.sql_count,
        stats.sql_ms,
        stats.cache_hits,
        stats.cache_misses,
    )
