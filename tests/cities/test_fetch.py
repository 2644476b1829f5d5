"""The checked fetch: a loopback server stands in for an internal host, and is refused unless named."""

import time

import pytest

from cities.fetch import FetchFailed, FetchRefused, fetch_bytes
from tests.inside_host import PDF


def _get(url: str, **limits: float) -> bytes:
    return fetch_bytes(
        url, max_bytes=int(limits.get("max_bytes", 1_000_000)), deadline_seconds=limits.get("deadline", 5)
    )[0]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_a_loopback_host_is_refused_and_never_asked(inside, host, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchRefused, match="not a public address"):
        _get(f"http://{host}:{inside}/secret")


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/", "http://192.168.1.1/", "http://[fd00::1]/",
     "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://224.0.0.1/"],
)  # fmt: skip
def test_private_link_local_metadata_and_reserved_addresses_are_refused(url):
    with pytest.raises(FetchRefused):
        _get(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/",
                                 "http://user:pw@example.org/", "http://93.184.215.14:22/"])  # fmt: skip
def test_other_schemes_credentials_and_odd_ports_are_refused(url):
    with pytest.raises(FetchRefused):
        _get(url)


def test_a_named_host_is_fetched_but_its_redirect_inside_is_refused(inside, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    assert _get(f"http://localhost:{inside}/minutes.pdf") == PDF
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1 is not a public address"):
        _get(f"http://localhost:{inside}/redirect-inside")


def test_redirects_are_bounded(inside, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    with pytest.raises(FetchRefused, match="redirects"):
        _get(f"http://localhost:{inside}/redirect-loop")


def test_a_gzip_bomb_stops_at_the_cap_on_decoded_bytes(inside, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    with pytest.raises(FetchRefused, match="larger than"):
        _get(f"http://localhost:{inside}/bomb", max_bytes=5_000_000)


def test_the_whole_fetch_has_one_deadline(inside, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="no answer within"):
        _get(f"http://localhost:{inside}/slow", deadline=1)
    assert time.monotonic() - started < 3
