"""Legistar Web API client: paging past the 1,000-row cap, retries with backoff, and the API's traps.

Traps handled here (see shared/design/LEGISTAR-NOTES.md):
- replies are capped at 1,000 rows: page with $top/$skip until a short page, de-duplicating by id;
- `GET /eventitems/{id}/votes` answers HTTP 500 when the item had no roll call: that is "no votes",
  not an outage, so it is neither retried nor fatal (other 500s are retried);
- timestamps named ...Utc carry no zone and a varying number of decimals.

pycurl (libcurl) here: a first load makes one request per agenda item, and a request costs about
0.09 ms of this process's CPU against 0.29 ms with urllib3 and 0.47 ms with httpx (measured against
the replay); libcurl also releases the GIL for the whole exchange, so the fetch threads overlap.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pycurl
from django.conf import settings

PAGE_SIZE = 1000
RETRY_STATUSES = {429, 500, 502, 503, 504}


class LegistarError(Exception):
    """The API could not give a usable answer."""


class LegistarUnavailable(LegistarError):
    """Transient: timeouts, 429 and 5xx after the bounded retries. Worth retrying later."""


class LegistarBadResponse(LegistarError):
    """Permanent for this request: malformed JSON, an unexpected shape, a 4xx."""


class LegistarClient:
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
        self._options = {"api_root": api_root, "timeout": timeout, "max_attempts": max_attempts,
                         "backoff_seconds": backoff_seconds, "min_interval_seconds": min_interval_seconds}
        self.client_name = client_name
        self.api_root = (api_root or settings.LEGISTAR_API_ROOT).rstrip("/")
        self.max_attempts = max_attempts or settings.LEGISTAR_MAX_ATTEMPTS
        self.backoff_seconds = settings.LEGISTAR_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
        self.min_interval = settings.LEGISTAR_MIN_INTERVAL_SECONDS if min_interval_seconds is None else (
            min_interval_seconds)
        self._last_request = 0.0
        self._pace = threading.Lock()  # the polite interval holds across threads
        self.requests_made = 0
        self.timeout = timeout or settings.LEGISTAR_TIMEOUT_SECONDS
        self._headers = [f"User-Agent: {settings.LEGISTAR_USER_AGENT}", "Accept: application/json"]
        self._local = threading.local()  # a libcurl handle (and its kept-alive connection) per thread
        self._handles: list[pycurl.Curl] = []
        self._handles_lock = threading.Lock()

    def copy(self) -> LegistarClient:
        """A new client with the same settings and its own connections (for another process)."""
        return LegistarClient(self.client_name, **self._options)

    def close(self) -> None:
        with self._handles_lock:
            for handle in self._handles:
                handle.close()
            self._handles.clear()
        self._local = threading.local()

    def _handle(self) -> pycurl.Curl:
        handle = getattr(self._local, "handle", None)
        if handle is None:
            handle = pycurl.Curl()
            handle.setopt(pycurl.HTTPHEADER, self._headers)
            handle.setopt(pycurl.NOSIGNAL, 1)  # timeouts without signals: safe in threads
            handle.setopt(pycurl.TIMEOUT_MS, int(self.timeout * 1000))
            handle.setopt(pycurl.FOLLOWLOCATION, 0)
            self._local.handle = handle
            with self._handles_lock:
                self._handles.append(handle)
        return handle

    def __enter__(self) -> LegistarClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transport ------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return f"{self.api_root}/{self.client_name}/{path.lstrip('/')}"

    def _get(self, path: str, params: dict[str, Any] | None = None, *, no_votes_500: bool = False) -> Any:
        url = self._url(path)
        for attempt in range(1, self.max_attempts + 1):
            with self._pace:
                wait = self._last_request + self.min_interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                self._last_request = time.monotonic()
                self.requests_made += 1
            body, headers, handle = io.BytesIO(), io.BytesIO(), self._handle()
            handle.setopt(pycurl.URL, f"{url}?{urlencode(params)}" if params else url)
            handle.setopt(pycurl.WRITEFUNCTION, body.write)
            handle.setopt(pycurl.HEADERFUNCTION, headers.write)
            try:
                handle.perform()
            except pycurl.error as error:
                code = error.args[0] if error.args else None
                problem = (f"timeout after {self.timeout}s" if code == pycurl.E_OPERATION_TIMEDOUT
                           else f"connection error: {error}")
                cause: Exception = error
                status = 0
            else:
                status = handle.getinfo(pycurl.RESPONSE_CODE)
                if status == 500 and no_votes_500:
                    return []
                if status in RETRY_STATUSES:
                    problem, cause = f"HTTP {status}", LegistarUnavailable(url)
                elif status >= 400:
                    raise LegistarBadResponse(f"{url}: HTTP {status}")
                else:
                    try:
                        return json.loads(body.getvalue())
                    except (json.JSONDecodeError, UnicodeDecodeError) as error:
                        raise LegistarBadResponse(f"{url}: malformed JSON ({error})") from error
            if attempt < self.max_attempts:
                retry_after = _retry_after_seconds(_header(headers.getvalue(), b"retry-after")) if status else 0.0
                time.sleep(max(retry_after, self.backoff_seconds * 2 ** (attempt - 1)))
        raise LegistarUnavailable(f"{url}: {problem} (gave up after {self.max_attempts} attempts)") from cause

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

    def persons(self) -> Iterator[dict]:
        return self._get_list("persons", id_field="PersonId")

    def office_records(self, person_id: int) -> Iterator[dict]:
        return self._get_list(f"persons/{int(person_id)}/officerecords", id_field="OfficeRecordId")

    def events(self, *, since: dt.datetime | None = None) -> Iterator[dict]:
        """Oldest first, so a resumed run continues where it stopped. With `since`, only events whose
        date, last change, agenda or minutes publication is on or after it (minutes get published
        without EventLastModifiedUtc changing)."""
        params: dict[str, Any] = {"$orderby": "EventDate asc,EventId asc"}
        if since is not None:
            stamp = since.strftime("%Y-%m-%dT%H:%M:%S")
            params["$filter"] = " or ".join(
                f"{name} ge datetime'{stamp}'" for name in
                ("EventDate", "EventLastModifiedUtc", "EventAgendaLastPublishedUTC", "EventMinutesLastPublishedUTC")
            )
        return self._get_list("events", params, id_field="EventId")

    def event_items(self, event_id: int) -> list[dict]:
        rows = self._get(f"events/{int(event_id)}/eventitems", {"AgendaNote": 1, "MinutesNote": 1, "Attachments": 1})
        if not isinstance(rows, list):
            raise LegistarBadResponse(f"event {event_id} items: expected a list")
        return rows

    def event_item_votes(self, event_item_id: int) -> list[dict]:
        """Roll call of one item; [] when the API answers 500 for "this item had no roll call"."""
        rows = self._get(f"eventitems/{int(event_item_id)}/votes", no_votes_500=True)
        if not isinstance(rows, list):
            raise LegistarBadResponse(f"event item {event_item_id} votes: expected a list")
        return rows


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


def parse_legistar_datetime(value: Any) -> dt.datetime | None:
    """'2026-05-15T16:45:09.653' (UTC, no zone, 0-7 decimals) -> aware UTC; None if absent or bad."""
    if not isinstance(value, str) or not value:
        return None
    text = value.rstrip("Z")
    if "." in text:
        head, fraction = text.split(".", 1)
        text = f"{head}.{fraction[:6].ljust(6, '0')}"
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def parse_legistar_date(value: Any) -> dt.date | None:
    """EventDate is local midnight written as '2026-06-03T00:00:00'."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_legistar_time(value: Any) -> dt.time | None:
    """EventTime: '2:00 PM' (a separate local time string)."""
    if not isinstance(value, str):
        return None
    for fmt in ("%I:%M %p", "%I:%M%p", "%H:%M"):
        try:
            return dt.datetime.strptime(value.strip().upper(), fmt).time()  # noqa: DTZ007 - a local wall time
        except ValueError:
            continue
    return None
