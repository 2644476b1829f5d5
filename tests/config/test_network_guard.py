"""The suite cannot reach beyond loopback: Python sockets (pytest-socket) and libcurl's (tests/conftest.py)."""

import socket

import pycurl
import pytest
from pytest_socket import SocketConnectBlockedError

from tests import conftest

UNROUTABLE = "10.255.255.1"  # a private address nothing in the tests may reach


def test_a_python_socket_beyond_loopback_is_refused():
    with socket.socket() as sock, pytest.raises(SocketConnectBlockedError):
        sock.connect((UNROUTABLE, 80))


def test_a_libcurl_connection_beyond_loopback_is_refused_and_recorded():
    handle = pycurl.Curl()
    handle.setopt(pycurl.URL, f"http://{UNROUTABLE}/")
    handle.setopt(pycurl.CONNECTTIMEOUT_MS, 500)
    with pytest.raises(pycurl.error):
        handle.perform()
    assert conftest._curl_refused == [UNROUTABLE]
    conftest._curl_refused.clear()  # recorded: the guard would fail this test at teardown otherwise


def test_loopback_stays_reachable(live_server):
    with socket.create_connection(("127.0.0.1", int(live_server.url.rsplit(":", 1)[1])), timeout=2):
        pass


def test_a_name_lookup_beyond_loopback_is_refused_and_recorded():
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("citysecretary2.dallascityhall.com", 80)
    assert conftest._curl_refused == ["citysecretary2.dallascityhall.com"]
    conftest._curl_refused.clear()
