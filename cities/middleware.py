"""Requests no view should see, and application errors made into responses: once, for every view.

An `ApplicationError` raised under a view becomes a response in the format of the part of the site that was
asked: pages get the error page, and prefixes registered with `error_format_register` (the JSON API, Open311)
get their own wire format. The JSON API's DRF views answer through `cities.api_base.api_exception_handler`.
A database that went away is a 503 (`server_error`), but a GET or HEAD is first answered again on a new
connection if one succeeds soon (`DatabaseRetryMiddleware`).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import SimpleTemplateResponse
from prometheus_client import Counter

from cities.errors import ApplicationError, InvalidInput, NotFound, RateLimited, Unavailable

logger = logging.getLogger(__name__)

NUL_MESSAGE = "The request contains a NUL character (%00), which no field accepts."
TOO_BIG_MESSAGE = "The request's form data is too large."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

ErrorFormat = Callable[[HttpRequest, ApplicationError], HttpResponse]
_formats: list[tuple[str, ErrorFormat]] = []


def error_format_register(prefix: str, render_error: ErrorFormat) -> None:
    """Answer errors of paths under `prefix` with `render_error` (the URL configuration registers them)."""
    _formats[:] = [entry for entry in _formats if entry[0] != prefix] + [(prefix, render_error)]
    _formats.sort(key=lambda entry: len(entry[0]), reverse=True)


def with_retry_after(response: HttpResponse, error: ApplicationError) -> HttpResponse:
    if isinstance(error, RateLimited | Unavailable):
        response["Retry-After"] = str(error.retry_after)
    return response


def error_page(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """The error page: what went wrong in plain words, and the way back."""
    context = {"error": error, "city": getattr(request, "city", None)}  # set by pages of one city
    response = render(request, "error.html", context, status=error.status)
    return with_retry_after(response, error)


def error_response(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    for prefix, render_error in _formats:
        if request.path.startswith(prefix):
            return render_error(request, error)
    return error_page(request, error)


def _has_nul(request: HttpRequest) -> bool:
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for params in sources
        for key, values in params.lists()
    )


class RequestGuardMiddleware:
    """A NUL in a query or form parameter (PostgreSQL text cannot hold one: the first query to carry it
    would fail with a 500), or form data over DATA_UPLOAD_MAX_MEMORY_SIZE: a 400 in the caller's format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            if _has_nul(request):
                return error_response(request, InvalidInput(NUL_MESSAGE, code="nul_character"))
        except RequestDataTooBig:
            return error_response(request, InvalidInput(TOO_BIG_MESSAGE, code="too_big"))
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """Turns an ApplicationError raised by a view into its response (views never catch them one by one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            return error_response(request, exception)
        return None


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an unknown address gets the same error page (or format) as a NotFound raised by a view."""
    return error_response(request, NotFound("We can't find that page. The address may be mistyped or out of date."))


DATABASE_AWAY_MESSAGE = "The database is busy or restarting. Please try again in a few seconds."


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database that refused, dropped the connection or cancelled a statement past its timeout
    (PostgreSQL restarting or failing over, a statement past its timeout: psycopg's QueryCanceled is an
    OperationalError) is a 503 with Retry-After in the
    caller's format: the request was fine and will work again. Anything else is a bug: the plain 500 page,
    which needs no database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = error_response(request, Unavailable(DATABASE_AWAY_MESSAGE, code="database_unavailable"))
        lost = _connection_lost.get()
        if lost is not None and connection_lost(error):
            lost.append(response)
        return response
    return SimpleTemplateResponse("500.html", status=500).render()


def connection_lost(error: BaseException) -> bool:
    """The database went away under the request: a connection refused or dropped (no SQLSTATE), a connection
    exception (class 08, as PgBouncer reports a lost server) or a server shutting down or starting up (57P).
    Not a statement the server cancelled at its timeout (57014): asking again would take as long again."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(("08", "57P"))


# The 503s answered for a lost connection while the request ran (the replica's own retry may have answered
# one of them again already).
_connection_lost: ContextVar[list[HttpResponse] | None] = ContextVar("cityvotes_connection_lost", default=None)
RETRIED = Counter(
    "cityvotes_database_retried_requests_total",
    "GET and HEAD requests answered again on a new connection after the database went away under them.",
)


class DatabaseRetryMiddleware:
    """A GET or HEAD whose database went away under it (PostgreSQL restarting or failing over) is answered
    again, once, as soon as a new connection succeeds within DATABASE_RETRY_SECONDS: across a restart a reader
    gets the page rather than a 503. Any other method gets the 503 at once, since its write may or may not
    have happened."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or settings.DATABASE_RETRY_SECONDS <= 0:
            return self.get_response(request)
        lost: list[HttpResponse] = []
        token = _connection_lost.set(lost)
        try:
            response = self.get_response(request)
        finally:
            _connection_lost.reset(token)
        answered_lost = any(answer is response for answer in lost)
        if not (answered_lost and _database_back(settings.DATABASE_RETRY_SECONDS)):
            return response
        logger.warning("the database went away under %s; answered again on a new connection", request.path)
        RETRIED.inc()
        return self.get_response(request)


def _database_back(seconds: float) -> bool:
    """Whether a new connection to the primary succeeds within `seconds`, trying every tenth of a second."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(DatabaseError):
            wrapper.close()
        try:
            wrapper.ensure_connection()
            return True
        except DatabaseError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
