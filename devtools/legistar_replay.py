"""A local stand-in for the Legistar Web API that serves recorded (or generated) responses.

Used by the tests, the demo loader and the ingestion benchmark, so that the real client and
sync code run over HTTP against real recorded records. It mimics the API's paths, its
`$top`/`$skip` paging with the 1,000-row cap, and its HTTP 500 for "this item had no roll
call"; faults (5xx, slow answers, malformed JSON) can be queued per path.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from socketserver import StreamRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

NO_VOTES_500 = object()  # answer like Legistar does for an item without a roll call
NET_ERROR_BODY = b'{"Message":"An error has occurred."}'
API_CAP = 1000
REASONS = {status.value: status.phrase.encode() for status in HTTPStatus}

Route = Any  # list | dict | Prepared | NO_VOTES_500 | Callable[[dict], Any]


@dataclass(frozen=True)
class Prepared:
    """A list answer serialized ahead of time (a replay of a big generated history spends its CPU on
    json.dumps otherwise, on the cores the sync it serves is measured on). Served as is when the whole
    list fits the requested page, paged like any list otherwise."""

    body: bytes
    rows: int

    @classmethod
    def of(cls, rows: list) -> Prepared:
        return cls(json.dumps(rows).encode(), len(rows))


class LegistarReplay:
    """`routes` maps "client/path" (no leading slash, lower case) to a response."""

    def __init__(
        self,
        routes: dict[str, Route] | None = None,
        *,
        default: Route = None,
        resolver: Callable[[str, dict], Route] | None = None,
    ) -> None:
        self.routes: dict[str, Route] = {k.lower(): v for k, v in (routes or {}).items()}
        self.default = default
        self.resolver = resolver  # computes answers for paths not in `routes` (generated data)
        self.faults: dict[str, deque[str]] = defaultdict(deque)
        self.requests: list[str] = []
        self.connections = 0  # accepted so far: a client that keeps its connections alive opens few
        self._count_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- control --------------------------------------------------------------------------------

    def add_fault(self, path: str, *faults: str) -> None:
        """Queue faults for a path: "500", "503", "429", "slow" (2 s), "badjson"."""
        self.faults[path.lower()].extend(faults)

    @property
    def root(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self, port: int = 0) -> LegistarReplay:
        replay = self

        class Handler(StreamRequestHandler):
            """HTTP/1.1 with keep-alive, GET only: what the API's clients send. Parsed by hand: the
            standard library's handler (email-module headers, Date/Server lines, several writes) cost
            more than the sync that it serves in the ingestion benchmark."""

            disable_nagle_algorithm = True  # headers and body go out at once, no delayed-ACK stall
            wbufsize = 64 * 1024

            def handle(self) -> None:
                with replay._count_lock:
                    replay.connections += 1
                while True:
                    request_line = self.rfile.readline(65537)
                    if not request_line:
                        return
                    keep_alive = True
                    while (line := self.rfile.readline(65537)) not in (b"\r\n", b"\n", b""):
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"connection" and value.strip().lower() == b"close":
                            keep_alive = False
                    method, target, version = [*request_line.decode("latin-1").split(), "", "", ""][:3]
                    if method != "GET" or not version.startswith("HTTP/1."):
                        self._write(405, b'{"Message":"The requested resource does not support this method."}')
                        return
                    self.path = target
                    replay._answer(self)
                    self.wfile.flush()
                    if not keep_alive or version == "HTTP/1.0":
                        return

            def _write(self, status: int, body: bytes) -> None:
                self.wfile.write(
                    b"HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (status, REASONS.get(status, b"Unknown"), len(body), body)
                )

        self._server = _Server(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LegistarReplay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- serving --------------------------------------------------------------------------------

    def _answer(self, handler: Any) -> None:
        parts = urlsplit(handler.path)
        path = parts.path.strip("/").lower()
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.requests.append(handler.path)
        fault = self.faults[path].popleft() if self.faults.get(path) else None
        if fault in ("500", "502", "503", "429"):
            return self._send(handler, int(fault), NET_ERROR_BODY)
        if fault == "slow":
            time.sleep(2)
        if fault == "badjson":
            return self._send(handler, 200, b'[{"EventId": 1,, }')
        route = self.routes.get(path, self.default)
        if path not in self.routes and self.resolver is not None:
            route = self.resolver(path, query)
        if route is None and path.endswith(("/votes", "/rollcalls")) and "/eventitems/" in path:
            route = NO_VOTES_500  # what Legistar answers for an item with no roll call
        if callable(route) and route is not NO_VOTES_500:
            route = route(query)
        if route is NO_VOTES_500:
            return self._send(handler, 500, NET_ERROR_BODY)
        if route is None:
            return self._send(handler, 404, b'{"Message":"No HTTP resource was found."}')
        if isinstance(route, Prepared | list):
            return self._send(handler, 200, self._page(route, query))
        return self._send(handler, 200, json.dumps(route).encode())

    @staticmethod
    def _page(route: Prepared | list, query: dict[str, str]) -> bytes:
        """A list answer as the API gives it: filtered by `$filter`, then one page of `$top` from `$skip`."""
        skip = int(query.get("$skip", 0) or 0)
        top = min(int(query.get("$top", API_CAP) or API_CAP), API_CAP)
        if isinstance(route, Prepared) and skip == 0 and route.rows <= top and not query.get("$filter"):
            return route.body
        rows: list[Any] = json.loads(route.body) if isinstance(route, Prepared) else route
        if query.get("$filter"):
            rows = odata_rows(rows, query["$filter"])
        return json.dumps(rows[skip : skip + top]).encode()

    @staticmethod
    def _send(handler: Any, status: int, body: bytes) -> None:
        handler._write(status, body)


ODATA_TERM = re.compile(r"^\s*(\w+) (eq|ge) (?:datetime'([^']*)'|(-?\d+))\s*$")


def odata_rows(rows: list[Any], clause: str) -> list[Any]:
    """The rows a `$filter` of the kinds the client sends selects: `Field eq 12`, `Field ge datetime'...'`,
    joined by `or`. A null matches no term, as in the API; a recorded row without the field at all (the
    recording left it out) is served as matching a date term, since what the API would say is unknown."""
    terms = [ODATA_TERM.match(term) for term in clause.split(" or ")]
    if not all(terms):
        raise ValueError(f"replay cannot read $filter {clause!r}")

    def matches(row: Any) -> bool:
        for term in terms:
            assert term is not None
            name, op, stamp, number = term.groups()
            if not isinstance(row, dict):
                continue
            if name not in row and op == "ge":
                return True
            value = row.get(name)
            if value is None:
                continue
            if op == "eq" and number is not None and value == int(number):
                return True
            if op == "ge" and stamp is not None and str(value)[:19] >= stamp[:19]:
                return True
        return False

    return [row for row in rows if matches(row)]


class _Server(ThreadingHTTPServer):
    # The listen() backlog is taken from the class when the server is made: set on the instance
    # afterwards it was still 5, and a client opening more connections at once (the sync fetches a
    # meeting's roll calls together) had SYNs dropped and resent a second later.
    request_queue_size = 128
