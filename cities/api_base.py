"""JSON API building blocks every app's API uses: key-or-address throttles, cursor pages, strict filters,
one city per list, and the one error shape (`{"error": {"code", "message"}}`) for every API failure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django_filters import rest_framework as filters
from rest_framework import exceptions, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from cities.cache import rate_count
from cities.clients import client_address
from cities.errors import ApplicationError, InvalidInput, RateLimited
from cities.middleware import with_retry_after
from cities.models import City
from cities.selectors import api_key_active, city_by_key

API_KEY_HEADER = "X-Api-Key"


class CountingThrottle(SimpleRateThrottle):
    """DRF's rate throttle, counted in a fixed window with one Redis call (cities.cache.rate_count, as every
    other limit is) instead of a list of every request's time read and written whole on each request. Like
    the other limits it lets requests through while Redis cannot count."""

    num_requests: int | None
    duration: int | None

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.num_requests is None or self.duration is None:  # no rate set
            return True
        bucket = self.get_cache_key(request, view)
        if bucket is None:
            return True
        count = rate_count(bucket, self.duration)
        return count is None or count <= self.num_requests

    def wait(self) -> float:
        return float(self.duration or 0)  # at most: the window started at the first request counted in it


class ApiKeyThrottle(CountingThrottle):
    """Per key, at the key's own rate; requests without a valid key fall to the per-address throttle."""

    scope = "api_key"

    def allow_request(self, request: Request, view: APIView) -> bool:
        key = api_key_active(plain=request.headers.get(API_KEY_HEADER, ""))
        if key is None:
            return True
        request.api_key = key  # type: ignore[attr-defined]
        self.rate = f"{key.requests_per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.api_key.pk}

    def get_rate(self) -> str:
        return "120/min"  # replaced per key in allow_request


class PerIpThrottle(CountingThrottle):
    """Clients without a key, per address (keyed clients are limited by ApiKeyThrottle instead)."""

    scope = "per_ip"

    def get_rate(self) -> str:
        return settings.API_RATE_PER_IP

    def allow_request(self, request: Request, view: APIView) -> bool:
        if getattr(request, "api_key", None) is not None:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


API_THROTTLES = [ApiKeyThrottle, PerIpThrottle]


class NewestFirst(CursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering: str | tuple[str, ...] = "-id"

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: APIView | None = None) -> Any:
        """DRF cursors are not signed: a forged one is a 404 or, with a position of the wrong type, an error
        deep in the query. Both are the client's mistake: 400 with a message."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except (exceptions.NotFound, ValueError, TypeError, DjangoValidationError) as error:
            message = "This cursor is not valid. Start again without it."
            raise InvalidInput(message, code="bad_cursor", fields={"cursor": [message]}) from error


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0): anything else is the client's mistake, not "no filter" as django-filter
    reads it (?split=yes answered the unfiltered list)."""

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]  # NullBooleanField's own
        if value in (None, ""):
            return None
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")

    def validate(self, value: Any) -> None:
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput)  # the raw value: django-filter's widget maps unknown ones to None
        super().__init__(*args, **kwargs)


class ApiFilterSet(filters.FilterSet):
    """The API's filters: booleans are strict (see StrictBooleanField)."""

    FILTER_DEFAULTS = {**filters.FilterSet.FILTER_DEFAULTS, models.BooleanField: {"filter_class": StrictBooleanFilter}}


class MeetingDateRangeFilter(ApiFilterSet):
    """`date_from` / `date_to` on meeting_date, shared by the lists that carry it."""

    date_from = filters.DateFilter(field_name="meeting_date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="meeting_date", lookup_expr="lte")


class CityScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists under /api/cities/<city_key>/...: one city at a time, so every query carries city_id."""

    pagination_class = NewestFirst
    filter_backends = [filters.DjangoFilterBackend]
    throttle_classes = API_THROTTLES

    model: type[models.Model]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no city
            return self.model._default_manager.none()
        return self.city_queryset(self.city())

    def city_queryset(self, city: City) -> QuerySet[Any]:
        """The model's rows of this city (every list table carries city_id); override to add joins."""
        return self.model._default_manager.filter(city_id=city.pk)

    def city(self) -> City:
        if not hasattr(self, "_city"):
            self._city = city_by_key(city_key=self.kwargs["city_key"])
        return self._city


def _api_error(exc: Exception) -> ApplicationError | None:
    """DRF's own exceptions in the application's terms (same code and message for every API failure)."""
    if isinstance(exc, ApplicationError):
        return exc
    if isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)
        return RateLimited("Too many requests: slow down and try again.", retry_after=int(wait or 60))
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"request": exc.detail}
        fields = {name: [str(e) for e in (errors if isinstance(errors, list) else [errors])]
                  for name, errors in detail.items()}  # fmt: skip
        text = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in fields.items())
        return InvalidInput(f"Some parameters are not valid ({text}).", fields=fields)
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        return ApplicationError(str(exc.detail), code=codes if isinstance(codes, str) else None, status=exc.status_code)
    return None


def api_error_response(request: HttpRequest, error: ApplicationError) -> JsonResponse:
    """The API's error body outside DRF's views (registered for /api/ with the middleware)."""
    return with_retry_after(JsonResponse({"error": error.as_dict()}, status=error.status), error)  # type: ignore[return-value]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every API error as {"error": {"code", "message"}}."""
    error = _api_error(exc)
    if error is None:
        return None  # a bug: Django's 500 handling
    response = Response({"error": error.as_dict()}, status=error.status)
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response
