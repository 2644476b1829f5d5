"""A forked worker opens its own database session, however the parent left its connections."""

import multiprocessing
import socket

import pytest
from django.db import connection

from cities.forks import forget_inherited_connections

pytestmark = pytest.mark.django_db(transaction=True)


def _client_address() -> tuple[str, int]:
    """This process's end of its database connection (the same socket, when shared with the parent)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    fd = connection.connection.pgconn.socket
    with socket.socket(fileno=socket.dup(fd)) as sock:
        return sock.getsockname()


def test_a_forked_worker_opens_its_own_connection_and_leaves_the_parents_open():
    parent = _client_address()  # left open, as a context the parent cannot close would leave it
    with multiprocessing.get_context("fork").Pool(1, initializer=forget_inherited_connections) as pool:
        worker = pool.apply(_client_address)
    assert worker != parent
    assert _client_address() == parent  # the parent's session still answers, on the same connection
