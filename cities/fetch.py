"""Fetching from outside (minutes files, 311 feeds): the one way the product downloads a URL it was given.

The URLs come from sources and staff, so each is treated as hostile:
- http(s) only, no credentials in the URL, default or common ports only;
- the host is resolved and every address must be public (no loopback, private, link-local, multicast,
  reserved or unspecified, IPv4-mapped included); the connection goes to the address that was checked (no
  second lookup a DNS rebinding could answer differently), with TLS still verified against the host name;
- redirects are followed by hand, each hop checked the same way, at most `MAX_REDIRECTS`;
- one deadline for the whole fetch, and a cap on the decoded bytes while they stream (a gzip bomb stops at
  the cap);
- `FETCH_ALLOWED_HOSTS` names hosts exempt from the address check (the tests' loopback servers, a private
  deployment's own file server).

`FetchRefused` is permanent (the URL or its answer is not acceptable); `FetchFailed` is worth retrying later.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from django.conf import settings

MAX_REDIRECTS = 5
ALLOWED_PORTS = {None, 80, 443, 8080, 8443}
READ_TIMEOUT_SECONDS = 30.0  # per connect or read; the whole fetch has its own deadline


class FetchError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FetchRefused(FetchError):
    """Permanent: the URL, its address or its answer is not acceptable."""


class FetchFailed(FetchError):
    """Transient: the server is unreachable, slow or answered 5xx."""


@dataclass(frozen=True)
class Target:
    url: str  # with the checked address in place of the host
    host: str
    address: str


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def _addresses(host: str, port: int) -> list[str]:
    """The host's addresses: an address written as such is not looked up."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"the host {host} could not be resolved") from error
    return [str(info[4][0]) for info in infos]


def target_of(url: str) -> Target:
    """The URL checked and pinned to one resolved address; FetchRefused when it may not be fetched."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("only http and https addresses can be fetched")
    if parts.username or parts.password:
        raise FetchRefused("addresses with credentials are not fetched")
    try:
        port = parts.port
    except ValueError as error:
        raise FetchRefused("the address has an invalid port") from error
    host = parts.hostname.lower()
    allowed = host in {h.lower() for h in settings.FETCH_ALLOWED_HOSTS}
    addresses = _addresses(host, port or (443 if parts.scheme == "https" else 80))
    if not allowed and not all(_public(a) for a in addresses):
        raise FetchRefused(f"{host} is not a public address")
    if port not in ALLOWED_PORTS and not allowed:
        raise FetchRefused(f"port {port} is not fetched")
    address = addresses[0]
    netloc = f"[{address}]" if ":" in address else address
    if port:
        netloc = f"{netloc}:{port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(pinned, host if port is None else f"{host}:{port}", address)


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    content_type: str
    chunks: Iterator[bytes]  # decoded bytes, capped and under the deadline


@contextmanager
def fetch(url: str, *, max_bytes: int, deadline_seconds: float) -> Iterator[Fetched]:
    """GET `url` (checked, redirects followed by hand) and stream its decoded body; FetchRefused past
    `max_bytes`, FetchFailed past `deadline_seconds` in all."""
    deadline = time.monotonic() + deadline_seconds

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchFailed(f"no answer within {deadline_seconds:g} s")
        return left

    headers = {"User-Agent": settings.LEGISTAR_USER_AGENT}
    with httpx.Client(follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            target = target_of(url)
            request = client.build_request(
                "GET",
                target.url,
                headers={**headers, "Host": target.host},
                timeout=httpx.Timeout(min(remaining(), READ_TIMEOUT_SECONDS)),
                extensions={"sni_hostname": target.host.split(":")[0]},
            )
            try:
                response = client.send(request, stream=True)
            except httpx.HTTPError as error:
                raise FetchFailed(
                    f"{urlsplit(url).hostname} could not be reached ({error.__class__.__name__})"
                ) from error
            try:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchRefused("a redirect without a location")
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 500 or response.status_code == 429:
                    raise FetchFailed(f"the server answered HTTP {response.status_code}")
                if response.status_code != 200:
                    raise FetchRefused(f"the server answered HTTP {response.status_code}")
                if int(response.headers.get("Content-Length") or 0) > max_bytes:
                    raise FetchRefused(f"larger than the {max_bytes // 1_000_000} MB limit")
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                yield Fetched(url, content_type, _capped(response, max_bytes, remaining))
                return
            finally:
                response.close()
        raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")


def _capped(response: httpx.Response, max_bytes: int, remaining: Callable[[], float]) -> Iterator[bytes]:
    size = 0
    try:
        for chunk in response.iter_bytes():  # as it arrives: the deadline is checked between pieces
            remaining()
            size += len(chunk)
            if size > max_bytes:
                raise FetchRefused(f"larger than the {max_bytes // 1_000_000} MB limit")
            yield chunk
    except httpx.HTTPError as error:
        raise FetchFailed(f"the download broke off ({error.__class__.__name__})") from error


def fetch_bytes(url: str, *, max_bytes: int, deadline_seconds: float) -> tuple[bytes, str]:
    """The whole (capped) body and its content type."""
    with fetch(url, max_bytes=max_bytes, deadline_seconds=deadline_seconds) as fetched:
        return b"".join(fetched.chunks), fetched.content_type
