"""The web's request metrics: django-prometheus's, fewer of them.

django-prometheus's middleware records a dozen series for every request (by method, by transport, by view,
by template, by charset, body sizes ...). With PROMETHEUS_MULTIPROC_DIR set, as it is wherever the portal
runs, each one is a write to the shared metrics files under a lock, on every request, and together they
were a large share of what a page answered from the cache costs. This keeps the series /metrics is read
for: request latency per view and method, responses per status, and exceptions per type and view, under
django-prometheus's own names.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django_prometheus.middleware import PrometheusAfterMiddleware  # type: ignore[import-untyped]
from django_prometheus.utils import Time, TimeSince  # type: ignore[import-untyped]


class RequestMetricsMiddleware(PrometheusAfterMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        request.prometheus_after_middleware_event = Time()  # type: ignore[attr-defined]

    def process_view(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None

    def process_template_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        return response

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        self.metrics.responses_by_status.labels(status=str(response.status_code)).inc()
        started = getattr(request, "prometheus_after_middleware_event", None)
        if started is None:  # a middleware above answered before this one saw the request
            self.metrics.requests_unknown_latency.inc()
        else:
            latency = self.metrics.requests_latency_by_view_method
            latency.labels(view=self._get_view_name(request), method=self._method(request)).observe(TimeSince(started))
        return response
