"""How the Legistar client talks to the API: paging past the 1,000-row cap, retries with backoff, a polite
interval, several requests in flight from one thread. The endpoints are legistar.client.

Traps handled here (see shared/design/LEGISTAR-NOTES.md):
- replies are capped at 1,000 rows: page with $top/$skip until a short page, de-duplicating by id;
- `GET /eventitems/{id}/votes` answers HTTP 500 when the item had no roll call: that is "no votes",
  not an outage, so it is neither retried nor fatal (other 500s are retried).

pycurl (libcurl) here: a first load makes one request per agenda item, and a request costs about
0.09 ms of this process's CPU against 0.29 ms with urllib3 and 0.47 ms with httpx (measured against
the replay); libcurl also releases the GIL for the whole exchange, so the fetch threads overlap.
"""

from __future__ import annotations

import functools
import io
import json
import select
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, Self
from urllib.parse import urlencode

import pycurl
from django.conf import settings

PAGE_SIZE = 1000
RETRY_STATUSES = {429, 500, 502, 503, 504}


def request_kind(path: str) -> str:
    """What a request asks for, without its ids: 'matters/123/histories' -> 'matters/{id}/histories'."""
    return "/".join("{id}" if part.isdigit() else part for part in path.split("?")[0].strip("/").split("/"))


class LegistarError(Exception):
    """The API could not give a usable answer."""


class LegistarUnavailable(LegistarError):
    """Transient: timeouts, 429 and 5xx after the bounded retries. Worth retrying later."""


class LegistarBadResponse(LegistarError):
    """Permanent for this request: malformed JSON, an unexpected shape, a 4xx."""


class LegistarNotFound(LegistarBadResponse):
    """HTTP 404: the source does not publish this (any more)."""


class LegistarTransport:
    """Connections, retries and paging for one Legistar client name (a city)."""

    def __init__(
        self,
        client_name: str,
        *,
        api_root: str | None = None,
        timeout: float | None = None,
        max_attempts: int | None = None,
        backoff_seconds: float | None = None,
        min_interval_seconds: float | None = None,
    ) -> None:
        self.client_name = client_name
        self.api_root = (api_root or settings.LEGISTAR_API_ROOT).rstrip("/")
        self.max_attempts = max_attempts or settings.LEGISTAR_MAX_ATTEMPTS
        self.backoff_seconds = settings.LEGISTAR_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
        self.min_interval = (
            settings.LEGISTAR_MIN_INTERVAL_SECONDS if min_interval_seconds is None else (min_interval_seconds)
        )
        self._last_request = 0.0
        self._pace = threading.Lock()  # the polite interval holds across threads
        self.requests_made = 0
        self.requests_by_kind: Counter[str] = Counter()  # "matters/{id}/histories": n
        self.timeout = timeout or settings.LEGISTAR_TIMEOUT_SECONDS
        self._headers = [f"User-Agent: {settings.LEGISTAR_USER_AGENT}", "Accept: application/json"]
        self._local = threading.local()  # a libcurl handle (and its kept-alive connection) per thread
        self._handles: list[pycurl.Curl] = []
        self._multis: list[pycurl.CurlMulti] = []
        self._handles_lock = threading.Lock()

    def copy(self, *, share_of: int = 1) -> Self:
        """A new client with the same settings and its own connections, for one of `share_of` processes: the
        polite interval is stretched so that together they ask no faster than this client would."""
        return type(self)(
            self.client_name,
            api_root=self.api_root,
            timeout=self.timeout,
            max_attempts=self.max_attempts,
            backoff_seconds=self.backoff_seconds,
            min_interval_seconds=self.min_interval * share_of,
        )

    def close(self) -> None:
        with self._handles_lock:
            for multi in self._multis:
                multi.close()
            for handle in self._handles:
                handle.close()
            self._handles.clear()
            self._multis.clear()
        self._local = threading.local()  # per thread: a libcurl handle, a multi handle and its handles

    def _handle(self) -> pycurl.Curl:
        handle = getattr(self._local, "handle", None)
        if handle is None:
            handle = self._local.handle = self._new_handle()
        return handle

    def _new_handle(self) -> pycurl.Curl:
        handle = pycurl.Curl()
        handle.setopt(pycurl.HTTPHEADER, self._headers)
        handle.setopt(pycurl.NOSIGNAL, 1)  # timeouts without signals: safe in threads
        handle.setopt(pycurl.TIMEOUT_MS, int(self.timeout * 1000))
        handle.setopt(pycurl.FOLLOWLOCATION, 0)
        handle.setopt(pycurl.PROTOCOLS, pycurl.PROTO_HTTP | pycurl.PROTO_HTTPS)
        with self._handles_lock:
            self._handles.append(handle)
        return handle

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transport ------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.api_root}/{self.client_name}/{path.lstrip('/')}"

    def _get(
        self, path: str, params: dict[str, Any] | None = None, *, no_votes_500: bool = False, first_attempt: int = 1
    ) -> Any:
        url = f"{self._url(path)}?{urlencode(params)}" if params else self._url(path)
        problem: str = "no attempt left"
        cause: Exception = LegistarUnavailable(url)
        for attempt in range(first_attempt, self.max_attempts + 1):
            with self._pace:
                wait = self._last_request + self.min_interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                self._last_request = time.monotonic()
                self.requests_made += 1
                self.requests_by_kind[request_kind(path)] += 1
            handle, body, headers = self._prepare(self._handle(), url)
            try:
                handle.perform()
            except pycurl.error as error:
                problem, cause, retry_after = self._failed(error, url)
            else:
                outcome = self._answered(handle, url, body, headers, no_votes_500=no_votes_500)
                if not isinstance(outcome, _Retry):
                    return outcome
                problem, cause, retry_after = outcome
            if attempt < self.max_attempts:
                time.sleep(max(retry_after, self.backoff_seconds * 2 ** (attempt - 1)))
        raise LegistarUnavailable(f"{url}: {problem} (gave up after {self.max_attempts} attempts)") from cause

    @staticmethod
    def _prepare(handle: pycurl.Curl, url: str) -> tuple[pycurl.Curl, io.BytesIO, io.BytesIO]:
        """The handle set to fetch `url`; the answer's body is kept up to LEGISTAR_MAX_RESPONSE_BYTES, past
        which the transfer stops (a write error: see _failed)."""
        body, headers = io.BytesIO(), io.BytesIO()
        limit = settings.LEGISTAR_MAX_RESPONSE_BYTES

        def write(chunk: bytes) -> int | None:
            if body.tell() + len(chunk) > limit:
                return 0  # fewer bytes taken than given: libcurl aborts with E_WRITE_ERROR
            body.write(chunk)
            return None

        handle.setopt(pycurl.URL, url)
        handle.setopt(pycurl.WRITEFUNCTION, write)
        handle.setopt(pycurl.HEADERFUNCTION, headers.write)
        return handle, body, headers

    def _failed(self, error: pycurl.error, url: str = "") -> _Retry:
        """A transfer that failed: retried later, except an answer over the size limit, which would be as
        large again (LegistarBadResponse: that part is skipped with the reason)."""
        code = error.args[0] if error.args else None
        if code == pycurl.E_WRITE_ERROR:
            limit = settings.LEGISTAR_MAX_RESPONSE_BYTES
            raise LegistarBadResponse(f"{url}: the answer is larger than {limit:,} bytes (LEGISTAR_MAX_RESPONSE_BYTES)")
        problem = (
            f"timeout after {self.timeout}s" if code == pycurl.E_OPERATION_TIMEDOUT else (f"connection error: {error}")
        )
        return _Retry(problem, error, 0.0)

    @staticmethod
    def _answered(handle: pycurl.Curl, url: str, body: io.BytesIO, headers: io.BytesIO, *, no_votes_500: bool) -> Any:
        """The parsed answer, or a _Retry when the status says try again later."""
        status = handle.getinfo(pycurl.RESPONSE_CODE)
        if status == 500 and no_votes_500:
            return []
        if status in RETRY_STATUSES:
            return _Retry(
                f"HTTP {status}",
                LegistarUnavailable(url),
                _retry_after_seconds(_header(headers.getvalue(), b"retry-after")),
            )
        if status == 404:
            raise LegistarNotFound(f"{url}: HTTP 404")
        if status >= 400:
            raise LegistarBadResponse(f"{url}: HTTP {status}")
        try:
            return json.loads(body.getvalue())
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise LegistarBadResponse(f"{url}: malformed JSON ({error})") from error

    def _get_many(self, paths: list[str], *, no_votes_500: bool = False, errors_in_place: bool = False) -> list[Any]:
        """Several GETs in flight at once from this one thread (libcurl's multi interface, up to
        LEGISTAR_CONCURRENCY): a first load's roll calls are one request per item, and threads cost
        more CPU than the requests. A request whose first answer says "try again" (timeout, connection
        error, 429/5xx) continues with the ordinary retries. With a polite interval set, one at a time.
        With `errors_in_place`, a path that fails after its retries gives its LegistarError in its place
        instead of failing the lot."""
        if self.min_interval > 0 or len(paths) < 2:
            return [self._answer_of(path, 1, no_votes_500, errors_in_place) for path in paths]
        results, retries = self._transfer_together(paths, no_votes_500=no_votes_500, errors_in_place=errors_in_place)
        for index, (problem, cause, retry_after) in retries:
            if self.max_attempts < 2:
                url = self._url(paths[index])
                error = LegistarUnavailable(f"{url}: {problem} (gave up after {self.max_attempts} attempts)")
                if not errors_in_place:
                    raise error from cause
                results[index] = error
                continue
            time.sleep(max(retry_after, self.backoff_seconds))
            results[index] = self._answer_of(paths[index], 2, no_votes_500, errors_in_place)
        return results

    def _answer_of(self, path: str, first_attempt: int, no_votes_500: bool, errors_in_place: bool) -> Any:
        try:
            return self._get(path, no_votes_500=no_votes_500, first_attempt=first_attempt)
        except LegistarError as error:
            if not errors_in_place:
                raise
            return error

    def _multi(self) -> tuple[pycurl.CurlMulti, list[pycurl.Curl]]:
        """This thread's multi handle and its spare easy handles (kept-alive connections)."""
        multi: pycurl.CurlMulti | None = getattr(self._local, "multi", None)
        if multi is None:
            multi = self._local.multi = pycurl.CurlMulti()
            self._local.spare = []
            with self._handles_lock:
                self._multis.append(multi)
        return multi, self._local.spare

    def _transfer_together(
        self, paths: list[str], *, no_votes_500: bool, errors_in_place: bool
    ) -> tuple[list[Any], list[tuple[int, _Retry]]]:
        """One attempt at each path, LEGISTAR_CONCURRENCY at a time: the answers by position, and the
        positions whose answer said "try again"."""
        multi, spare = self._multi()
        results: list[Any] = [None] * len(paths)
        retries: list[tuple[int, _Retry]] = []
        waiting = list(enumerate(paths))[::-1]
        active: dict[pycurl.Curl, tuple[int, str, io.BytesIO, io.BytesIO]] = {}

        def release(handle: pycurl.Curl) -> tuple[int, str, io.BytesIO, io.BytesIO]:
            multi.remove_handle(handle)
            spare.append(handle)
            return active.pop(handle)

        settle = functools.partial(self._settle, results=results, retries=retries, errors_in_place=errors_in_place)
        try:
            while waiting or active:
                while waiting and len(active) < max(1, settings.LEGISTAR_CONCURRENCY):
                    index, path = waiting.pop()
                    url = self._url(path)
                    handle, body, headers = self._prepare(spare.pop() if spare else self._new_handle(), url)
                    with self._pace:
                        self.requests_made += 1
                        self.requests_by_kind[request_kind(path)] += 1
                    multi.add_handle(handle)
                    active[handle] = (index, url, body, headers)
                while multi.perform()[0] == pycurl.E_CALL_MULTI_PERFORM:
                    pass
                _, done, failed = multi.info_read()
                for handle in done:
                    index, url, body, headers = release(handle)
                    settle(
                        index, functools.partial(self._answered, handle, url, body, headers, no_votes_500=no_votes_500)
                    )
                for handle, errno, message in failed:
                    index, url, *_ = release(handle)
                    settle(index, functools.partial(self._failed, pycurl.error(errno, message), url))
                if active and not done and not failed:
                    _wait(multi)
        finally:
            for handle in list(active):
                release(handle)
        return results, retries

    @staticmethod
    def _settle(
        index: int,
        outcome_of: Callable[[], Any],
        *,
        results: list[Any],
        retries: list[tuple[int, _Retry]],
        errors_in_place: bool,
    ) -> None:
        """An answer in its place, a retry queued, or (with errors_in_place) the error in its place."""
        try:
            outcome = outcome_of()
        except LegistarError as error:
            if not errors_in_place:
                raise
            outcome = error
        if isinstance(outcome, _Retry):
            retries.append((index, outcome))
        else:
            results[index] = outcome

    def _get_list(self, path: str, params: dict[str, Any] | None = None, *, id_field: str) -> Iterator[dict]:
        """Every row of a list endpoint, paging until a short page; rows are de-duplicated by id."""
        seen: set[Any] = set()
        skip = 0
        while True:
            page = self._get(path, {**(params or {}), "$top": PAGE_SIZE, "$skip": skip})
            if not isinstance(page, list):
                raise LegistarBadResponse(f"{self._url(path)}: expected a list, got {type(page).__name__}")
            for row in page:
                if not isinstance(row, dict):
                    raise LegistarBadResponse(f"{self._url(path)}: a row is not an object")
                key = row.get(id_field)
                if key is not None and key in seen:
                    continue
                seen.add(key)
                yield row
            if len(page) < PAGE_SIZE:
                return
            skip += PAGE_SIZE

    # --- endpoints ------------------------------------------------------------------------------


def _wait(multi: pycurl.CurlMulti) -> None:
    """Until one of the transfers' sockets is ready or libcurl's next deadline (at most 1 s). With no
    socket to wait on yet (a connection being set up), a millisecond: CurlMulti.select would sleep the
    whole timeout then."""
    wait_ms = multi.timeout()  # -1: libcurl has no deadline of its own
    if wait_ms == 0:
        return
    seconds = min(wait_ms / 1000, 1.0) if wait_ms > 0 else 1.0
    reads, writes, errors = multi.fdset()
    if reads or writes or errors:
        select.select(reads, writes, errors, seconds)
    else:
        time.sleep(min(seconds, 0.001))


class _Retry(NamedTuple):
    """An answer that says "try again later": what went wrong, and how long the API asked us to wait."""

    problem: str
    cause: Exception
    retry_after: float


def _header(raw: bytes, name: bytes) -> str | None:
    """The last response's value of a header (libcurl hands over every response's header lines)."""
    value = None
    for line in raw.split(b"\r\n"):
        key, _, rest = line.partition(b":")
        if key.strip().lower() == name:
            value = rest.strip().decode("latin-1")
    return value


def _retry_after_seconds(value: str | None) -> float:
    try:
        return min(float(value), 60.0) if value else 0.0
    except ValueError:
        return 0.0
